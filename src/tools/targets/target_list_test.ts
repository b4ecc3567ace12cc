import assert from "node:assert/strict";
import { connect } from "../../../tests/helpers/mcp.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";

Deno.test("target_list shows every configured target without credentials; vsphereFor() reaches each", async () => {
  await using sim = await startVcsim();
  const lab = sim.target({ password: "lab-password-1234" });
  await using mcp = await connect({ target: sim.target(), targets: { lab } });
  const result = await mcp.call("target_list");
  assert.equal(result.isError, undefined);
  const { targets } = result.structuredContent as {
    targets: { name: string; default: boolean; host: string }[];
  };
  assert.deepEqual(targets.map((t) => [t.name, t.default, t.host]).sort(), [
    ["default", true, sim.host],
    ["lab", false, sim.host],
  ]);
  assert.ok(!JSON.stringify(result).includes("lab-password-1234"));
  assert.ok(!JSON.stringify(result).includes(`"pass"`), "no password field at all");

  const labClient = mcp.app.vsphereFor("lab");
  assert.notEqual(labClient, mcp.app.vsphere(), "one client (and session) per target");
  const root = (await labClient.serviceContent()).rootFolder;
  assert.equal((await retrieveOne(labClient, root, ["name"])).name, "Datacenters");
  assert.equal(labClient.stats.logins, 1, "the lab target logged in with its own credentials");
  assert.throws(() => mcp.app.vsphereFor("nope"), ToolInputError);
});
