/**
 * Changed Block Tracking: the disk areas that changed since a change id (QueryChangedDiskAreas), as a
 * backup tool asks for them. Needs CBT enabled (vm_reconfigure change_tracking) and usually a snapshot.
 */
import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { MoRef, VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput } from "../shared/inputs.ts";
import {
  bool,
  deviceKey,
  deviceLabel,
  DISK,
  findDevice,
  num,
  obj,
  objects,
  readVm,
  resolveVm,
  str,
} from "../vm/common.ts";

/** The QueryChangedDiskAreas request (also used by the WSDL contract test). */
export function changedAreasRequest(
  o: { snapshot?: MoRef | undefined; deviceKey: number; startOffset: number; changeId: string },
): Record<string, VimValue | undefined> {
  return {
    ...(o.snapshot ? { snapshot: o.snapshot } : {}),
    deviceKey: o.deviceKey,
    startOffset: o.startOffset,
    changeId: o.changeId,
  };
}

export const vmChangedBlocks = defineTool({
  name: "vm_changed_blocks",
  toolset: "vm_advanced",
  input: (t) => ({
    vm: vmInput(t),
    disk: z.string().min(1).max(200).optional().describe(t("param.vm_changed_blocks_disk")),
    snapshot: z.string().min(1).max(300).optional().describe(t("param.vm_changed_blocks_snapshot")),
    change_id: z.string().min(1).max(200).default("*").describe(t("param.vm_changed_blocks_change_id")),
    start_offset: z.number().int().min(0).default(0).describe(t("param.vm_changed_blocks_start_offset")),
    datacenter: datacenterInput(t),
  }),
  output: {
    vm: z.string(),
    moref: z.string(),
    disk: z.string(),
    change_id: z.string(),
    start_offset: z.number(),
    length: z.number(),
    changed_bytes: z.number(),
    areas: z.array(z.object({ start: z.number(), length: z.number() })),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["VirtualMachine.Provisioning.DiskRandomRead"],
  aliases: ["query_vm_changed_disk_areas"],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm, args.datacenter);
    const props = await readVm(ctx, vm.ref, [
      "config.changeTrackingEnabled",
      "config.hardware.device",
      "snapshot",
    ]);
    if (bool(props["config.changeTrackingEnabled"]) !== true) {
      throw new ToolInputError("vm_changed_blocks.cbt_off", { name: vm.display }, "hints.input");
    }
    const disk = findDevice(objects(props["config.hardware.device"]), DISK, "disk", args.disk);
    const snapshot = args.snapshot ? findSnapshot(obj(props.snapshot), args.snapshot) : undefined;
    if (args.snapshot && !snapshot) {
      throw new ToolInputError("errors.not_found_by_name", {
        type: "VirtualMachineSnapshot",
        name: args.snapshot,
      }, "hints.input");
    }
    const info = obj(
      await ctx.vsphere.call(
        "QueryChangedDiskAreas",
        vm.ref,
        changedAreasRequest({
          snapshot,
          deviceKey: deviceKey(disk),
          startOffset: args.start_offset,
          changeId: args.change_id,
        }),
        { signal: ctx.signal, operationId: ctx.eventId },
      ),
    ) ?? {};
    const areas = objects(info.changedArea).map((a) => ({
      start: num(a.start) ?? 0,
      length: num(a.length) ?? 0,
    }));
    return {
      vm: vm.display,
      moref: vm.ref.value,
      disk: sanitizeText(deviceLabel(disk)),
      change_id: sanitizeText(args.change_id),
      start_offset: num(info.startOffset) ?? args.start_offset,
      length: num(info.length) ?? 0,
      changed_bytes: areas.reduce((sum, a) => sum + a.length, 0),
      areas,
    };
  },
});

/** A snapshot in the VM's tree by id (snapshot-7) or name. */
function findSnapshot(info: VimObject | undefined, wanted: string): MoRef | undefined {
  const walk = (nodes: VimValue | undefined): MoRef | undefined => {
    for (const node of objects(nodes)) {
      const ref = node.snapshot as MoRef | undefined;
      if (ref?.value === wanted || str(node.name) === wanted) return ref;
      const found = walk(node.childSnapshotList);
      if (found) return found;
    }
    return undefined;
  };
  return walk(info?.rootSnapshotList);
}
