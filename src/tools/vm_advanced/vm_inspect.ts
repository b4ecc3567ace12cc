/**
 * One read tool for the parts of a VM that vm_get summarizes only: controllers and ports, the disk chain
 * on the datastore, extraConfig, boot order, encryption, Fault Tolerance, a pending question, VMware Tools,
 * the VM's HA monitoring setting, and the whole configuration as data (export).
 */
import { z } from "zod";
import { defineTool, type ToolContext } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput } from "../shared/inputs.ts";
import { bool, DISK, num, obj, objects, readVm, resolveVm, str } from "../vm/common.ts";
import { cleanValue, describeDevice, deviceRecord } from "./common.ts";

export const SECTIONS = [
  "controllers",
  "serial_ports",
  "parallel_ports",
  "usb",
  "floppies",
  "video",
  "tpm",
  "disks",
  "extra_config",
  "boot",
  "encryption",
  "fault_tolerance",
  "question",
  "tools",
  "customization",
  "ha_monitoring",
  "storage",
  "config",
] as const;
type Section = typeof SECTIONS[number];

const CONTROLLER_TYPES = new Set([
  "VirtualIDEController",
  "VirtualPCIController",
  "VirtualPS2Controller",
  "VirtualSIOController",
  "ParaVirtualSCSIController",
  "VirtualLsiLogicController",
  "VirtualLsiLogicSASController",
  "VirtualBusLogicController",
  "VirtualAHCIController",
  "VirtualNVMEController",
  "VirtualUSBController",
  "VirtualUSBXHCIController",
  "VirtualNVDIMMController",
]);

const DEVICE_SECTIONS: Partial<Record<Section, (d: VimObject) => boolean>> = {
  controllers: (d) => CONTROLLER_TYPES.has(String(d._type)),
  serial_ports: (d) => d._type === "VirtualSerialPort",
  parallel_ports: (d) => d._type === "VirtualParallelPort",
  usb: (d) =>
    d._type === "VirtualUSB" || d._type === "VirtualUSBController" || d._type === "VirtualUSBXHCIController",
  floppies: (d) => d._type === "VirtualFloppy",
  video: (d) => d._type === "VirtualMachineVideoCard",
  tpm: (d) => d._type === "VirtualTPM",
};

