import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { bodyOfEnvelope, methodOfBody, validateRequests } from "../../../tests/helpers/wsdl.ts";
import { waitForTask } from "../../vsphere/objects/tasks.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { obj, objects, previewThenConfirm, props, recordEnvelopes } from "../vm/testing.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

Deno.test("snapshot_create with vms snapshots several VMs after one confirmation, memory only where running", async () => {
  await using env = await simEnv(["default"]);
  const { mcp, direct } = env;
  const sent = recordEnvelopes(mcp.app.vsphere());
  const search = (await direct.serviceContent()).searchIndex as MoRef;
  const find = async (name: string) =>
    await direct.call("FindByInventoryPath", search, { inventoryPath: `DC0/vm/${name}` }) as MoRef;
  const on = await find("DC0_H0_VM0");
  const off = await find("DC0_H0_VM1");
  await waitForTask(direct, await direct.call("PowerOffVM_Task", off, {}) as MoRef, { pollMs: 20 });
  const names = async (vm: MoRef) =>
    objects(obj((await props(direct, "VirtualMachine", vm.value, ["snapshot"])).snapshot)?.rootSnapshotList)
      .map((s) => s.name);

  const args = { vms: [on.value, off.value, on.value], name: "before-patch", memory: true };
  const done = await previewThenConfirm(mcp, "snapshot_create", args, async (preview) => {
    assert.equal(preview.preview?.tier, "medium");
    assert.deepEqual(
      preview.preview?.targets.map((t) => t.ref.value),
      [on.value, off.value],
      "deduplicated",
    );
    assert.deepEqual(await names(on), [], "the preview changed nothing");
  });
  assert.deepEqual(await names(on), ["before-patch"]);
  assert.deepEqual(await names(off), ["before-patch"]);
  const result = done.result as unknown as { vms: { task_state: string }[]; message: string };
  assert.deepEqual(result.vms.map((v) => v.task_state), ["success", "success"]);
  assert.match(result.message, /2 of 2 VMs/);

  const bodies = sent.map(bodyOfEnvelope).filter((b) => methodOfBody(b) === "CreateSnapshot_Task");
  assert.equal(bodies.length, 2);
  assert.match(bodies[0]!, /<memory>true<\/memory>/, "the running VM's memory is captured");
  assert.match(bodies[1]!, /<memory>false<\/memory>/, "a powered-off VM has no memory to capture");
  assert.deepEqual(await validateRequests(bodies.map((xml, i) => ({ name: `snap ${i}`, xml }))), []);

  const both = await mcp.call("snapshot_create", { vm: on.value, vms: [off.value], name: "x" });
  assert.equal(both.isError, true, textOf(both));
});
