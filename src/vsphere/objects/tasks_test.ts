import assert from "node:assert/strict";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { VSphereClient } from "../client.ts";
import { VSphereError } from "../errors.ts";
import type { MoRef } from "../soap/types.ts";
import { retrieveView } from "./property_collector.ts";
import { retrieveOne } from "./retrieve.ts";
import { startTask, waitForTask } from "./tasks.ts";

async function firstVm(client: VSphereClient): Promise<MoRef> {
  for await (const vm of retrieveView(client, { type: "VirtualMachine", paths: ["name"] })) return vm.ref;
  throw new Error("no VM");
}

const powerState = async (client: VSphereClient, vm: MoRef) =>
  (await retrieveOne(client, vm, ["runtime.powerState"]))["runtime.powerState"];

Deno.test("startTask() waits for success and reports progress up to 100", async () => {
  await using sim = await startVcsim();
  const client = new VSphereClient(sim.target());
  try {
    const vm = await firstVm(client);
    const progress: number[] = [];
    const info = await startTask(client, "PowerOffVM_Task", vm, {}, {
      onProgress: (p) => void progress.push(p),
    });
    assert.equal(info.state, "success");
    assert.equal(info.ref.type, "Task");
    assert.equal(progress.at(-1), 100);
    assert.equal(await powerState(client, vm), "poweredOff");
  } finally {
    await client.close();
  }
});

Deno.test("waitForTask() throws the failed task's typed error", async () => {
  await using sim = await startVcsim();
  const client = new VSphereClient(sim.target());
  try {
    const vm = await firstVm(client);
    // Powering on a VM that is already on: the task fails with InvalidPowerState.
    const task = await client.call("PowerOnVM_Task", vm) as MoRef;
    await assert.rejects(waitForTask(client, task), (error: unknown) => {
      assert.ok(error instanceof VSphereError);
      assert.equal(error.kind, "InvalidState");
      assert.equal(error.faultType, "InvalidPowerState");
      return true;
    });
  } finally {
    await client.close();
  }
});

Deno.test("a cancel that comes too late reports the operation's real outcome, not 'cancelled'", async () => {
  // PowerOffVM_Task takes 1.5 s in this simulator; the caller gives up after 0.3 s.
  await using sim = await startVcsim({ model: { "method-delay": '{"PowerOffVM_Task":1500}' } });
  const client = new VSphereClient(sim.target());
  try {
    const vm = await firstVm(client);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const info = await startTask(client, "PowerOffVM_Task", vm, {}, { signal: controller.signal });
    assert.ok(Date.now() - started >= 1_400, "the starting call was not cut off");
    assert.equal(controller.signal.aborted, true);
    assert.equal(info.state, "success", "vCenter did power the VM off");
    assert.equal(info.cancelRequested, false, "a finished task is not cancelled");
    assert.equal(await powerState(client, vm), "poweredOff");
  } finally {
    await client.close();
  }
});

Deno.test("waitForTask() with an aborted signal and a finished task returns at once", async () => {
  await using sim = await startVcsim();
  const client = new VSphereClient(sim.target());
  try {
    const vm = await firstVm(client);
    const task = await client.call("PowerOffVM_Task", vm) as MoRef;
    const info = await waitForTask(client, task, { signal: AbortSignal.abort(), deadlineMs: 0 });
    assert.equal(info.state, "success");
    assert.equal(client.stats.byMethod.CancelTask, undefined, "no CancelTask for a finished task");
  } finally {
    await client.close();
  }
});
