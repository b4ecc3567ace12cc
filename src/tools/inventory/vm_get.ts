import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput } from "../shared/inputs.ts";
import { asArray, at, bool, gib, num, obj, ref, text } from "../shared/values.ts";
import { nameResolver } from "./inventory_list.ts";

const PATHS = [
  "name",
  "parent",
  "resourcePool",
  "datastore",
  "network",
  "snapshot",
  "customValue",
  "availableField",
  "config.guestFullName",
  "config.guestId",
  "config.uuid",
  "config.instanceUuid",
  "config.version",
  "config.template",
  "config.firmware",
  "config.annotation",
  "config.hardware.numCPU",
  "config.hardware.numCoresPerSocket",
  "config.hardware.memoryMB",
  "config.hardware.device",
  "config.cpuHotAddEnabled",
  "config.memoryHotAddEnabled",
  "config.files.vmPathName",
  "runtime.powerState",
  "runtime.connectionState",
  "runtime.host",
  "runtime.bootTime",
  "guest.toolsRunningStatus",
  "guest.toolsVersionStatus2",
  "guest.hostName",
  "guest.ipAddress",
  "guest.guestFullName",
  "guest.net",
  "summary.storage.committed",
  "summary.storage.uncommitted",
  "summary.quickStats.overallCpuUsage",
  "summary.quickStats.guestMemoryUsage",
  "summary.quickStats.uptimeSeconds",
  "overallStatus",
] as const;

const section = z.record(z.string(), z.unknown());

