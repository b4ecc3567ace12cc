/**
 * Adds, removes or edits the virtual devices the vm toolset does not handle (disks, NICs and CD-ROMs live
 * in vm_disk / vm_nic / vm_cdrom): SCSI, NVMe, SATA and USB controllers, serial and parallel ports, floppy
 * drives, USB pass-through devices, the video card, a virtual TPM, and a disk's mode. One ReconfigVM_Task.
 */
import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput, waitInput } from "../shared/inputs.ts";
import {
  deviceKey,
  deviceLabel,
  DISK,
  editDevice,
  findDevice,
  num,
  NVME,
  obj,
  readDevices,
  readVm,
  resolveVm,
  SATA,
  SCSI,
  withDeviceField,
} from "../vm/common.ts";
import { describeDevice, deviceRecord, operationOutput, runMethod } from "./common.ts";

export const KINDS = [
  "scsi_controller",
  "nvme_controller",
  "sata_controller",
  "usb_controller",
  "serial_port",
  "parallel_port",
  "floppy",
  "usb_device",
  "video_card",
  "tpm",
  "disk",
] as const;
type Kind = typeof KINDS[number];
const ACTIONS = ["add", "remove", "edit"] as const;
type Action = typeof ACTIONS[number];

const SCSI_TYPE = {
  pvscsi: "ParaVirtualSCSIController",
  lsilogic: "VirtualLsiLogicController",
  lsilogic_sas: "VirtualLsiLogicSASController",
  buslogic: "VirtualBusLogicController",
} as const;

const USB_CONTROLLER = (d: VimObject) =>
  d._type === "VirtualUSBController" || d._type === "VirtualUSBXHCIController";

const MATCH: Record<Kind, (d: VimObject) => boolean> = {
  scsi_controller: SCSI,
  nvme_controller: NVME,
  sata_controller: SATA,
  usb_controller: USB_CONTROLLER,
  serial_port: (d) => d._type === "VirtualSerialPort",
  parallel_port: (d) => d._type === "VirtualParallelPort",
  floppy: (d) => d._type === "VirtualFloppy",
  usb_device: (d) => d._type === "VirtualUSB",
  video_card: (d) => d._type === "VirtualMachineVideoCard",
  tpm: (d) => d._type === "VirtualTPM",
  disk: DISK,
};

/** Which actions each kind allows (a VM has exactly one video card; a disk is added with vm_disk). */
const ALLOWED: Record<Kind, readonly Action[]> = {
  scsi_controller: ["add", "remove", "edit"],
  nvme_controller: ["add", "remove"],
  sata_controller: ["add", "remove"],
  usb_controller: ["add", "remove"],
  serial_port: ["add", "remove", "edit"],
  parallel_port: ["add", "remove", "edit"],
  floppy: ["add", "remove", "edit"],
  usb_device: ["add", "remove"],
  video_card: ["edit"],
  tpm: ["add", "remove"],
  disk: ["edit"],
};

const DATASTORE_PATH = /^\[[^\]]+\] ?.+$/;

export interface DeviceOptions {
  scsi_type?: keyof typeof SCSI_TYPE | undefined;
  sharing?: "noSharing" | "virtualSharing" | "physicalSharing" | undefined;
  usb_version?: "usb2" | "usb3" | undefined;
  backing?: "file" | "pipe" | "network" | "device" | "none" | undefined;
  file?: string | undefined;
  pipe_name?: string | undefined;
  pipe_endpoint?: "client" | "server" | undefined;
  uri?: string | undefined;
  direction?: "client" | "server" | undefined;
  host_device?: string | undefined;
  yield_on_poll?: boolean | undefined;
  start_connected?: boolean | undefined;
  video_ram_kb?: number | undefined;
  displays?: number | undefined;
  enable_3d?: boolean | undefined;
  graphics_memory_kb?: number | undefined;
  disk_mode?: string | undefined;
}

