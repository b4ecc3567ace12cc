import assert from "node:assert/strict";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { VSphereClient } from "../client.ts";
import { retrieveView } from "./property_collector.ts";
import { waitForTask } from "./tasks.ts";
import { PropertyWatch } from "./updates.ts";
import type { MoRef, VimObject } from "../soap/types.ts";
import { retrieveOne } from "./retrieve.ts";

Deno.test("PropertyWatch sees a power change made by a second client through WaitForUpdatesEx", async () => {
  await using sim = await startVcsim();
  const watcher = new VSphereClient(sim.target());
  const actor = new VSphereClient(sim.target());
  try {
    let vm: MoRef | undefined;
    for await (const o of retrieveView(watcher, { type: "VirtualMachine", paths: ["name"] })) vm ??= o.ref;
    await using watch = await PropertyWatch.create(watcher, {
      type: "VirtualMachine",
      paths: ["runtime.powerState"],
      objects: [vm!],
    });
    const initial = await watch.next({ maxWaitSeconds: 5 });
    assert.equal(initial?.updates[0]?.kind, "enter");
    assert.deepEqual(initial?.updates[0]?.changes, [{
      name: "runtime.powerState",
      op: "assign",
      val: "poweredOn",
    }]);

    const quiet = await watch.next({ maxWaitSeconds: 1 });
    assert.equal(quiet, undefined, "nothing changed: the wait ends empty after maxWaitSeconds");

    const next = watch.next({ maxWaitSeconds: 10 });
    const task = await actor.call("PowerOffVM_Task", vm!) as MoRef;
    await waitForTask(actor, task);
    const batch = await next;
    const change = batch?.updates.find((u) => u.ref.value === vm!.value);
    assert.equal(change?.kind, "modify");
    assert.deepEqual(change?.changes, [{ name: "runtime.powerState", op: "assign", val: "poweredOff" }]);
  } finally {
    await watcher.close();
    await actor.close();
  }
});

Deno.test("PropertyWatch over a container reports every VM, then a renamed one", async () => {
  await using sim = await startVcsim();
  const watcher = new VSphereClient(sim.target());
  const actor = new VSphereClient(sim.target());
  try {
    const content = await watcher.serviceContent();
    await using watch = await PropertyWatch.create(watcher, {
      type: "VirtualMachine",
      paths: ["name"],
      container: content.rootFolder,
    });
    const initial = await watch.next({ maxWaitSeconds: 5 });
    assert.equal(initial?.updates.length, sim.vms);
    const vm = initial!.updates[0]!.ref;
    const next = watch.next({ maxWaitSeconds: 10 });
    await waitForTask(actor, await actor.call("Rename_Task", vm, { newName: "watched-renamed" }) as MoRef);
    const batch = await next;
    assert.deepEqual(batch?.updates.find((u) => u.ref.value === vm.value)?.changes, [
      { name: "name", op: "assign", val: "watched-renamed" },
    ]);
  } finally {
    await watcher.close();
    await actor.close();
  }
});

Deno.test("PropertyWatch survives a session renewal: it rebuilds its collector and resends the full state", async () => {
  await using sim = await startVcsim();
  const watcher = new VSphereClient(sim.target());
  const admin = new VSphereClient(sim.target());
  try {
    let vm: MoRef | undefined;
    for await (const o of retrieveView(watcher, { type: "VirtualMachine", paths: ["name"] })) vm ??= o.ref;
    await using watch = await PropertyWatch.create(watcher, {
      type: "VirtualMachine",
      paths: ["runtime.powerState"],
      objects: [vm!],
    });
    assert.equal((await watch.next({ maxWaitSeconds: 5 }))?.updates[0]?.kind, "enter");
    const content = await watcher.serviceContent();
    const session = (await retrieveOne(watcher, content.sessionManager, ["currentSession"])).currentSession;
    await admin.call("TerminateSession", content.sessionManager, {
      sessionId: [String((session as VimObject).key)],
    });
    const again = await watch.next({ maxWaitSeconds: 5 });
    assert.equal(again?.updates[0]?.kind, "enter", "a new collector starts from the full state");
    assert.equal(watcher.stats.logins, 2);
  } finally {
    await watcher.close();
    await admin.close();
  }
});