export const vmInspect = defineTool({
  name: "vm_inspect",
  toolset: "vm_advanced",
  input: (t) => ({
    vm: vmInput(t),
    section: z.enum(SECTIONS).describe(t("param.vm_inspect_section")),
    datacenter: datacenterInput(t),
  }),
  output: {
    vm: z.string(),
    moref: z.string(),
    section: z.string(),
    count: z.number().int().optional(),
    items: z.array(deviceRecord).optional(),
    details: deviceRecord.optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: [
    "list_vm_controllers",
    "list_vm_serial_ports",
    "get_vm_video_card",
    "list_vm_disk_layout",
    "get_vm_disk_chain_info",
    "get_vm_extra_config",
    "get_vm_boot_device_order",
    "get_vm_encryption_state",
    "get_fault_tolerance_info",
    "get_vm_pending_question",
    "get_vm_monitoring_state",
    "export_vm_configuration",
    "refresh_vm_storage_info",
    "get_guest_customization_status",
  ],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm, args.datacenter);
    const base = { vm: vm.display, moref: vm.ref.value, section: args.section };
    const kind = DEVICE_SECTIONS[args.section];
    if (kind) {
      const items = (await devices(ctx, vm.ref)).filter(kind).map(describeDevice);
      return { ...base, count: items.length, items };
    }
    switch (args.section) {
      case "disks": {
        const items = await diskChains(ctx, vm.ref);
        return { ...base, count: items.length, items };
      }
      case "extra_config": {
        const props = await readVm(ctx, vm.ref, ["config.extraConfig"]);
        const items = objects(props["config.extraConfig"]).map((o) => ({
          key: sanitizeText(str(o.key) ?? ""),
          value: cleanValue(o.value),
        }));
        return { ...base, count: items.length, items };
      }
      case "boot": {
        const props = await readVm(ctx, vm.ref, ["config.bootOptions", "config.firmware"]);
        const boot = obj(props["config.bootOptions"]) ?? {};
        const order = objects(boot.bootOrder).map((o) => cleanValue(o) as Record<string, unknown>);
        return {
          ...base,
          count: order.length,
          items: order,
          details: {
            firmware: str(props["config.firmware"]) ?? null,
            ...(cleanValue({ ...boot, bootOrder: null }) as Record<string, unknown>),
          },
        };
      }
      case "ha_monitoring":
        return { ...base, details: await haMonitoring(ctx, vm.ref) };
      case "storage": {
        // RefreshStorageInfo only recomputes vCenter's cached usage figures; nothing of the VM changes.
        await ctx.vsphere.call("RefreshStorageInfo", vm.ref, {}, {
          signal: ctx.signal,
          operationId: ctx.eventId,
        });
        const props = await readVm(ctx, vm.ref, ["storage", "summary.storage"]);
        const names = new Map<string, string>();
        const usage = objects(obj(props.storage)?.perDatastoreUsage);
        for (const u of usage) {
          const ds = u.datastore as MoRef;
          names.set(ds.value, str((await readVm(ctx, ds, ["name"])).name) ?? ds.value);
        }
        const items = usage.map((u) => ({
          datastore: sanitizeText(names.get((u.datastore as MoRef).value) ?? ""),
          committed_bytes: num(u.committed) ?? 0,
          uncommitted_bytes: num(u.uncommitted) ?? 0,
          unshared_bytes: num(u.unshared) ?? 0,
        }));
        const summary = obj(props["summary.storage"]) ?? {};
        return {
          ...base,
          count: items.length,
          items,
          details: {
            committed_bytes: num(summary.committed) ?? null,
            uncommitted_bytes: num(summary.uncommitted) ?? null,
            unshared_bytes: num(summary.unshared) ?? null,
            timestamp: str(obj(props.storage)?.timestamp) ?? null,
          },
        };
      }
      default:
        return { ...base, details: await configPart(ctx, vm.ref, args.section) };
    }
  },
});

async function devices(ctx: ToolContext, ref: MoRef): Promise<VimObject[]> {
  return objects((await readVm(ctx, ref, ["config.hardware.device"]))["config.hardware.device"]);
}

/** Each disk with its backing chain from layoutEx: base disk first, the running delta last. */
async function diskChains(ctx: ToolContext, ref: MoRef): Promise<Record<string, unknown>[]> {
  const props = await readVm(ctx, ref, ["config.hardware.device", "layoutEx"]);
  const layout = obj(props.layoutEx) ?? {};
  const files = new Map(objects(layout.file).map((f) => [num(f.key), f]));
  const chains = new Map(objects(layout.disk).map((d) => [num(d.key), objects(d.chain)]));
  return objects(props["config.hardware.device"]).filter(DISK).map((disk) => {
    const backing = obj(disk.backing) ?? {};
    const chain = (chains.get(num(disk.key)) ?? []).map((unit, level) => ({
      level,
      files: (Array.isArray(unit.fileKey) ? unit.fileKey : [unit.fileKey]).map((k) => {
        const file = files.get(num(k));
        return {
          name: sanitizeText(str(file?.name) ?? `file-${String(k)}`),
          type: str(file?.type) ?? "",
          size_bytes: num(file?.size) ?? null,
        };
      }),
    }));
    return {
      ...describeDevice(disk),
      capacity_gb: Math.round(((num(disk.capacityInKB) ?? 0) / 1024 / 1024) * 100) / 100,
      file: sanitizeText(str(backing.fileName) ?? ""),
      disk_mode: str(backing.diskMode) ?? null,
      thin: bool(backing.thinProvisioned) ?? null,
      chain_length: chain.length,
      chain,
    };
  });
}