export const vmGet = defineTool({
  name: "vm_get",
  toolset: "inventory",
  input: (t) => ({ vm: vmInput(t), datacenter: datacenterInput(t) }),
  output: {
    moref: z.string(),
    name: z.string(),
    config: section,
    runtime: section,
    guest: section,
    devices: section,
    snapshots: section,
    storage: section,
    placement: section,
    custom_attributes: z.record(z.string(), z.string()),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["get_vm_info", "get_vm_details"],
  async handler(args, ctx) {
    const vm = await resolveEntity(ctx.vsphere, "VirtualMachine", args.vm, {
      signal: ctx.signal,
      ...(args.datacenter ? { datacenter: args.datacenter } : {}),
    });
    const p = await retrieveOne(ctx.vsphere, vm.ref, PATHS, { signal: ctx.signal });
    const nameOf = await nameResolver(ctx.vsphere, [{
      parent: p.parent ?? null,
      resourcePool: p.resourcePool ?? null,
      host: p["runtime.host"] ?? null,
      datastore: p.datastore ?? null,
      network: p.network ?? null,
    }], ctx.signal);
    const devices = asArray<VimObject>(p["config.hardware.device"]);
    const label = (d: VimObject) => text(at(d, "deviceInfo.label"));
    const networkOfNic = (d: VimObject) => {
      const backing = obj(d.backing);
      if (!backing) return null;
      if (backing.network) return nameOf(backing.network);
      const pgKey = text(at(backing, "port.portgroupKey"));
      return pgKey ? `dvportgroup:${pgKey}` : text(backing.deviceName);
    };
    const fieldNames = new Map<string, string>();
    for (const f of asArray<VimObject>(p.availableField)) {
      fieldNames.set(String(num(f.key)), sanitizeText(String(f.name ?? "")));
    }
    const custom: Record<string, string> = {};
    for (const v of asArray<VimObject>(p.customValue)) {
      const key = String(num(v.key));
      custom[fieldNames.get(key) ?? key] = sanitizeText(String(v.value ?? ""), 256);
    }
    const snapshotTree = obj(p.snapshot);
    const snapshotCount = countSnapshots(asArray(snapshotTree?.rootSnapshotList));
    const current = ref(snapshotTree?.currentSnapshot);
    const currentName = current
      ? findSnapshotName(asArray(snapshotTree?.rootSnapshotList), current.value)
      : null;

    return {
      moref: vm.ref.value,
      name: sanitizeText(String(p.name ?? vm.name)),
      config: {
        guest_os: text(p["config.guestFullName"]),
        guest_id: text(p["config.guestId"]),
        uuid: text(p["config.uuid"]),
        instance_uuid: text(p["config.instanceUuid"]),
        hardware_version: text(p["config.version"]),
        template: bool(p["config.template"]) === true,
        firmware: text(p["config.firmware"]),
        cpus: num(p["config.hardware.numCPU"]),
        cores_per_socket: num(p["config.hardware.numCoresPerSocket"]),
        memory_mb: num(p["config.hardware.memoryMB"]),
        cpu_hot_add: bool(p["config.cpuHotAddEnabled"]),
        memory_hot_add: bool(p["config.memoryHotAddEnabled"]),
        vmx_path: text(p["config.files.vmPathName"]),
        annotation: text(p["config.annotation"], 2000),
      },
      runtime: {
        power_state: text(p["runtime.powerState"]),
        connection_state: text(p["runtime.connectionState"]),
        status: text(p.overallStatus),
        host: nameOf(p["runtime.host"]),
        boot_time: text(p["runtime.bootTime"]),
        uptime_s: num(p["summary.quickStats.uptimeSeconds"]),
        cpu_usage_mhz: num(p["summary.quickStats.overallCpuUsage"]),
        memory_usage_mb: num(p["summary.quickStats.guestMemoryUsage"]),
      },
      guest: {
        tools_status: text(p["guest.toolsRunningStatus"]),
        tools_version_status: text(p["guest.toolsVersionStatus2"]),
        hostname: text(p["guest.hostName"]),
        ip: text(p["guest.ipAddress"]),
        guest_os: text(p["guest.guestFullName"]),
        nics: asArray<VimObject>(p["guest.net"]).map((n) => ({
          network: text(n.network),
          mac: text(n.macAddress),
          connected: bool(n.connected),
          ips: asArray(n.ipAddress).map((ip) => text(ip)),
        })),
      },
      devices: {
        disks: devices.filter((d) => d._type === "VirtualDisk").map((d) => ({
          label: label(d),
          capacity_gb: gib(num(d.capacityInBytes) ?? ((num(d.capacityInKB) ?? 0) * 1024)),
          file: text(at(d, "backing.fileName")),
          thin: bool(at(d, "backing.thinProvisioned")),
          mode: text(at(d, "backing.diskMode")),
        })),
        nics: devices.filter((d) => typeof d.macAddress === "string" || obj(d.backing)?.network).map((d) => ({
          label: label(d),
          type: d._type ?? null,
          network: networkOfNic(d),
          mac: text(d.macAddress),
          connected: bool(at(d, "connectable.connected")),
        })),
        cdroms: devices.filter((d) => d._type === "VirtualCdrom").map((d) => ({
          label: label(d),
          iso: text(at(d, "backing.fileName")),
          connected: bool(at(d, "connectable.connected")),
        })),
        total: devices.length,
      },
      snapshots: { count: snapshotCount, current: currentName },
      storage: {
        committed_gb: gib(num(p["summary.storage.committed"])),
        uncommitted_gb: gib(num(p["summary.storage.uncommitted"])),
        datastores: asArray(p.datastore).map(nameOf),
      },
      placement: {
        host: nameOf(p["runtime.host"]),
        resource_pool: nameOf(p.resourcePool),
        folder: nameOf(p.parent),
        networks: asArray(p.network).map(nameOf),
      },
      custom_attributes: custom,
    };
  },
});

function countSnapshots(list: VimValue[]): number {
  let n = 0;
  for (const s of list) n += 1 + countSnapshots(asArray(obj(s)?.childSnapshotList));
  return n;
}

function findSnapshotName(list: VimValue[], id: string): string | null {
  for (const s of list) {
    const o = obj(s);
    if (!o) continue;
    if (ref(o.snapshot)?.value === id) return text(o.name);
    const found = findSnapshotName(asArray(o.childSnapshotList), id);
    if (found) return found;
  }
  return null;
}
