import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput, waitInput } from "../shared/inputs.ts";
import { runTask } from "../shared/task_result.ts";
import { asArray, asObject, asObjects, num, ref, str, text } from "../shared/vim_values.ts";

const ACTIONS = ["add_pci", "add_vgpu", "remove"] as const;

/** A passthrough device as the VM's config holds it. */
export function pciSummary(d: VimObject) {
  const backing = asObject(d.backing);
  const allowed = asObjects(backing.allowedDevice)[0] ?? {};
  return {
    key: num(d.key) ?? 0,
    label: text(asObject(d.deviceInfo).label),
    kind: backing._type === "VirtualPCIPassthroughVmiopBackingInfo" ? "vgpu" : "pci",
    vgpu_profile: text(backing.vgpu),
    pci_id: text(backing.id ?? backing.assignedId),
    vendor_id: num(allowed.vendorId) === undefined
      ? ""
      : (num(allowed.vendorId)! & 0xffff).toString(16).padStart(4, "0"),
    device_id: num(allowed.deviceId) === undefined
      ? ""
      : (num(allowed.deviceId)! & 0xffff).toString(16).padStart(4, "0"),
  };
}

export const isPassthrough = (d: VimObject) => d._type === "VirtualPCIPassthrough";

/**
 * ReconfigVM_Task with one VirtualPCIPassthrough change. PCI devices use Dynamic DirectPath (vendor/device
 * id, vSphere 7+); every passthrough device needs all guest memory reserved, so adding one also locks the
 * reservation to the memory size.
 */
export function pciDeviceSpec(
  action: typeof ACTIONS[number],
  o: { vendorId?: number; deviceId?: number; profile?: string; device?: VimObject },
): VimObject {
  if (action === "remove") {
    return {
      _type: "VirtualMachineConfigSpec",
      deviceChange: [{ _type: "VirtualDeviceConfigSpec", operation: "remove", device: o.device! }],
    };
  }
  const backing: VimObject = action === "add_vgpu"
    ? { _type: "VirtualPCIPassthroughVmiopBackingInfo", vgpu: o.profile! }
    : {
      _type: "VirtualPCIPassthroughDynamicBackingInfo",
      deviceName: "",
      allowedDevice: [{
        _type: "VirtualPCIPassthroughAllowedDevice",
        vendorId: o.vendorId!,
        deviceId: o.deviceId!,
      }],
    };
  return {
    _type: "VirtualMachineConfigSpec",
    deviceChange: [{
      _type: "VirtualDeviceConfigSpec",
      operation: "add",
      device: { _type: "VirtualPCIPassthrough", key: -100, backing },
    }],
    memoryReservationLockedToMax: true,
  };
}

