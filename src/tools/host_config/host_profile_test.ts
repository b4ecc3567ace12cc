import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { preview, structured } from "../../../tests/helpers/confirm.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { refs, serviceManager } from "../shared/vim_values.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

Deno.test("host_profile_list reads the simulator's (empty) profile list; host_profile previews a create", async () => {
  await using env = await simEnv(["host_config"]);
  const { mcp, direct } = env;
  const manager = await serviceManager(direct, "hostProfileManager");
  const real = refs((await retrieveOne(direct, manager, ["profile"])).profile);
  const listed = structured(await mcp.call("host_profile_list", {})) as unknown as { profiles: unknown[] };
  assert.deepEqual(listed.profiles.length, real.length);

  const args = { action: "create", name: "gold", host: "DC0_H0", description: "Gold build" };
  const first = await preview(mcp, "host_profile", args);
  assert.equal(first.preview?.tier, "high");
  assert.equal(first.preview?.method, "HostProfileManager.CreateProfile");
  assert.match(first.preview?.summary ?? "", /gold from the configuration of DC0_H0/);
  const done = await mcp.call("host_profile", {
    ...args,
    confirm: true,
    confirmation_handle: first.confirmation_handle,
  });
  assert.equal(done.isError, true, "vcsim lacks CreateProfile");
  assert.equal(refs((await retrieveOne(direct, manager, ["profile"])).profile).length, real.length);

  const unknown = await mcp.call("host_profile", { action: "delete", profile: "nope" });
  assert.match(textOf(unknown), /no host profile "nope"/);
  const remediate = await mcp.call("host_profile", { action: "remediate", profile: "x" });
  assert.match(textOf(remediate), /needs host/);
  const check = await mcp.call("host_profile_list", { action: "check_compliance" });
  assert.match(textOf(check), /needs profile \/ entities/);
});