export const vmDevice = defineTool({
  name: "vm_device",
  toolset: "vm_advanced",
  input: (t) => ({
    vm: vmInput(t),
    action: z.enum(ACTIONS).describe(t("param.vm_device_action")),
    kind: z.enum(KINDS).describe(t("param.vm_device_kind")),
    device: z.string().min(1).max(200).optional().describe(t("param.vm_device_device")),
    scsi_type: z.enum(["pvscsi", "lsilogic", "lsilogic_sas", "buslogic"]).optional().describe(
      t("param.vm_device_scsi_type"),
    ),
    sharing: z.enum(["noSharing", "virtualSharing", "physicalSharing"]).optional().describe(
      t("param.vm_device_sharing"),
    ),
    usb_version: z.enum(["usb2", "usb3"]).optional().describe(t("param.vm_device_usb_version")),
    backing: z.enum(["file", "pipe", "network", "device", "none"]).optional().describe(
      t("param.vm_device_backing"),
    ),
    file: z.string().max(1000).regex(DATASTORE_PATH).optional().describe(t("param.vm_device_file")),
    pipe_name: z.string().min(1).max(300).optional().describe(t("param.vm_device_pipe_name")),
    pipe_endpoint: z.enum(["client", "server"]).optional().describe(t("param.vm_device_pipe_endpoint")),
    uri: z.string().min(1).max(500).optional().describe(t("param.vm_device_uri")),
    direction: z.enum(["client", "server"]).optional().describe(t("param.vm_device_direction")),
    host_device: z.string().min(1).max(300).optional().describe(t("param.vm_device_host_device")),
    yield_on_poll: z.boolean().optional().describe(t("param.vm_device_yield_on_poll")),
    start_connected: z.boolean().optional().describe(t("param.vm_device_start_connected")),
    video_ram_kb: z.number().int().min(1024).max(262144).optional().describe(
      t("param.vm_device_video_ram_kb"),
    ),
    displays: z.number().int().min(1).max(10).optional().describe(t("param.vm_device_displays")),
    enable_3d: z.boolean().optional().describe(t("param.vm_device_enable_3d")),
    graphics_memory_kb: z.number().int().min(0).max(4194304).optional().describe(
      t("param.vm_device_graphics_memory_kb"),
    ),
    disk_mode: z.enum([
      "persistent",
      "nonpersistent",
      "undoable",
      "independent_persistent",
      "independent_nonpersistent",
      "append",
    ]).optional().describe(t("param.vm_device_disk_mode")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: { ...operationOutput, device: deviceRecord.optional() },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Removing a controller or port takes it from the guest; the same tier as vm_disk and vm_nic.
  tier: "medium",
  privileges: [
    "VirtualMachine.Config.AddNewDisk",
    "VirtualMachine.Config.EditDevice",
    "VirtualMachine.Config.RemoveDisk",
  ],
  aliases: [
    "add_vm_scsi_controller",
    "add_vm_nvme_controller",
    "add_vm_usb_controller",
    "add_vm_serial_port",
    "remove_vm_serial_port",
    "add_vm_parallel_port",
    "remove_vm_parallel_port",
    "add_vm_usb_device",
    "remove_vm_usb_device",
    "add_vm_floppy_drive",
    "remove_vm_floppy_drive",
    "add_vtpm",
    "change_vm_disk_mode",
  ],
  async handler(args, ctx) {
    if (!ALLOWED[args.kind].includes(args.action)) {
      throw new ToolInputError("vm_device.unsupported", {
        kind: args.kind,
        action: args.action,
        allowed: ALLOWED[args.kind].join(", "),
      }, "hints.input");
    }
    const vm = await resolveVm(ctx, args.vm, args.datacenter);
    const devices = await readDevices(ctx, vm.ref);
    const change = deviceChange(args.action, args.kind, devices, args);
    const label = change.existing ? sanitizeText(deviceLabel(change.existing)) : args.kind;
    const spec: VimObject = { _type: "VirtualMachineConfigSpec", deviceChange: [change.spec] };
    const poweredOn =
      (await readVm(ctx, vm.ref, ["runtime.powerState"]))["runtime.powerState"] === "poweredOn";
    const params = { name: vm.display, kind: args.kind, device: label };
    return await ctx.mutate({
      targets: [{
        ref: vm.ref,
        name: vm.display,
        state: {
          powerState: poweredOn ? "poweredOn" : "other",
          ...(change.existing ? { device: describeDevice(change.existing) } : {}),
        },
      }],
      summary: ctx.t(`vm_device.summary_${args.action}` as const, params),
      method: "ReconfigVM_Task",
      args: { spec },
    }, async () => {
      const before = new Set(devices.map(deviceKey));
      const outcome = await runMethod(ctx, "ReconfigVM_Task", vm.ref, { spec }, args.wait_seconds);
      const after = (await readDevices(ctx, vm.ref)).filter(MATCH[args.kind]);
      const shown = args.action === "add"
        ? after.find((d) => !before.has(deviceKey(d)))
        : args.action === "edit"
        ? after.find((d) => deviceKey(d) === deviceKey(change.existing ?? {}))
        : undefined;
      const ok = outcome.task_state === undefined || outcome.task_state === "success";
      return {
        vm: vm.display,
        moref: vm.ref.value,
        message: ok
          ? ctx.t(`vm_device.done_${args.action}` as const, {
            ...params,
            device: shown ? sanitizeText(deviceLabel(shown)) : label,
          })
          : ctx.t("vm_change.pending", { name: vm.display, task: outcome.task ?? "" }),
        ...(outcome.task ? { task: outcome.task, task_state: outcome.task_state } : {}),
        ...(shown ? { device: describeDevice(shown) } : {}),
      };
    });
  },
});

/** The VirtualDeviceConfigSpec for one change, and the device it edits or removes. */
export function deviceChange(
  action: Action,
  kind: Kind,
  devices: readonly VimObject[],
  options: DeviceOptions & { device?: string | undefined },
): { spec: VimObject; existing?: VimObject } {
  if (action === "remove") {
    const existing = findDevice(devices, MATCH[kind], kind, options.device);
    const attached = devices.filter((d) => num(d.controllerKey) === deviceKey(existing));
    if (kind.endsWith("_controller") && attached.length > 0) {
      throw new ToolInputError("vm_device.controller_in_use", {
        device: sanitizeText(deviceLabel(existing)),
        devices: attached.map((d) => sanitizeText(deviceLabel(d))).join(", "),
      }, "hints.input");
    }
    return { spec: { _type: "VirtualDeviceConfigSpec", operation: "remove", device: existing }, existing };
  }
  if (action === "edit") {
    const existing = kind === "video_card"
      ? devices.find(MATCH.video_card)
      : findDevice(devices, MATCH[kind], kind, options.device);
    if (!existing) {
      // vCenter gives every VM a video card; a VM without one (the simulator's) gets it added.
      return { spec: { _type: "VirtualDeviceConfigSpec", operation: "add", device: videoCard({}, options) } };
    }
    return { spec: editDevice(edited(kind, existing, options)), existing };
  }
  return {
    spec: { _type: "VirtualDeviceConfigSpec", operation: "add", device: newDevice(kind, devices, options) },
  };
}

function edited(kind: Kind, device: VimObject, o: DeviceOptions): VimObject {
  switch (kind) {
    case "video_card":
      return videoCard(device, o);
    case "disk": {
      if (!o.disk_mode) throw required("disk_mode", "edit");
      const backing = obj(device.backing) ?? {};
      return withDeviceField(device, "backing", { ...backing, diskMode: o.disk_mode });
    }
    case "scsi_controller":
      if (!o.sharing) throw required("sharing", "edit");
      return { ...device, sharedBus: o.sharing };
    default: {
      let out = withDeviceField(device, "backing", portBacking(kind, o));
      if (o.start_connected !== undefined) out = withDeviceField(out, "connectable", connectable(o));
      if (kind === "serial_port" && o.yield_on_poll !== undefined) {
        out = { ...out, yieldOnPoll: o.yield_on_poll };
      }
      return out;
    }
  }
}

function videoCard(current: VimObject, o: DeviceOptions): VimObject {
  const device: VimObject = Object.keys(current).length ? { ...current } : {
    _type: "VirtualMachineVideoCard",
    key: -500,
  };
  if (o.video_ram_kb !== undefined) device.videoRamSizeInKB = o.video_ram_kb;
  if (o.displays !== undefined) device.numDisplays = o.displays;
  if (o.video_ram_kb !== undefined || o.displays !== undefined) device.useAutoDetect = false;
  if (o.enable_3d !== undefined) device.enable3DSupport = o.enable_3d;
  if (o.graphics_memory_kb !== undefined) device.graphicsMemorySizeInKB = o.graphics_memory_kb;
  return device;
}

function newDevice(kind: Kind, devices: readonly VimObject[], o: DeviceOptions): VimObject {
  switch (kind) {
    case "scsi_controller":
      return {
        _type: SCSI_TYPE[o.scsi_type ?? "pvscsi"],
        key: -100,
        busNumber: freeBus(devices, SCSI, 4, "SCSI"),
        sharedBus: o.sharing ?? "noSharing",
      };
    case "nvme_controller":
      return { _type: "VirtualNVMEController", key: -110, busNumber: freeBus(devices, NVME, 4, "NVMe") };
    case "sata_controller":
      return { _type: "VirtualAHCIController", key: -120, busNumber: freeBus(devices, SATA, 4, "SATA") };
    case "usb_controller": {
      const usb3 = (o.usb_version ?? "usb3") === "usb3";
      const type = usb3 ? "VirtualUSBXHCIController" : "VirtualUSBController";
      if (devices.some((d) => d._type === type)) {
        throw new ToolInputError(
          "vm_device.one_only",
          { kind: `${o.usb_version ?? "usb3"} controller` },
          "hints.input",
        );
      }
      return usb3
        ? { _type: type, key: -130, busNumber: 0, autoConnectDevices: true }
        : { _type: type, key: -130, busNumber: 0, autoConnectDevices: true, ehciEnabled: true };
    }
    case "usb_device": {
      if (!devices.some(USB_CONTROLLER)) {
        throw new ToolInputError("vm_device.needs_usb_controller", {}, "hints.input");
      }
      if (!o.host_device) throw required("host_device", "add");
      return {
        _type: "VirtualUSB",
        key: -140,
        backing: { _type: "VirtualUSBUSBBackingInfo", deviceName: o.host_device },
        connected: true,
      };
    }
    case "tpm":
      if (devices.some(MATCH.tpm)) {
        throw new ToolInputError("vm_device.one_only", { kind: "TPM" }, "hints.input");
      }
      return { _type: "VirtualTPM", key: -150 };
    case "serial_port":
      return {
        _type: "VirtualSerialPort",
        key: -160,
        backing: portBacking(kind, o),
        connectable: connectable(o),
        yieldOnPoll: o.yield_on_poll ?? true,
      };
    case "parallel_port":
      return {
        _type: "VirtualParallelPort",
        key: -170,
        backing: portBacking(kind, o),
        connectable: connectable(o),
      };
    case "floppy":
      return {
        _type: "VirtualFloppy",
        key: -180,
        backing: portBacking(kind, o),
        connectable: connectable(o),
      };
    default:
      throw new ToolInputError(
        "vm_device.unsupported",
        { kind, action: "add", allowed: "edit" },
        "hints.input",
      );
  }
}

function connectable(o: DeviceOptions): VimObject {
  const start = o.start_connected ?? true;
  return {
    _type: "VirtualDeviceConnectInfo",
    startConnected: start,
    allowGuestControl: true,
    connected: start,
  };
}

const BACKING_TYPES: Record<"serial_port" | "parallel_port" | "floppy", Partial<Record<string, string>>> = {
  serial_port: {
    file: "VirtualSerialPortFileBackingInfo",
    pipe: "VirtualSerialPortPipeBackingInfo",
    network: "VirtualSerialPortURIBackingInfo",
    device: "VirtualSerialPortDeviceBackingInfo",
  },
  parallel_port: {
    file: "VirtualParallelPortFileBackingInfo",
    device: "VirtualParallelPortDeviceBackingInfo",
  },
  floppy: {
    file: "VirtualFloppyImageBackingInfo",
    device: "VirtualFloppyDeviceBackingInfo",
    none: "VirtualFloppyRemoteDeviceBackingInfo",
  },
};

/** The backing of a serial or parallel port or floppy drive from the flat options. */
function portBacking(kind: Kind, o: DeviceOptions): VimObject {
  const types = BACKING_TYPES[kind as keyof typeof BACKING_TYPES];
  const backing = o.backing ?? (o.file ? "file" : kind === "floppy" ? "none" : undefined);
  const type = backing ? types?.[backing] : undefined;
  if (!backing || !type) {
    throw new ToolInputError("vm_device.bad_backing", {
      kind,
      backing: backing ?? "",
      allowed: Object.keys(types ?? {}).join(", "),
    }, "hints.input");
  }
  switch (backing) {
    case "file":
      if (!o.file) throw required("file", `backing=file`);
      return { _type: type, fileName: o.file };
    case "pipe":
      if (!o.pipe_name) throw required("pipe_name", "backing=pipe");
      return { _type: type, pipeName: o.pipe_name, endpoint: o.pipe_endpoint ?? "server", noRxLoss: false };
    case "network":
      if (!o.uri) throw required("uri", "backing=network");
      return { _type: type, serviceURI: o.uri, direction: o.direction ?? "server" };
    case "device":
      if (!o.host_device) throw required("host_device", "backing=device");
      return { _type: type, deviceName: o.host_device, useAutoDetect: false };
    default:
      return { _type: type, deviceName: "", useAutoDetect: false };
  }
}

function freeBus(
  devices: readonly VimObject[],
  kind: (d: VimObject) => boolean,
  max: number,
  name: string,
): number {
  const used = new Set(devices.filter(kind).map((d) => num(d.busNumber)));
  for (let bus = 0; bus < max; bus++) if (!used.has(bus)) return bus;
  throw new ToolInputError("vm_device.no_free_bus", { kind: name, max }, "hints.input");
}

function required(param: string, action: string): ToolInputError {
  return new ToolInputError("errors.param_required", { param, action }, "hints.input");
}
