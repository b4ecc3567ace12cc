import assert from "node:assert/strict";
import { connect, textOf } from "../../../tests/helpers/mcp.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import type { CallToolResult } from "../../mcp_sdk.ts";
import { waitForTask } from "../../vsphere/objects/tasks.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

function ok<T>(result: CallToolResult): T {
  assert.equal(result.isError, undefined, textOf(result));
  return result.structuredContent as T;
}

type Orphans = {
  datastores: number;
  scanned: number;
  count: number;
  disks: { path: string; datastore: string }[];
};

Deno.test("vm_orphaned_disks finds a .vmdk no VM uses and none of the VMs' own disks", async () => {
  await using env = await simEnv(["vm_advanced"]);
  const { mcp, direct } = env;
  const before = ok<Orphans>(await mcp.call("vm_orphaned_disks", {}));
  assert.equal(before.count, 0, JSON.stringify(before.disks));
  assert.ok(before.scanned >= 4, "every VM's disk was seen and recognized as used");

  // Create a disk that belongs to no VM, with the simulator's VirtualDiskManager.
  const content = await direct.serviceContent();
  const dc = await direct.call("FindByInventoryPath", content.searchIndex as MoRef, {
    inventoryPath: "DC0",
  }) as MoRef;
  await direct.call("MakeDirectory", content.fileManager as MoRef, {
    name: "[LocalDS_0] leftovers",
    datacenter: dc,
    createParentDirectories: true,
  });
  const task = await direct.call("CreateVirtualDisk_Task", content.virtualDiskManager as MoRef, {
    name: "[LocalDS_0] leftovers/old-data.vmdk",
    datacenter: dc,
    spec: {
      _type: "FileBackedVirtualDiskSpec",
      diskType: "thin",
      adapterType: "lsiLogic",
      capacityKb: 1024,
    },
  }) as MoRef;
  assert.equal((await waitForTask(direct, task, { pollMs: 20 })).state, "success");

  const after = ok<Orphans>(await mcp.call("vm_orphaned_disks", { datastore: "LocalDS_0" }));
  assert.equal(after.datastores, 1);
  assert.deepEqual(after.disks.map((d) => d.path), ["[LocalDS_0] leftovers/old-data.vmdk"]);
});

Deno.test("encryption_info and scheduled_task_list read the simulator's (empty) key providers, encrypted VMs and tasks", async () => {
  await using sim = await startVcsim();
  await using mcp = await connect({ target: sim.target(), toolsets: ["vm_advanced"] });
  const providers = ok<{ count: number; crypto_manager: string | null }>(
    await mcp.call("encryption_info", { what: "key_providers" }),
  );
  assert.equal(providers.count, 0);
  assert.equal(providers.crypto_manager, "CryptoManagerKmip:CryptoManager");
  const vms = ok<{ count: number; vms: unknown[] }>(
    await mcp.call("encryption_info", { what: "encrypted_vms" }),
  );
  assert.deepEqual(vms.vms, []);
  const tasks = ok<{ count: number }>(await mcp.call("scheduled_task_list", { vm: "DC0_H0_VM0" }));
  assert.equal(tasks.count, 0);
  const unknown = await mcp.call("scheduled_task_list", { vm: "no-such-vm" });
  assert.equal(unknown.isError, true);
});
