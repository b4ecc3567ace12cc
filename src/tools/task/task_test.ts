import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { checkEnvelope, recordingClient, requestsFor } from "../../../tests/helpers/wsdl_contract.ts";
import { VSphereError } from "../../vsphere/errors.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { readTask } from "../../vsphere/objects/tasks.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { CANCEL_METHOD } from "./task_cancel.ts";
import type { TaskSummary } from "./task_info.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

type Tasks = { tasks: TaskSummary[]; total: number; missing?: string[] };

Deno.test("task_list shows vCenter's recent tasks with their real outcome, filtered and waited on", async () => {
  await using env = await simEnv(["default"]);
  const { mcp, direct } = env;
  let vm: MoRef | undefined;
  for await (const o of retrieveView(direct, { type: "VirtualMachine", paths: ["name"] })) vm ??= o.ref;
  const ok = await direct.call("PowerOffVM_Task", vm!) as MoRef;
  const failed = await direct.call("PowerOffVM_Task", vm!) as MoRef; // already off: InvalidPowerState
  const okInfo = await readTask(direct, ok);
  const failedInfo = await readTask(direct, failed);
  assert.equal(okInfo.state, "success");
  assert.equal(failedInfo.state, "error");

  const all = (await mcp.call("task_list", { limit: 1000 })).structuredContent as Tasks;
  const byId = new Map(all.tasks.map((t) => [t.task, t]));
  assert.equal(byId.get(ok.value)?.state, "success");
  assert.equal(byId.get(ok.value)?.entity, vm!.value);
  assert.equal(byId.get(failed.value)?.state, "error");
  assert.match(byId.get(failed.value)?.error ?? "", /InvalidPowerState|power/i);
  assert.ok(
    all.tasks.indexOf(byId.get(failed.value)!) < all.tasks.indexOf(byId.get(ok.value)!),
    "newest first",
  );

  const errors = (await mcp.call("task_list", { state: "error" })).structuredContent as Tasks;
  assert.deepEqual(errors.tasks.map((t) => t.task), [failed.value]);
  const onVm = (await mcp.call("task_list", { entity: vm!.value })).structuredContent as Tasks;
  assert.ok(onVm.tasks.every((t) => t.entity === vm!.value));
  assert.ok([ok.value, failed.value].every((id) => onVm.tasks.some((t) => t.task === id)));

  const waited = await mcp.call("task_list", { tasks: [ok.value, "task-999999"], wait_seconds: 5 });
  assert.equal(waited.isError, undefined, textOf(waited));
  const w = waited.structuredContent as Tasks;
  assert.deepEqual(w.tasks.map((t) => [t.task, t.state]), [[ok.value, "success"]]);
  assert.deepEqual(w.missing, ["task-999999"]);
});

Deno.test("task_cancel leaves a finished task alone and says so; unknown tasks are named", async () => {
  await using env = await simEnv(["default"]);
  const { mcp, direct } = env;
  let vm: MoRef | undefined;
  for await (const o of retrieveView(direct, { type: "VirtualMachine", paths: ["name"] })) vm ??= o.ref;
  const task = await direct.call("PowerOffVM_Task", vm!) as MoRef;
  const result = await mcp.call("task_cancel", { task: task.value });
  assert.equal(result.isError, undefined, textOf(result));
  const data = result.structuredContent as {
    status: string;
    result: { message: string; task: TaskSummary };
  };
  assert.equal(data.status, "unchanged");
  assert.match(data.result.message, /already finished \(success\)/);
  assert.equal((await readTask(direct, task)).state, "success", "the task is untouched");

  const unknown = await mcp.call("task_cancel", { task: "task-987654" });
  assert.equal(unknown.isError, true);
  assert.match(textOf(unknown), /task-987654/);
  const alias = await mcp.call("cancel_task", { task: task.value });
  assert.equal((alias.structuredContent as { status: string }).status, "unchanged");
});

Deno.test("task_cancel's CancelTask request conforms to the vim25 WSDL (the simulator lacks the method)", async () => {
  await using sim = await startVcsim();
  const { client, requests } = recordingClient(sim.target());
  try {
    let vm: MoRef | undefined;
    for await (const o of retrieveView(client, { type: "VirtualMachine", paths: ["name"] })) vm ??= o.ref;
    const task = await client.call("PowerOffVM_Task", vm!) as MoRef;
    // The exact request the tool sends on a confirmed call; vcsim answers it with a fault.
    await assert.rejects(client.call(CANCEL_METHOD, task, {}), VSphereError);
    const [sent] = requestsFor(requests, CANCEL_METHOD);
    assert.ok(sent, "the CancelTask request was sent");
    assert.deepEqual(await checkEnvelope(sent), []);
    assert.match(sent, new RegExp(`<_this type="Task">${task.value}</_this></CancelTask>`));
    // The checker itself rejects a malformed request, so the empty list above means something.
    assert.notDeepEqual(await checkEnvelope(sent.replace("</_this>", "</_this><bogus>1</bogus>")), []);
  } finally {
    await client.close();
  }
});
