import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { vmInput } from "../shared/inputs.ts";
import {
  CDROM,
  changeOutput,
  connectInfo,
  DEFAULT_WAIT_SECONDS,
  deviceKey,
  deviceLabel,
  deviceSummary,
  editDevice,
  findDevice,
  freeUnit,
  IDE,
  obj,
  readDevices,
  readVm,
  resolveVm,
  SATA,
  str,
  taskResult,
  withDeviceField,
} from "./common.ts";
import { wire } from "./wire.ts";

const ISO_PATH = /^\[[^\]]+\] ?.+\.iso$/i;

export const vmCdrom = defineTool({
  name: "vm_cdrom",
  toolset: "vm",
  input: (t) => ({
    vm: vmInput(t),
    action: z.enum(["mount", "eject"]).describe(t("param.cdrom_action")),
    iso: z.string().max(1000).regex(ISO_PATH).optional().describe(t("param.iso")),
    cdrom: z.string().max(200).optional().describe(t("param.cdrom")),
  }),
  output: {
    ...changeOutput,
    cdrom: z.object({ key: z.number(), label: z.string(), type: z.string() }).optional(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "medium",
  privileges: ["VirtualMachine.Interact.DeviceConnection", "VirtualMachine.Config.EditDevice"],
  aliases: [
    "mount_vm_cdrom_iso",
    "disconnect_vm_cdrom",
    "mount_iso_to_vm_rest",
    "unmount_iso_from_vm_rest",
    "add_vm_cd_drive",
  ],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm);
    const poweredOn =
      (await readVm(ctx, vm.ref, ["runtime.powerState"]))["runtime.powerState"] === "poweredOn";
    const devices = await readDevices(ctx, vm.ref);
    const base = { vm: vm.display, moref: vm.ref.value };
    const mount = args.action === "mount";
    if (mount && !args.iso) {
      throw new ToolInputError("errors.param_required", { param: "iso", action: "mount" }, "hints.input");
    }
    const iso = args.iso ? wire("VirtualCdromIsoBackingInfo", { fileName: args.iso }) : undefined;
    const drives = devices.filter(CDROM);

    let change: VimObject;
    let label: string;
    let state: Record<string, unknown>;
    if (mount && drives.length === 0 && args.cdrom === undefined) {
      // No drive yet: add one on a free IDE (else SATA) slot with the ISO inserted.
      const controller = devices.filter((d) => IDE(d) || SATA(d)).find((c) =>
        freeUnit(devices, c) !== undefined
      );
      if (!controller) {
        throw new ToolInputError(
          "errors.no_free_controller",
          { name: vm.display },
          "hints.no_free_controller",
        );
      }
      label = "new CD/DVD drive";
      state = { cdrom: null };
      change = wire("VirtualDeviceConfigSpec", {
        operation: "add",
        device: wire("VirtualCdrom", {
          key: -300,
          backing: iso,
          connectable: wire("VirtualDeviceConnectInfo", {
            startConnected: true,
            allowGuestControl: true,
            connected: poweredOn,
          }),
          controllerKey: deviceKey(controller),
          unitNumber: freeUnit(devices, controller),
        }),
      });
    } else {
      const drive = findDevice(devices, CDROM, "CD/DVD drive", args.cdrom);
      label = sanitizeText(deviceLabel(drive));
      const backing = obj(drive.backing);
      const currentIso = backing?._type === "VirtualCdromIsoBackingInfo" ? str(backing.fileName) : undefined;
      state = { cdrom: deviceSummary(drive), iso: currentIso ?? null };
      if ((mount && currentIso === args.iso) || (!mount && currentIso === undefined)) {
        return {
          ...base,
          message: ctx.t(mount ? "vm_cdrom.already_mounted" : "vm_cdrom.already_empty", {
            name: vm.display,
            cdrom: label,
            iso: args.iso ?? "",
          }),
          cdrom: deviceSummary(drive),
        };
      }
      const newBacking = iso ?? wire("VirtualCdromRemotePassthroughBackingInfo", {
        deviceName: "",
        useAutoDetect: false,
        exclusive: false,
      });
      const connectable = connectInfo(drive, mount);
      if (!poweredOn) connectable.connected = false;
      change = editDevice(
        withDeviceField(withDeviceField(drive, "backing", newBacking), "connectable", connectable),
      );
    }
    const spec = wire("VirtualMachineConfigSpec", { deviceChange: [change] });
    return await ctx.mutate({
      targets: [{ ref: vm.ref, name: vm.display, state }],
      summary: ctx.t(mount ? "vm_cdrom.summary_mount" : "vm_cdrom.summary_eject", {
        name: vm.display,
        cdrom: label,
        iso: args.iso ?? "",
      }),
      method: "ReconfigVM_Task",
      args: { spec },
    }, async () => {
      const result = await taskResult(ctx, "ReconfigVM_Task", vm.ref, { spec }, DEFAULT_WAIT_SECONDS, {
        ...base,
        message: ctx.t(mount ? "vm_cdrom.done_mount" : "vm_cdrom.done_eject", {
          name: vm.display,
          cdrom: label,
          iso: args.iso ?? "",
        }),
      });
      const drive = (await readDevices(ctx, vm.ref)).filter(CDROM).find((d) =>
        !mount || str(obj(d.backing)?.fileName) === args.iso
      );
      return { ...result, ...(drive ? { cdrom: deviceSummary(drive) } : {}) };
    });
  },
});