/** The parts of config/runtime/guest one section shows. */
async function configPart(ctx: ToolContext, ref: MoRef, section: Section): Promise<Record<string, unknown>> {
  const props = await readVm(ctx, ref, ["config", "runtime", "guest"]);
  const config = obj(props.config) ?? {};
  const runtime = obj(props.runtime) ?? {};
  const guest = obj(props.guest) ?? {};
  switch (section) {
    case "encryption": {
      const key = obj(config.keyId);
      return {
        encrypted: key !== undefined,
        crypto_state: str(runtime.cryptoState) ?? null,
        key_id: str(key?.keyId) ?? null,
        key_provider: str(obj(key?.providerId)?.id) ?? null,
        migrate_encryption: str(config.migrateEncryption) ?? null,
        ft_encryption_mode: str(config.ftEncryptionMode) ?? null,
      };
    }
    case "fault_tolerance": {
      const ft = obj(config.ftInfo);
      return {
        state: str(runtime.faultToleranceState) ?? "notConfigured",
        role: num(ft?.role) ?? null,
        instance_uuids: cleanValue(ft?.instanceUuids ?? []),
        ft_info: cleanValue(ft),
      };
    }
    case "question": {
      const question = obj(runtime.question);
      if (!question) return { pending: false };
      const choice = obj(question.choice);
      return {
        pending: true,
        id: sanitizeText(str(question.id) ?? ""),
        text: sanitizeText(str(question.text) ?? "", 2000),
        choices: objects(choice?.choiceInfo).map((c) => ({
          key: sanitizeText(str(c.key) ?? ""),
          label: sanitizeText(str(c.label) ?? ""),
          summary: sanitizeText(str(c.summary) ?? ""),
        })),
        default_index: num(choice?.defaultIndex) ?? null,
      };
    }
    case "tools": {
      const tools = obj(config.tools) ?? {};
      return {
        version: num(tools.toolsVersion) ?? str(tools.toolsVersion) ?? null,
        version_status: str(guest.toolsVersionStatus2) ?? str(guest.toolsVersionStatus) ?? null,
        running_status: str(guest.toolsRunningStatus) ?? null,
        install_type: str(guest.toolsInstallType) ?? null,
        upgrade_policy: str(tools.toolsUpgradePolicy) ?? null,
        installer_mounted: bool(runtime.toolsInstallerMounted) ?? null,
      };
    }
    case "customization": {
      // guest.customizationInfo exists from vSphere 7.0 U3; older vCenters report no status.
      const info = obj(guest.customizationInfo);
      return {
        status: str(info?.customizationStatus) ?? null,
        start_time: str(info?.startTime) ?? null,
        end_time: str(info?.endTime) ?? null,
        error: info?.errorMsg !== undefined ? sanitizeText(str(info.errorMsg) ?? "", 2000) : null,
      };
    }
    default:
      return { config: cleanValue(config), runtime: cleanValue(runtime) };
  }
}

/** HA VM monitoring of the VM's cluster and this VM's override, if any. */
async function haMonitoring(ctx: ToolContext, ref: MoRef): Promise<Record<string, unknown>> {
  const host = (await readVm(ctx, ref, ["runtime.host"]))["runtime.host"] as MoRef | undefined;
  const parent = host ? (await readVm(ctx, host, ["parent"])).parent as MoRef | undefined : undefined;
  if (!parent || parent.type !== "ClusterComputeResource") return { cluster: null, ha_enabled: false };
  const props = await readVm(ctx, parent, ["name", "configurationEx"]);
  const config = obj(props.configurationEx) ?? {};
  const das = obj(config.dasConfig) ?? {};
  const override = objects(config.dasVmConfig).find((c) => (c.key as MoRef | undefined)?.value === ref.value);
  const settings = obj(override?.dasSettings);
  const tools = obj(settings?.vmToolsMonitoringSettings);
  return {
    cluster: sanitizeText(str(props.name) ?? parent.value),
    ha_enabled: bool(das.enabled) ?? false,
    cluster_vm_monitoring: str(das.vmMonitoring) ?? null,
    override: override !== undefined,
    vm_monitoring: str(tools?.vmMonitoring) ?? null,
    restart_priority: str(settings?.restartPriority) ?? null,
    isolation_response: str(settings?.isolationResponse) ?? null,
    tools_monitoring: cleanValue(tools),
  };
}
