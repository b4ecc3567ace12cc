import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput } from "../shared/inputs.ts";
import {
  asArray,
  asObject,
  asObjects,
  bool,
  num,
  refs,
  retrieveMany,
  str,
  text,
} from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";

const VIEWS = ["summary", "health", "cpu_features", "pci_devices", "passthrough", "gpu", "fc_hba"] as const;
type View = typeof VIEWS[number];

/** The properties each view reads, so one round trip fetches exactly what was asked. */
const PATHS: Record<View, string[]> = {
  summary: ["summary.hardware", "hardware.biosInfo", "config.product"],
  health: ["runtime.healthSystemRuntime"],
  cpu_features: ["hardware.cpuFeature", "hardware.cpuPkg"],
  pci_devices: ["hardware.pciDevice"],
  passthrough: ["config.pciPassthruInfo", "hardware.pciDevice"],
  gpu: ["config.graphicsInfo", "config.sharedPassthruGpuTypes"],
  fc_hba: ["config.storageDevice.hostBusAdapter"],
};

const elementState = z.object({ name: z.string(), state: z.string() });

const output = {
  host: z.string(),
  summary: z.object({
    vendor: z.string(),
    model: z.string(),
    uuid: z.string(),
    cpu_model: z.string(),
    cpu_packages: z.number().nullable(),
    cpu_cores: z.number().nullable(),
    cpu_threads: z.number().nullable(),
    cpu_mhz: z.number().nullable(),
    memory_mb: z.number().nullable(),
    nics: z.number().nullable(),
    hbas: z.number().nullable(),
    bios_version: z.string(),
    bios_date: z.string(),
    esxi: z.string(),
    identifiers: z.array(z.object({ type: z.string(), value: z.string() })),
  }).optional(),
  health: z.object({
    overall: z.string().describe("The rollup sensor's state (green, yellow, red, unknown)"),
    sensors: z.array(z.object({
      name: z.string(),
      type: z.string(),
      state: z.string(),
      reading: z.number().nullable(),
      units: z.string(),
    })),
    problems: z.array(z.object({ name: z.string(), type: z.string(), state: z.string() }))
      .describe("Sensors and hardware elements that are not green"),
    memory: z.array(elementState),
    cpu: z.array(elementState),
    storage: z.array(elementState),
  }).optional(),
  cpu_features: z.object({
    vendor: z.string(),
    description: z.string(),
    cpuid: z.array(z.object({
      level: z.number().nullable(),
      eax: z.string(),
      ebx: z.string(),
      ecx: z.string(),
      edx: z.string(),
    })),
  }).optional(),
  pci_devices: z.array(z.object({
    id: z.string(),
    vendor: z.string(),
    name: z.string(),
    class_id: z.number().nullable(),
    vendor_id: z.string(),
    device_id: z.string(),
  })).optional(),
  passthrough: z.array(z.object({
    id: z.string(),
    name: z.string(),
    capable: z.boolean(),
    enabled: z.boolean(),
    active: z.boolean(),
    sriov: z.object({
      capable: z.boolean(),
      enabled: z.boolean(),
      virtual_functions: z.number().nullable(),
      requested: z.number().nullable(),
      max: z.number().nullable(),
    }).nullable().describe("null for a device without SR-IOV"),
  })).optional().describe("Devices that can be passed through to VMs (capable) and their state"),
  gpu: z.object({
    devices: z.array(z.object({
      pci_id: z.string(),
      vendor: z.string(),
      name: z.string(),
      type: z.string(),
      vgpu_mode: z.string(),
      memory_mb: z.number().nullable(),
      vms: z.array(z.string()),
    })),
    vgpu_profiles: z.array(z.string()),
  }).optional(),
  fc_hba: z.array(z.object({
    device: z.string(),
    model: z.string(),
    status: z.string(),
    wwpn: z.string(),
    wwnn: z.string(),
    port_type: z.string(),
    speed_gbit: z.number().nullable(),
  })).optional(),
};

/** A 16-bit PCI id as vCenter sends it (signed short) in the usual hex form. */
export function pciHex(value: VimValue | undefined): string {
  const n = num(value);
  return n === undefined ? "" : (n & 0xffff).toString(16).padStart(4, "0");
}

/** A 64-bit World Wide Name (sent as a signed long) as colon-separated hex. */
export function wwn(value: VimValue | undefined): string {
  const raw = str(value);
  if (!raw || !/^-?\d+$/.test(raw)) return "";
  const hex = BigInt.asUintN(64, BigInt(raw)).toString(16).padStart(16, "0");
  return hex.match(/../g)!.join(":");
}

function healthOf(state: VimValue | undefined): string {
  return text(asObject(state).key) || "unknown";
}

function elements(list: VimValue | undefined) {
  return asObjects(list).map((e) => ({ name: text(e.name), state: healthOf(e.status) }));
}

