import assert from "node:assert/strict";
import { connect } from "../../../tests/helpers/mcp.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import type { CallToolResult } from "../../mcp_sdk.ts";
import { VSphereClient } from "../client.ts";
import { callCount } from "../soap/stats.ts";
import type { MoRef } from "../soap/types.ts";
import { CACHE_SETTINGS, cachedInventory } from "./inventory_cache.ts";
import { retrieveView } from "./property_collector.ts";
import { waitForTask } from "./tasks.ts";

interface Page {
  vms: { name: string; moref: string; power_state: string }[];
  total: number;
}
const pageOf = (result: CallToolResult) => result.structuredContent as unknown as Page;

Deno.test("vm_list answers from the WaitForUpdatesEx cache and sees another client's change within 1 s", async () => {
  await using sim = await startVcsim({ model: { cluster: 1, "cluster-host": 1, host: 0, vm: 20 } });
  await using mcp = await connect({ target: sim.target() });
  const other = new VSphereClient(sim.target());
  const minObjects = CACHE_SETTINGS.minObjects;
  CACHE_SETTINGS.minObjects = 0; // this small inventory counts as large
  try {
    await mcp.call("vm_list", { limit: 1 }); // a direct read sees the size; the cache starts next
    const first = pageOf(await mcp.call("vm_list", { limit: 100 }));
    assert.equal(first.total, sim.vms);
    const vm = first.vms[3]!;
    assert.equal(vm.power_state, "poweredOn");

    // Another client powers the VM off, renames another and destroys a third.
    await waitForTask(
      other,
      await other.call("PowerOffVM_Task", { type: "VirtualMachine", value: vm.moref }) as MoRef,
    );
    const renamed = first.vms[5]!;
    await waitForTask(
      other,
      await other.call("Rename_Task", { type: "VirtualMachine", value: renamed.moref }, {
        newName: "zz-renamed",
      }) as MoRef,
    );
    const doomed = first.vms[7]!;
    await waitForTask(
      other,
      await other.call("PowerOffVM_Task", { type: "VirtualMachine", value: doomed.moref }) as MoRef,
    );
    await waitForTask(
      other,
      await other.call("Destroy_Task", { type: "VirtualMachine", value: doomed.moref }) as MoRef,
    );

    const stats = mcp.app.vsphere().stats;
    const before = {
      rpe: callCount(stats, "RetrievePropertiesEx"),
      wait: callCount(stats, "WaitForUpdatesEx"),
    };
    const second = pageOf(await mcp.call("vm_list", { limit: 100 }));
    assert.equal(second.vms.find((v) => v.moref === vm.moref)?.power_state, "poweredOff");
    assert.equal(second.vms.find((v) => v.moref === renamed.moref)?.name, "zz-renamed");
    assert.equal(second.vms.at(-1)?.moref, renamed.moref, "sorted by the new name");
    assert(!second.vms.some((v) => v.moref === doomed.moref), "the destroyed VM left the cache");
    assert.equal(second.total, sim.vms - 1);
    // Only the changes travelled: one WaitForUpdatesEx, and a RetrievePropertiesEx for host names only.
    assert.equal(callCount(stats, "WaitForUpdatesEx") - before.wait, 1);
    assert.equal(callCount(stats, "RetrievePropertiesEx") - before.rpe, 1);

    // And the change is visible in well under a second after it was made (the read syncs first).
    const t0 = Date.now();
    await waitForTask(
      other,
      await other.call("PowerOnVM_Task", { type: "VirtualMachine", value: vm.moref }) as MoRef,
    );
    const third = pageOf(await mcp.call("vm_list", { name: vm.name }));
    assert.equal(third.vms[0]?.power_state, "poweredOn");
    assert(Date.now() - t0 < 1000, `seen after ${Date.now() - t0} ms`);
  } finally {
    CACHE_SETTINGS.minObjects = minObjects;
    await other.close();
  }
});

Deno.test("cachedInventory starts over in a new session and matches a direct read", async () => {
  await using sim = await startVcsim({ model: { cluster: 1, "cluster-host": 1, host: 0, vm: 12 } });
  const client = new VSphereClient(sim.target());
  try {
    const paths = ["name", "runtime.powerState"];
    const a = await cachedInventory(client, "VirtualMachine", paths);
    assert.equal(a.length, sim.vms);
    // The session ends under the cache: its collector is gone with it.
    const content = await client.serviceContent();
    await client.call("Logout", content.sessionManager);
    client.sessionExpired();
    // ...and a VM is destroyed meanwhile: the rebuilt cache must not keep it.
    const other = new VSphereClient(sim.target());
    const doomed = a[0]!.ref;
    await waitForTask(other, await other.call("PowerOffVM_Task", doomed) as MoRef);
    await waitForTask(other, await other.call("Destroy_Task", doomed) as MoRef);
    await other.close();
    const b = await cachedInventory(client, "VirtualMachine", paths);
    const direct = new Map<string, unknown>();
    for await (const o of retrieveView(client, { type: "VirtualMachine", paths })) {
      direct.set(o.ref.value, o.props);
    }
    assert.equal(b.length, sim.vms - 1);
    assert.equal(b.length, direct.size);
    for (const o of b) assert.deepEqual(o.props, direct.get(o.ref.value));
    // Concurrent readers share syncs and all get the full inventory.
    const many = await Promise.all(
      Array.from({ length: 8 }, () => cachedInventory(client, "VirtualMachine", paths)),
    );
    for (const list of many) assert.equal(list.length, sim.vms - 1);
  } finally {
    await client.close();
  }
});