export const vmPciDeviceList = defineTool({
  name: "vm_pci_device_list",
  toolset: "host_config",
  input: (t) => ({ vm: vmInput(t), datacenter: datacenterInput(t) }),
  output: {
    vm: z.string(),
    devices: z.array(z.object({
      key: z.number(),
      label: z.string(),
      kind: z.string(),
      vgpu_profile: z.string(),
      pci_id: z.string(),
      vendor_id: z.string(),
      device_id: z.string(),
    })),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: ["get_vm_pci_devices"],
  async handler(args, ctx) {
    const vm = await resolveEntity(ctx.vsphere, "VirtualMachine", args.vm, {
      signal: ctx.signal,
      ...(args.datacenter ? { datacenter: args.datacenter } : {}),
    });
    const devices = asObjects(
      (await retrieveOne(ctx.vsphere, vm.ref, ["config.hardware.device"], { signal: ctx.signal }))[
        "config.hardware.device"
      ],
    );
    return { vm: sanitizeText(vm.name), devices: devices.filter(isPassthrough).map(pciSummary) };
  },
});

export const vmPciDevice = defineTool({
  name: "vm_pci_device",
  toolset: "host_config",
  input: (t) => ({
    vm: vmInput(t),
    action: z.enum(ACTIONS).describe(t("param.vm_pci_action")),
    pci_id: z.string().regex(/^[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]$/).optional()
      .describe(t("param.vm_pci_id")),
    vgpu_profile: z.string().regex(/^[\w.-]{1,64}$/).optional().describe(t("param.vm_pci_vgpu")),
    device: z.string().min(1).max(80).optional().describe(t("param.vm_pci_device")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    vm: z.string(),
    devices: z.array(
      z.object({ key: z.number(), label: z.string(), kind: z.string(), vgpu_profile: z.string() }),
    ),
    message: z.string(),
    task: z.string(),
    task_state: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // A passthrough device pins the VM to its host (no vMotion, no HA restart elsewhere) and reserves all memory.
  tier: "medium",
  privileges: ["VirtualMachine.Config.AddRemoveDevice", "VirtualMachine.Config.Resource"],
  aliases: ["add_pci_passthrough_to_vm", "add_vgpu_to_vm", "remove_pci_device_from_vm"],
  async handler(args, ctx) {
    const vm = await resolveEntity(ctx.vsphere, "VirtualMachine", args.vm, {
      signal: ctx.signal,
      ...(args.datacenter ? { datacenter: args.datacenter } : {}),
    });
    const name = sanitizeText(vm.name);
    const p = await retrieveOne(ctx.vsphere, vm.ref, [
      "runtime.powerState",
      "runtime.host",
      "config.hardware.device",
    ], {
      signal: ctx.signal,
    });
    const devices = asObjects(p["config.hardware.device"]);
    const passthrough = devices.filter(isPassthrough);
    const powerState = str(p["runtime.powerState"]) ?? "";
    if (powerState !== "poweredOff") {
      throw new ToolInputError("errors.vm_pci_powered_on", { name, state: powerState });
    }
    const host = ref(p["runtime.host"]);
    let spec: VimObject;
    let what: string;
    if (args.action === "add_pci") {
      if (!args.pci_id) {
        throw new ToolInputError("errors.param_required", { param: "pci_id", action: args.action });
      }
      const pci = host
        ? asObjects(
          (await retrieveOne(ctx.vsphere, host, ["hardware.pciDevice"], { signal: ctx.signal }))[
            "hardware.pciDevice"
          ],
        )
        : [];
      const found = pci.find((d) => str(d.id) === args.pci_id);
      if (!found) {
        throw new ToolInputError("errors.vm_pci_no_device", {
          device: args.pci_id,
          name,
          host: host?.value ?? "-",
        });
      }
      spec = pciDeviceSpec("add_pci", {
        vendorId: (num(found.vendorId) ?? 0) & 0xffff,
        deviceId: (num(found.deviceId) ?? 0) & 0xffff,
      });
      what = `${args.pci_id} (${text(found.vendorName)} ${text(found.deviceName)})`;
    } else if (args.action === "add_vgpu") {
      if (!args.vgpu_profile) {
        throw new ToolInputError("errors.param_required", { param: "vgpu_profile", action: args.action });
      }
      const profiles = host
        ? asArray(
          (await retrieveOne(ctx.vsphere, host, ["config.sharedPassthruGpuTypes"], { signal: ctx.signal }))[
            "config.sharedPassthruGpuTypes"
          ],
        ).map((x) => str(x) ?? "")
        : [];
      if (!profiles.includes(args.vgpu_profile)) {
        throw new ToolInputError("errors.vm_pci_no_vgpu", {
          profile: args.vgpu_profile,
          name,
          profiles: profiles.join(", ") || "-",
        });
      }
      spec = pciDeviceSpec("add_vgpu", { profile: args.vgpu_profile });
      what = `vGPU ${args.vgpu_profile}`;
    } else {
      const device = passthrough.find((d) =>
        text(asObject(d.deviceInfo).label) === args.device || String(num(d.key)) === args.device
      ) ?? (args.device === undefined && passthrough.length === 1 ? passthrough[0] : undefined);
      if (!device) {
        throw new ToolInputError("errors.device_not_found", {
          kind: "PCI passthrough",
          selector: args.device ?? "",
          candidates: passthrough.map((d) =>
            `${pciSummary(d).label} (key ${pciSummary(d).key})`
          ).join(", ") || "none",
        }, "hints.device_not_found");
      }
      spec = pciDeviceSpec("remove", { device });
      what = pciSummary(device).label;
    }
    const view = (list: VimObject[]) =>
      list.filter(isPassthrough).map(pciSummary).map((d) => ({
        key: d.key,
        label: d.label,
        kind: d.kind,
        vgpu_profile: d.vgpu_profile,
      }));
    return await ctx.mutate({
      targets: [{ ref: vm.ref, name, state: { powerState, passthroughDevices: passthrough.length } }],
      summary: ctx.t(`vm_pci_device.summary_${args.action}`, { name, what }),
      method: "ReconfigVM_Task",
      args: {
        action: args.action,
        ...(args.pci_id ? { pci_id: args.pci_id } : {}),
        ...(args.vgpu_profile ? { vgpu_profile: args.vgpu_profile } : {}),
      },
    }, async () => {
      const task = await runTask(ctx, "ReconfigVM_Task", vm.ref, { spec }, args.wait_seconds);
      const after = asObjects(
        (await retrieveOne(ctx.vsphere, vm.ref, ["config.hardware.device"]))["config.hardware.device"],
      );
      return {
        vm: name,
        devices: view(after),
        message: ctx.t(task.state === "success" ? "vm_pci_device.done" : "host.task_pending", { name }),
        task: task.task,
        task_state: task.state,
      };
    });
  },
});
