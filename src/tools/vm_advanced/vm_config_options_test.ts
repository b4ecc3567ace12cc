import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import type { CallToolResult } from "../../mcp_sdk.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { objects } from "../vm/common.ts";
import { recordEnvelopes } from "../vm/testing.ts";
import { bodyOfEnvelope, methodOfBody, validateRequests } from "../../../tests/helpers/wsdl.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

type Options = {
  source: string;
  count: number;
  items: Record<string, unknown>[];
  details?: Record<string, unknown>;
};

function ok(result: CallToolResult): Options {
  assert.equal(result.isError, undefined, textOf(result));
  return result.structuredContent as unknown as Options;
}

Deno.test("vm_config_options lists guest OS types, hardware versions and config targets as vCenter reports them", async () => {
  await using env = await simEnv(["vm_advanced"]);
  const { mcp, direct } = env;
  const sent = recordEnvelopes(mcp.app.vsphere());
  const cluster = "DC0_C0";
  const clusterRef = await mcp.call("vm_config_options", { action: "hardware_versions", cluster });
  const versions = ok(clusterRef);
  // Read the same answer directly from the cluster's environment browser.
  const search = (await direct.serviceContent()).searchIndex as MoRef;
  const cref = await direct.call("FindByInventoryPath", search, {
    inventoryPath: "DC0/host/DC0_C0",
  }) as MoRef;
  const browser = (await retrieveOne(direct, cref, ["environmentBrowser"])).environmentBrowser as MoRef;
  const descriptors = objects(await direct.call("QueryConfigOptionDescriptor", browser, {}));
  assert.equal(versions.count, descriptors.length);
  assert.deepEqual(versions.items.map((i) => i.key), descriptors.map((d) => d.key));

  const guests = ok(
    await mcp.call("vm_config_options", { action: "guest_os_types", vm: "DC0_C0_RP0_VM0" }),
  );
  const option = await direct.call("QueryConfigOptionEx", browser, {
    spec: { _type: "EnvironmentBrowserConfigOptionQuerySpec" },
  }) as VimObject;
  assert.equal(guests.count, objects(option.guestOSDescriptor).length);
  assert.ok(guests.count > 0, "vCenter lists guest OS types");
  const filtered = ok(
    await mcp.call("vm_config_options", {
      action: "guest_os_types",
      host: "DC0_C0_H0",
      filter: "*ubuntu*",
    }),
  );
  assert.ok(filtered.count > 0 && filtered.count < guests.count, `${filtered.count} of ${guests.count}`);
  assert.ok(filtered.items.every((g) => /ubuntu/i.test(`${g.id} ${g.full_name}`)));

  const target = ok(await mcp.call("vm_config_options", { action: "config_target", cluster }));
  const raw = await direct.call("QueryConfigTarget", browser, {}) as VimObject;
  assert.equal(target.items.filter((i) => i.kind === "datastore").length, objects(raw.datastore).length);
  assert.ok(target.items.some((i) => i.kind === "network"), JSON.stringify(target.items));

  const both = await mcp.call("vm_config_options", { action: "config_target", cluster, host: "DC0_C0_H0" });
  assert.equal(both.isError, true);
  assert.match(textOf(both), /exactly one of vm, cluster or host/);

  const bodies = sent.map(bodyOfEnvelope).filter((b) => methodOfBody(b).startsWith("QueryConfig"));
  assert.deepEqual(
    new Set(bodies.map(methodOfBody)),
    new Set(["QueryConfigOptionDescriptor", "QueryConfigOptionEx", "QueryConfigTarget"]),
  );
  assert.deepEqual(await validateRequests(bodies.map((xml, i) => ({ name: `${i}`, xml }))), []);
});
