/**
 * Maintenance of a VM's virtual disk files through the VirtualDiskManager (shrink, defragment, inflate a
 * thin disk, zero-fill, eager-zero) and promoting a linked clone's disks (PromoteDisks_Task).
 */
import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { MoRef, VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput, waitInput } from "../shared/inputs.ts";
import { datacenterOf, serviceManager } from "../shared/vim_values.ts";
import { deviceLabel, DISK, findDevice, obj, readDevices, resolveVm, str } from "../vm/common.ts";
import { operationOutput, vmOperation, vmRuntime } from "./common.ts";

const ACTIONS = ["shrink", "defragment", "inflate", "zero_fill", "eager_zero", "promote"] as const;
type Action = typeof ACTIONS[number];

const METHOD: Record<Exclude<Action, "promote">, string> = {
  shrink: "ShrinkVirtualDisk_Task",
  defragment: "DefragmentVirtualDisk_Task",
  inflate: "InflateVirtualDisk_Task",
  zero_fill: "ZeroFillVirtualDisk_Task",
  eager_zero: "EagerZeroVirtualDisk_Task",
};

/** The request of one action (also used by the WSDL contract test). */
export function diskRequest(
  action: Action,
  o: { file: string; datacenter?: MoRef | undefined; disk?: VimObject; unlink?: boolean; copy?: boolean },
): { method: string; args: Record<string, VimValue | undefined>; onVm: boolean } {
  if (action === "promote") {
    return {
      method: "PromoteDisks_Task",
      args: { unlink: o.unlink ?? true, ...(o.disk ? { disks: [o.disk] } : {}) },
      onVm: true,
    };
  }
  return {
    method: METHOD[action],
    args: {
      name: o.file,
      ...(o.datacenter ? { datacenter: o.datacenter } : {}),
      ...(action === "shrink" && o.copy !== undefined ? { copy: o.copy } : {}),
    },
    onVm: false,
  };
}

export const vmDiskMaintenance = defineTool({
  name: "vm_disk_maintenance",
  toolset: "vm_advanced",
  input: (t) => ({
    vm: vmInput(t),
    action: z.enum(ACTIONS).describe(t("param.vm_disk_maintenance_action")),
    disk: z.string().min(1).max(200).optional().describe(t("param.vm_disk_maintenance_disk")),
    unlink: z.boolean().default(true).describe(t("param.vm_disk_maintenance_unlink")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: { ...operationOutput, disk: z.string().optional() },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Rewrites disk files in place (shrink, zero-fill overwrite free blocks; inflate takes datastore space).
  tier: "high",
  privileges: [
    "VirtualMachine.Config.DiskExtend",
    "Datastore.FileManagement",
    "VirtualMachine.Provisioning.PromoteDisks",
  ],
  aliases: [
    "shrink_vm_disk",
    "defragment_vm_disk",
    "inflate_vm_disk",
    "zero_fill_vm_disk",
    "promote_vm_disks",
  ],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm, args.datacenter);
    const power = str((await vmRuntime(ctx, vm.ref)).powerState) ?? "";
    const devices = await readDevices(ctx, vm.ref);
    const disk = args.action === "promote" && args.disk === undefined
      ? undefined
      : findDevice(devices, DISK, "disk", args.disk);
    const file = str(obj(disk?.backing)?.fileName) ?? "";
    const label = disk ? sanitizeText(deviceLabel(disk)) : ctx.t("vm_disk_maintenance.all_disks");
    const params = {
      name: vm.display,
      disk: label,
      file: sanitizeText(file),
      action: args.action,
      state: power,
    };
    // The disk manager works on closed files; a linked clone's disks are promoted while it is off.
    if (power !== "poweredOff") {
      throw new ToolInputError("vm_disk_maintenance.needs_off", params, "hints.input");
    }
    const request = diskRequest(args.action, {
      file,
      datacenter: args.action === "promote" ? undefined : await datacenterOf(ctx.vsphere, vm.ref),
      ...(disk && args.action === "promote" ? { disk } : {}),
      unlink: args.unlink,
    });
    const manager = request.onVm ? vm.ref : await serviceManager(ctx.vsphere, "virtualDiskManager");
    const { result: _ignored, ...out } = await vmOperation(ctx, vm, {
      method: request.method,
      thisRef: manager,
      args: request.args,
      summary: ctx.t(`vm_disk_maintenance.summary_${args.action}` as const, params),
      done: ctx.t("vm_disk_maintenance.done", params),
      state: { powerState: power, disk: label, file: params.file },
      waitSeconds: args.wait_seconds,
    });
    return { ...out, disk: label };
  },
});
