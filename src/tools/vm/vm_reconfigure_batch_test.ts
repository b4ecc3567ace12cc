import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { envelope, num, previewThenConfirm, props } from "./testing.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

Deno.test("vm_reconfigure with vms changes several VMs after one confirmation and skips those already set", async () => {
  await using env = await simEnv(["default"]);
  const { mcp, direct } = env;
  const names = ["DC0_H0_VM0", "DC0_H0_VM1", "DC0_C0_RP0_VM0"];
  // One VM already has the target memory: it is listed but not reconfigured.
  await previewThenConfirm(mcp, "vm_reconfigure", { vm: names[2], memory_mb: 64 });
  const args = { vms: names, memory_mb: 64, cpus: 2, change_tracking: true };
  let ids: string[] = [];
  const done = await previewThenConfirm(mcp, "vm_reconfigure", args, async (preview) => {
    assert.equal(preview.preview?.method, "ReconfigVM_Task");
    assert.equal(preview.preview?.tier, "medium");
    ids = preview.preview!.targets.map((t) => t.ref.value);
    assert.equal(ids.length, 3, "every VM differs in cpus");
    const before = await props(direct, "VirtualMachine", ids[0]!, ["config.hardware.numCPU"]);
    assert.equal(num(before["config.hardware.numCPU"]), 1, "the preview changed nothing");
  });
  for (const id of ids) {
    const p = await props(direct, "VirtualMachine", id, [
      "config.hardware.numCPU",
      "config.hardware.memoryMB",
      "config.changeTrackingEnabled",
    ]);
    assert.equal(num(p["config.hardware.numCPU"]), 2, id);
    assert.equal(num(p["config.hardware.memoryMB"]), 64, id);
    assert.equal(p["config.changeTrackingEnabled"], true, id);
  }
  const result = done.result as unknown as {
    vms: { changed: string[]; task_state?: string }[];
    message: string;
  };
  assert.deepEqual(result.vms.map((v) => v.task_state), ["success", "success", "success"]);
  assert.deepEqual(result.vms[2]?.changed, ["cpus", "change_tracking"], "only what differed");
  assert.match(result.message, /3 of 3 VMs/);

  const again = envelope(await mcp.call("vm_reconfigure", args));
  assert.equal(again.status, "unchanged");
  const renamed = await mcp.call("vm_reconfigure", { vms: names, name: "same" });
  assert.equal(renamed.isError, true);
  assert.match(textOf(renamed), /cannot be given to several VMs/);
  const neither = await mcp.call("vm_reconfigure", { cpus: 2 });
  assert.equal(neither.isError, true);
});
