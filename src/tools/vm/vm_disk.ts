import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { vmInput, waitInput } from "../shared/inputs.ts";
import {
  changeOutput,
  deviceKey,
  deviceLabel,
  deviceSummary,
  DISK,
  editDevice,
  findDevice,
  freeUnit,
  GB_IN_KB,
  num,
  NVME,
  obj,
  readDevices,
  resolveOptional,
  resolveVm,
  SATA,
  SCSI,
  str,
  taskResult,
} from "./common.ts";
import { wire } from "./wire.ts";

const ACTIONS = ["add", "remove", "extend"] as const;
const PROVISIONING = ["thin", "thick_lazy", "thick_eager"] as const;

export const vmDisk = defineTool({
  name: "vm_disk",
  toolset: "vm",
  input: (t) => ({
    vm: vmInput(t),
    action: z.enum(ACTIONS).describe(t("param.disk_action")),
    disk: z.string().max(200).optional().describe(t("param.disk")),
    size_gb: z.number().positive().max(65_536).optional().describe(t("param.size_gb")),
    provisioning: z.enum(PROVISIONING).default("thin").describe(t("param.provisioning")),
    datastore: z.string().max(300).optional().describe(t("param.disk_datastore")),
    file: z.string().max(1000).optional().describe(t("param.disk_file")),
    controller: z.string().max(200).optional().describe(t("param.controller")),
    wait_seconds: waitInput(t),
  }),
  output: {
    ...changeOutput,
    disk: z.object({ key: z.number(), label: z.string(), type: z.string() }).optional(),
    capacity_gb: z.number().optional(),
    file: z.string().optional(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // A resource change (medium). `remove` only detaches: the .vmdk stays on the datastore (its path is in
  // the result), because deleting files is critical in the seed's tiers and belongs to the datastore tools.
  tier: "medium",
  privileges: [
    "VirtualMachine.Config.AddNewDisk",
    "VirtualMachine.Config.RemoveDisk",
    "VirtualMachine.Config.DiskExtend",
  ],
  aliases: ["add_disk", "remove_disk", "expand_disk", "extend_disk"],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm);
    const devices = await readDevices(ctx, vm.ref);
    const base = { vm: vm.display, moref: vm.ref.value };

    if (args.action === "add") {
      if (args.size_gb === undefined && !args.file) {
        throw new ToolInputError(
          "errors.param_required",
          { param: "size_gb or file", action: "add" },
          "hints.input",
        );
      }
      const isController = (d: VimObject) => SCSI(d) || NVME(d) || SATA(d);
      const existing = args.controller
        ? findDevice(devices, isController, "disk controller", args.controller)
        : devices.filter(isController).find((c) => freeUnit(devices, c) !== undefined);
      const changes: VimObject[] = [];
      let controllerKey: number;
      let controllerLabel: string;
      let unit: number | undefined;
      if (existing) {
        controllerKey = deviceKey(existing);
        controllerLabel = deviceLabel(existing);
        unit = freeUnit(devices, existing);
      } else {
        // Every controller is full (or there is none): add a paravirtual SCSI controller on a free bus.
        const buses = new Set(devices.filter(SCSI).map((d) => num(d.busNumber)));
        const bus = [0, 1, 2, 3].find((b) => !buses.has(b));
        if (bus !== undefined) {
          controllerKey = -101;
          controllerLabel = `new SCSI controller ${bus}`;
          unit = 0;
          changes.push(wire("VirtualDeviceConfigSpec", {
            operation: "add",
            device: wire("ParaVirtualSCSIController", {
              key: controllerKey,
              busNumber: bus,
              sharedBus: "noSharing",
            }),
          }));
        } else {
          controllerKey = 0;
          controllerLabel = "";
        }
      }
      if (unit === undefined) {
        throw new ToolInputError(
          "errors.no_free_controller",
          { name: vm.display },
          "hints.no_free_controller",
        );
      }
      const datastore = await resolveOptional(ctx, "Datastore", args.datastore);
      const capacityKB = args.size_gb !== undefined ? Math.round(args.size_gb * GB_IN_KB) : 0;
      const disk = wire("VirtualDisk", {
        key: -100,
        backing: wire("VirtualDiskFlatVer2BackingInfo", {
          fileName: args.file ?? (datastore ? `[${datastore.name}]` : ""),
          datastore: datastore?.ref,
          diskMode: "persistent",
          thinProvisioned: args.file ? undefined : args.provisioning === "thin",
          eagerlyScrub: args.file ? undefined : args.provisioning === "thick_eager",
        }),
        controllerKey,
        unitNumber: unit,
        capacityInKB: capacityKB,
        capacityInBytes: args.file ? undefined : capacityKB * 1024,
      });
      changes.push(wire("VirtualDeviceConfigSpec", {
        operation: "add",
        fileOperation: args.file ? undefined : "create",
        device: disk,
      }));
      const spec = wire("VirtualMachineConfigSpec", { deviceChange: changes });
      return await ctx.mutate({
        targets: [{ ref: vm.ref, name: vm.display, state: { disks: devices.filter(DISK).length } }],
        summary: ctx.t("vm_disk.summary_add", {
          name: vm.display,
          size: args.size_gb ?? "?",
          file: args.file ?? "",
          controller: controllerLabel,
          unit,
        }),
        method: "ReconfigVM_Task",
        args: { spec },
      }, async () => {
        const outcome = await taskResult(ctx, "ReconfigVM_Task", vm.ref, { spec }, args.wait_seconds, {
          ...base,
          message: ctx.t("vm_disk.done_add", { name: vm.display }),
        });
        const before = new Set(devices.map(deviceKey));
        const added = (await readDevices(ctx, vm.ref)).find((d) => DISK(d) && !before.has(deviceKey(d)));
        return {
          ...outcome,
          ...(added ? { disk: deviceSummary(added), ...diskFacts(added) } : {}),
        };
      });
    }

    const disk = findDevice(devices, DISK, "disk", args.disk);
    const facts = diskFacts(disk);
    if (args.action === "remove") {
      const change = wire("VirtualDeviceConfigSpec", { operation: "remove", device: disk });
      const spec = wire("VirtualMachineConfigSpec", { deviceChange: [change] });
      return await ctx.mutate({
        targets: [{ ref: vm.ref, name: vm.display, state: { disk: deviceSummary(disk), ...facts } }],
        summary: ctx.t("vm_disk.summary_remove", {
          name: vm.display,
          disk: deviceLabel(disk),
          file: facts.file ?? "",
        }),
        method: "ReconfigVM_Task",
        args: { spec },
      }, async () => ({
        ...(await taskResult(ctx, "ReconfigVM_Task", vm.ref, { spec }, args.wait_seconds, {
          ...base,
          message: ctx.t("vm_disk.done_remove", {
            name: vm.display,
            disk: deviceLabel(disk),
            file: facts.file ?? "",
          }),
        })),
        disk: deviceSummary(disk),
        ...facts,
      }));
    }

    if (args.size_gb === undefined) {
      throw new ToolInputError(
        "errors.param_required",
        { param: "size_gb", action: "extend" },
        "hints.input",
      );
    }
    const wantedKB = Math.round(args.size_gb * GB_IN_KB);
    const currentKB = num(disk.capacityInKB) ?? 0;
    if (wantedKB === currentKB) {
      return {
        ...base,
        message: ctx.t("vm_disk.already_size", {
          name: vm.display,
          disk: deviceLabel(disk),
          size: args.size_gb,
        }),
        disk: deviceSummary(disk),
        ...facts,
      };
    }
    if (wantedKB < currentKB) {
      throw new ToolInputError("errors.disk_shrink", {
        disk: deviceLabel(disk),
        current: facts.capacity_gb,
        wanted: args.size_gb,
      }, "hints.disk_shrink");
    }
    // Extending an attached disk is a device edit of its capacity (ExtendVirtualDisk is for detached disks).
    const edited: VimObject = { ...disk, capacityInKB: wantedKB };
    if (disk.capacityInBytes !== undefined) edited.capacityInBytes = wantedKB * 1024;
    const spec = wire("VirtualMachineConfigSpec", { deviceChange: [editDevice(edited)] });
    return await ctx.mutate({
      targets: [{ ref: vm.ref, name: vm.display, state: { disk: deviceSummary(disk), ...facts } }],
      summary: ctx.t("vm_disk.summary_extend", {
        name: vm.display,
        disk: deviceLabel(disk),
        from: facts.capacity_gb,
        to: args.size_gb,
      }),
      method: "ReconfigVM_Task",
      args: { spec },
    }, async () => {
      const outcome = await taskResult(ctx, "ReconfigVM_Task", vm.ref, { spec }, args.wait_seconds, {
        ...base,
        message: ctx.t("vm_disk.done_extend", {
          name: vm.display,
          disk: deviceLabel(disk),
          size: args.size_gb,
        }),
      });
      const after = (await readDevices(ctx, vm.ref)).find((d) => deviceKey(d) === deviceKey(disk));
      return { ...outcome, disk: deviceSummary(after ?? disk), ...diskFacts(after ?? disk) };
    });
  },
});

function diskFacts(disk: VimObject): { capacity_gb: number; file?: string } {
  const kb = num(disk.capacityInKB) ?? (num(disk.capacityInBytes) ?? 0) / 1024;
  const file = str(obj(disk.backing)?.fileName);
  return { capacity_gb: Math.round((kb / GB_IN_KB) * 1000) / 1000, ...(file ? { file } : {}) };
}