export const hostHardware = defineTool({
  name: "host_hardware",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    views: z.array(z.enum(VIEWS)).min(1).max(VIEWS.length).default(["summary", "health"])
      .describe(t("param.host_hardware_views")),
    datacenter: datacenterInput(t),
  }),
  output,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: [
    "get_host_hardware_health",
    "get_host_cpu_features",
    "get_host_fc_hba_info",
    "get_host_cim_provider_status",
    "list_host_pci_devices",
    "list_host_sriov_nics",
    "list_host_gpu_devices",
    "list_host_vgpu_profiles",
  ],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    const views = new Set(args.views);
    const p = await retrieveOne(ctx.vsphere, host.ref, [...new Set([...views].flatMap((v) => PATHS[v]))], {
      signal: ctx.signal,
    });
    const result: z.infer<z.ZodObject<typeof output>> = { host: host.name };
    const pci = asObjects(p["hardware.pciDevice"]);
    if (views.has("summary")) {
      const hw = asObject(p["summary.hardware"]);
      const bios = asObject(p["hardware.biosInfo"]);
      result.summary = {
        vendor: text(hw.vendor),
        model: text(hw.model),
        uuid: text(hw.uuid),
        cpu_model: text(hw.cpuModel),
        cpu_packages: num(hw.numCpuPkgs) ?? null,
        cpu_cores: num(hw.numCpuCores) ?? null,
        cpu_threads: num(hw.numCpuThreads) ?? null,
        cpu_mhz: num(hw.cpuMhz) ?? null,
        memory_mb: num(hw.memorySize) === undefined ? null : Math.round(num(hw.memorySize)! / 1048576),
        nics: num(hw.numNics) ?? null,
        hbas: num(hw.numHBAs) ?? null,
        bios_version: text(bios.biosVersion),
        bios_date: text(bios.releaseDate),
        esxi: text(asObject(p["config.product"]).fullName),
        identifiers: asObjects(hw.otherIdentifyingInfo).map((i) => ({
          type: text(asObject(i.identifierType).key),
          value: text(i.identifierValue).trim(),
        })),
      };
    }
    if (views.has("health")) {
      const runtime = asObject(p["runtime.healthSystemRuntime"]);
      const sensors = asObjects(asObject(runtime.systemHealthInfo).numericSensorInfo).map((s) => ({
        name: text(s.name),
        type: text(s.sensorType),
        state: healthOf(s.healthState),
        reading: num(s.currentReading) === undefined
          ? null
          : num(s.currentReading)! * 10 ** (num(s.unitModifier) ?? 0),
        units: text(s.baseUnits),
      }));
      const status = asObject(runtime.hardwareStatusInfo);
      const memory = elements(status.memoryStatusInfo);
      const cpu = elements(status.cpuStatusInfo);
      const storage = elements(status.storageStatusInfo);
      const rollup = sensors.find((s) => s.name === "VMware Rollup Health State");
      const problems = [
        ...sensors.map((s) => ({ name: s.name, type: s.type, state: s.state })),
        ...memory.map((e) => ({ ...e, type: "memory" })),
        ...cpu.map((e) => ({ ...e, type: "cpu" })),
        ...storage.map((e) => ({ ...e, type: "storage" })),
      ].filter((s) => s.state.toLowerCase() !== "green");
      result.health = { overall: rollup?.state ?? "unknown", sensors, problems, memory, cpu, storage };
    }
    if (views.has("cpu_features")) {
      const pkg = asObjects(p["hardware.cpuPkg"])[0] ?? {};
      result.cpu_features = {
        vendor: text(pkg.vendor),
        description: text(pkg.description),
        cpuid: asObjects(p["hardware.cpuFeature"]).map((f) => ({
          level: num(f.level) ?? null,
          eax: text(f.eax),
          ebx: text(f.ebx),
          ecx: text(f.ecx),
          edx: text(f.edx),
        })),
      };
    }
    if (views.has("pci_devices")) {
      result.pci_devices = pci.map((d) => ({
        id: text(d.id),
        vendor: text(d.vendorName),
        name: text(d.deviceName),
        class_id: num(d.classId) ?? null,
        vendor_id: pciHex(d.vendorId),
        device_id: pciHex(d.deviceId),
      }));
    }
    if (views.has("passthrough")) {
      const names = new Map(pci.map((d) => [str(d.id) ?? "", text(d.deviceName)]));
      result.passthrough = asObjects(p["config.pciPassthruInfo"]).map((d: VimObject) => ({
        id: text(d.id),
        name: names.get(str(d.id) ?? "") ?? "",
        capable: bool(d.passthruCapable) ?? false,
        enabled: bool(d.passthruEnabled) ?? false,
        active: bool(d.passthruActive) ?? false,
        sriov: d._type === "HostSriovInfo"
          ? {
            capable: bool(d.sriovCapable) ?? false,
            enabled: bool(d.sriovEnabled) ?? false,
            virtual_functions: num(d.numVirtualFunction) ?? null,
            requested: num(d.numVirtualFunctionRequested) ?? null,
            max: num(d.maxVirtualFunctionSupported) ?? null,
          }
          : null,
      }));
    }
    if (views.has("gpu")) {
      const gpus = asObjects(p["config.graphicsInfo"]);
      const vmRefs = gpus.flatMap((g) => refs(g.vm));
      const vmNames = await retrieveMany(ctx.vsphere, vmRefs, ["name"], ctx.signal);
      result.gpu = {
        devices: gpus.map((g) => ({
          pci_id: text(g.pciId),
          vendor: text(g.vendorName),
          name: text(g.deviceName),
          type: text(g.graphicsType),
          vgpu_mode: text(g.vgpuMode),
          memory_mb: num(g.memorySizeInKB) === undefined ? null : Math.round(num(g.memorySizeInKB)! / 1024),
          vms: refs(g.vm).map((v) =>
            text(vmNames.find((n) => n.ref.value === v.value)?.props.name ?? v.value)
          ),
        })),
        vgpu_profiles: asArray(p["config.sharedPassthruGpuTypes"]).map(text),
      };
    }
    if (views.has("fc_hba")) {
      result.fc_hba = asObjects(p["config.storageDevice.hostBusAdapter"])
        .filter((h) => h._type === "HostFibreChannelHba" || h._type === "HostFibreChannelOverEthernetHba")
        .map((h) => ({
          device: text(h.device),
          model: text(h.model),
          status: text(h.status),
          wwpn: wwn(h.portWorldWideName),
          wwnn: wwn(h.nodeWorldWideName),
          port_type: text(h.portType),
          speed_gbit: num(h.speed) ?? null,
        }));
    }
    return result;
  },
});
