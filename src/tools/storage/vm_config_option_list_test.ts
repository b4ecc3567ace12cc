import assert from "node:assert/strict";
import { connect } from "../../../tests/helpers/mcp.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { validateCases } from "../../../tests/helpers/wsdl_validate.ts";
import { configOptionRequest } from "./vm_config_option_list.ts";

Deno.test("vm_config_option_list reads hardware versions, guest OSes and the config target of a cluster and a host", async () => {
  const sim = await startVcsim({ model: { ds: 2 } });
  const mcp = await connect({ target: sim.target(), toolsets: ["storage"] });
  try {
    const versions = (await mcp.call("vm_config_option_list", { target: "DC0_C0", action: "versions" }))
      .structuredContent as { versions: { key: string; create_supported: boolean }[] };
    assert.ok(versions.versions.length >= 1);
    assert.match(versions.versions[0]!.key, /^vmx-\d+$/);

    const option = (await mcp.call("vm_config_option_list", {
      target: "DC0_C0",
      action: "option",
      guest_ids: ["winXPProGuest"],
    })).structuredContent as { option: { version: string; guests: { id: string; family: string }[] } };
    assert.deepEqual(option.option.guests.map((g) => [g.id, g.family]), [["winXPProGuest", "windowsGuest"]]);

    const target = (await mcp.call("vm_config_option_list", { target: "DC0_H0" })).structuredContent as {
      config_target: { datastores: { name: string; free_gb: number | null }[]; networks: { name: string }[] };
    };
    assert.deepEqual(target.config_target.datastores.map((d) => d.name).sort(), ["LocalDS_0", "LocalDS_1"]);
    assert.ok(target.config_target.networks.some((n) => n.name === "VM Network"));
  } finally {
    await mcp.close();
    await sim.stop();
  }
  const browser = { type: "EnvironmentBrowser", value: "envbrowser-7" };
  const results = await validateCases([
    {
      name: "option ex",
      method: "QueryConfigOptionEx",
      this: browser,
      args: configOptionRequest("vmx-19", ["rhel9_64Guest"]),
    },
    {
      name: "target",
      method: "QueryConfigTarget",
      this: browser,
      args: { host: { type: "HostSystem", value: "host-21" } },
    },
  ]);
  for (const [name, outcome] of results) assert.equal(outcome, "ok", `${name}: ${outcome}`);
});
