/**
 * Requests the vm and snapshot tools send to methods the simulator lacks (RebootGuest, StandbyGuest,
 * RenameSnapshot, ConsolidateVMDisks_Task), as data: method, `_this` and arguments, built by the same
 * code the tools use. A WSDL contract test validates each one against VMware's vim25 schema
 * (`contract_test.ts` here, with xmllint; the project-wide contract test can import `CONTRACT_CASES`).
 *
 * Not listed because the tools do not use them: ExtendVirtualDisk_Task (an attached disk grows through
 * ReconfigVM_Task, which vcsim implements) and MigrateVM_Task (RelocateVM_Task covers host, pool and
 * datastore moves).
 */
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { snapshotRequest } from "../snapshot/snapshot_manage.ts";
import { METHODS } from "./vm_power.ts";

export interface ContractCase {
  /** What the case shows, for test names. */
  name: string;
  method: string;
  this: MoRef;
  args: Record<string, VimValue | undefined>;
}

const VM: MoRef = { type: "VirtualMachine", value: "vm-42" };
const SNAPSHOT: MoRef = { type: "VirtualMachineSnapshot", value: "snapshot-7" };

function snapshotCase(name: string, request: ReturnType<typeof snapshotRequest>): ContractCase {
  return { name, method: request.method, this: request.on === "vm" ? VM : SNAPSHOT, args: request.args };
}

export const CONTRACT_CASES: readonly ContractCase[] = [
  { name: "vm_power reboot_guest", method: METHODS.reboot_guest.method, this: VM, args: {} },
  { name: "vm_power standby_guest", method: METHODS.standby_guest.method, this: VM, args: {} },
  snapshotCase(
    "snapshot_manage rename",
    snapshotRequest("rename", { newName: "golden", newDescription: "ok" }),
  ),
  snapshotCase("snapshot_manage rename (name only)", snapshotRequest("rename", { newName: "golden" })),
  snapshotCase("snapshot_manage consolidate", snapshotRequest("consolidate", {})),
  snapshotCase(
    "snapshot_manage revert (named)",
    snapshotRequest("revert", { snapshot: true, suppressPowerOn: true }),
  ),
  snapshotCase("snapshot_manage revert (current)", snapshotRequest("revert", {})),
  snapshotCase("snapshot_manage remove", snapshotRequest("remove", { removeChildren: true })),
  snapshotCase("snapshot_manage remove_all", snapshotRequest("remove_all", {})),
];
