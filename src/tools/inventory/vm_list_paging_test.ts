import assert from "node:assert/strict";
import type { CallToolResult } from "../../mcp_sdk.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { waitForTask } from "../../vsphere/objects/tasks.ts";
import { callCount } from "../../vsphere/soap/stats.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { connect, textOf } from "../../../tests/helpers/mcp.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { encodeCursor } from "../shared/paging.ts";

const pageOf = (result: CallToolResult) => result.structuredContent as unknown as Page;

interface Page {
  vms: { name: string; moref: string; power_state: string }[];
  total: number;
  next_cursor?: string;
}

Deno.test("vm_list pages from a snapshot of its ids: one page read per later page, fresh values, same order", async () => {
  await using sim = await startVcsim({ model: { cluster: 2, "cluster-host": 1, host: 0, vm: 60 } });
  await using mcp = await connect({ target: sim.target() });
  const direct = new VSphereClient(sim.target());
  try {
    const expected: string[] = [];
    for await (const vm of retrieveView(direct, { type: "VirtualMachine", paths: ["name"] })) {
      expected.push(String(vm.props.name));
    }
    const stats = mcp.app.vsphere().stats;
    const first = pageOf(await mcp.call("vm_list", { limit: 25 }));
    assert.equal(first.total, sim.vms);
    assert(first.next_cursor, "more pages follow");

    // A VM on the second page changes power state between pages: the page shows the new state.
    const target = first.next_cursor ? pageOf(await mcp.call("vm_list", { limit: 200 })) : first;
    const second = target.vms[30]!;
    const task = await direct.call("PowerOffVM_Task", {
      type: "VirtualMachine",
      value: second.moref,
    }) as MoRef;
    await waitForTask(direct, task);

    const seen = [...first.vms];
    let cursor: string | undefined = first.next_cursor;
    while (cursor) {
      const before = callCount(stats, "RetrievePropertiesEx") +
        callCount(stats, "ContinueRetrievePropertiesEx");
      const result = await mcp.call("vm_list", { limit: 25, cursor });
      assert(!result.isError, textOf(result));
      const data = pageOf(result);
      const reads = callCount(stats, "RetrievePropertiesEx") +
        callCount(stats, "ContinueRetrievePropertiesEx") -
        before;
      assert.equal(reads, 2, "host names + this page's VMs, not the whole inventory");
      assert.equal(data.total, sim.vms);
      seen.push(...data.vms);
      cursor = data.next_cursor;
    }
    assert.deepEqual(seen.map((v) => v.name), target.vms.map((v) => v.name), "the order of one full listing");
    assert.deepEqual([...seen.map((v) => v.name)].sort(), [...expected].sort());
    assert.equal(seen.find((v) => v.moref === second.moref)?.power_state, "poweredOff");

    // A VM of a later page is destroyed: the page is read from the inventory again, without an error.
    const again = pageOf(await mcp.call("vm_list", { limit: 25 }));
    const doomed = target.vms.find((v) =>
      v.moref !== second.moref && !again.vms.some((a) => a.moref === v.moref)
    )!;
    const off = await direct.call("PowerOffVM_Task", {
      type: "VirtualMachine",
      value: doomed.moref,
    }) as MoRef;
    await waitForTask(direct, off).catch(() => undefined);
    await waitForTask(
      direct,
      await direct.call("Destroy_Task", { type: "VirtualMachine", value: doomed.moref }) as MoRef,
    );
    const after = await mcp.call("vm_list", { limit: 25, cursor: again.next_cursor });
    assert(!after.isError, textOf(after));
    const data = pageOf(after);
    assert.equal(data.total, sim.vms - 1, "read afresh: the destroyed VM is gone from the count");
    assert(!data.vms.some((v) => v.moref === doomed.moref));
  } finally {
    await direct.close();
  }
});

Deno.test("vm_list ignores a snapshot made for other filters and reads the inventory", async () => {
  await using sim = await startVcsim({ model: { cluster: 1, "cluster-host": 1, host: 0, vm: 80 } });
  await using mcp = await connect({ target: sim.target() });
  const all = pageOf(await mcp.call("vm_list", { limit: 10 }));
  assert(all.next_cursor);
  // The same cursor with a name filter: the snapshot does not apply, the filter does.
  const filtered = pageOf(await mcp.call("vm_list", { limit: 10, name: "*VM1?", cursor: all.next_cursor }));
  assert(filtered.vms.every((v) => /VM1\d$/.test(v.name)), JSON.stringify(filtered.vms.map((v) => v.name)));
  // A forged snapshot id is no key to anything either.
  const forged = await mcp.call("vm_list", { limit: 10, cursor: encodeCursor(10, "not-a-snapshot") });
  assert(!forged.isError, textOf(forged));
  assert.equal(pageOf(forged).total, sim.vms);
});
