/**
 * The simpler inventory object kinds as data: the managed object type, the property paths of the compact
 * summary and of the detail view, and how a row is built from them. inventory_list and
 * inventory_overview read this table; adding a kind is one entry.
 */
import type { VimValue } from "../../vsphere/soap/types.ts";
import { asArray, bool, gib, num, percent, ref, text } from "../shared/values.ts";

export type Props = Record<string, VimValue>;
export type Row = Record<string, unknown>;
/** Looks up the display name of a referenced object (host, cluster, switch...). */
export type NameOf = (value: VimValue | undefined) => string | null;

export interface KindSpec {
  type: string;
  /** Container views of a base type also return subtypes (a dvportgroup is a Network). */
  exactType?: boolean;
  paths: readonly string[];
  detailPaths: readonly string[];
  row(p: Props, nameOf: NameOf): Row;
  detail(p: Props, nameOf: NameOf): Row;
}

const count = (v: VimValue | undefined) => asArray(v).length;
const mibToGib = (mib: number | null) => mib === null ? null : Math.round(mib / 1024 * 10) / 10;

export const KINDS = {
  datacenter: {
    type: "Datacenter",
    paths: ["name", "overallStatus"],
    detailPaths: ["datastore", "network", "vmFolder", "hostFolder"],
    row: (p) => ({ status: text(p.overallStatus) }),
    detail: (p) => ({ datastores: count(p.datastore), networks: count(p.network) }),
  },
  cluster: {
    type: "ClusterComputeResource",
    paths: [
      "name",
      "overallStatus",
      "summary.numHosts",
      "summary.numEffectiveHosts",
      "summary.totalCpu",
      "summary.totalMemory",
    ],
    detailPaths: [
      "configuration.drsConfig.enabled",
      "configuration.drsConfig.defaultVmBehavior",
      "configuration.dasConfig.enabled",
      "summary.effectiveCpu",
      "summary.effectiveMemory",
      "datastore",
      "network",
      "parent",
    ],
    row: (p) => ({
      status: text(p.overallStatus),
      hosts: num(p["summary.numHosts"]),
      effective_hosts: num(p["summary.numEffectiveHosts"]),
      cpu_mhz: num(p["summary.totalCpu"]),
      memory_gb: gib(num(p["summary.totalMemory"])),
    }),
    detail: (p) => ({
      drs_enabled: bool(p["configuration.drsConfig.enabled"]),
      drs_behavior: text(p["configuration.drsConfig.defaultVmBehavior"]),
      ha_enabled: bool(p["configuration.dasConfig.enabled"]),
      effective_cpu_mhz: num(p["summary.effectiveCpu"]),
      effective_memory_gb: mibToGib(num(p["summary.effectiveMemory"])),
      datastores: count(p.datastore),
      networks: count(p.network),
    }),
  },
  host: {
    type: "HostSystem",
    paths: [
      "name",
      "parent",
      "runtime.connectionState",
      "runtime.powerState",
      "runtime.inMaintenanceMode",
      "summary.hardware.numCpuCores",
      "summary.hardware.memorySize",
      "summary.quickStats.overallCpuUsage",
      "summary.quickStats.overallMemoryUsage",
    ],
    detailPaths: [
      "overallStatus",
      "summary.hardware.vendor",
      "summary.hardware.model",
      "summary.hardware.cpuModel",
      "summary.hardware.cpuMhz",
      "summary.hardware.numCpuThreads",
      "summary.config.product.fullName",
      "summary.config.product.build",
      "summary.runtime.bootTime",
      "summary.quickStats.uptime",
      "vm",
      "datastore",
      "network",
    ],
    row: (p, nameOf) => ({
      parent: nameOf(p.parent),
      connection_state: text(p["runtime.connectionState"]),
      power_state: text(p["runtime.powerState"]),
      maintenance: bool(p["runtime.inMaintenanceMode"]),
      cpu_cores: num(p["summary.hardware.numCpuCores"]),
      memory_gb: gib(num(p["summary.hardware.memorySize"])),
      cpu_usage_mhz: num(p["summary.quickStats.overallCpuUsage"]),
      memory_usage_mb: num(p["summary.quickStats.overallMemoryUsage"]),
    }),
    detail: (p, nameOf) => ({
      status: text(p.overallStatus),
      vendor: text(p["summary.hardware.vendor"]),
      model: text(p["summary.hardware.model"]),
      cpu_model: text(p["summary.hardware.cpuModel"]),
      cpu_mhz: num(p["summary.hardware.cpuMhz"]),
      cpu_threads: num(p["summary.hardware.numCpuThreads"]),
      product: text(p["summary.config.product.fullName"]),
      build: text(p["summary.config.product.build"]),
      boot_time: text(p["summary.runtime.bootTime"]),
      uptime_s: num(p["summary.quickStats.uptime"]),
      vms: count(p.vm),
      datastores: asArray(p.datastore).map(nameOf),
      networks: asArray(p.network).map(nameOf),
    }),
  },
  datastore: {
    type: "Datastore",
    paths: ["name", "summary.type", "summary.capacity", "summary.freeSpace", "summary.accessible"],
    detailPaths: [
      "summary.url",
      "summary.uncommitted",
      "summary.maintenanceMode",
      "summary.multipleHostAccess",
      "host",
      "vm",
      "parent",
    ],
    row: (p) => {
      const capacity = num(p["summary.capacity"]);
      const free = num(p["summary.freeSpace"]);
      return {
        type: text(p["summary.type"]),
        capacity_gb: gib(capacity),
        free_gb: gib(free),
        used_pct: capacity === null || free === null ? null : percent(capacity - free, capacity),
        accessible: bool(p["summary.accessible"]),
      };
    },
    detail: (p, nameOf) => ({
      url: text(p["summary.url"]),
      uncommitted_gb: gib(num(p["summary.uncommitted"])),
      maintenance: text(p["summary.maintenanceMode"]),
      multiple_host_access: bool(p["summary.multipleHostAccess"]),
      hosts: count(p.host),
      vms: count(p.vm),
      folder: nameOf(p.parent),
    }),
  },
  datastore_cluster: {
    type: "StoragePod",
    paths: ["name", "summary.capacity", "summary.freeSpace", "childEntity"],
    detailPaths: ["podStorageDrsEntry.storageDrsConfig.podConfig.enabled"],
    row: (p) => {
      const capacity = num(p["summary.capacity"]);
      const free = num(p["summary.freeSpace"]);
      return {
        capacity_gb: gib(capacity),
        free_gb: gib(free),
        used_pct: capacity === null || free === null ? null : percent(capacity - free, capacity),
        datastores: count(p.childEntity),
      };
    },
    detail: (p) => ({ sdrs_enabled: bool(p["podStorageDrsEntry.storageDrsConfig.podConfig.enabled"]) }),
  },
  network: {
    type: "Network",
    exactType: true,
    paths: ["name", "summary.accessible"],
    detailPaths: ["host", "vm"],
    row: (p) => ({ accessible: bool(p["summary.accessible"]) }),
    detail: (p) => ({ hosts: count(p.host), vms: count(p.vm) }),
  },
  dvswitch: {
    type: "DistributedVirtualSwitch",
    paths: ["name", "summary.numPorts", "summary.productInfo.version", "portgroup"],
    detailPaths: ["uuid", "summary.hostMember", "config.maxMtu", "summary.vm"],
    row: (p) => ({
      ports: num(p["summary.numPorts"]),
      version: text(p["summary.productInfo.version"]),
      portgroups: count(p.portgroup),
    }),
    detail: (p) => ({
      uuid: text(p.uuid),
      hosts: count(p["summary.hostMember"]),
      max_mtu: num(p["config.maxMtu"]),
      vms: count(p["summary.vm"]),
    }),
  },
  dvportgroup: {
    type: "DistributedVirtualPortgroup",
    paths: ["name", "config.distributedVirtualSwitch", "config.numPorts", "config.type"],
    detailPaths: ["key", "config.defaultPortConfig.vlan.vlanId", "host", "vm"],
    row: (p, nameOf) => ({
      dvswitch: nameOf(p["config.distributedVirtualSwitch"]),
      ports: num(p["config.numPorts"]),
      binding: text(p["config.type"]),
    }),
    detail: (p) => {
      const vlan = p["config.defaultPortConfig.vlan.vlanId"];
      return {
        key: text(p.key),
        vlan: typeof vlan === "number" || typeof vlan === "string" ? num(vlan) : null,
        hosts: count(p.host),
        vms: count(p.vm),
      };
    },
  },
  resource_pool: {
    type: "ResourcePool",
    exactType: true,
    paths: ["name", "parent", "owner", "vm", "resourcePool"],
    detailPaths: [
      "config.cpuAllocation.reservation",
      "config.cpuAllocation.limit",
      "config.cpuAllocation.expandableReservation",
      "config.cpuAllocation.shares.level",
      "config.memoryAllocation.reservation",
      "config.memoryAllocation.limit",
      "config.memoryAllocation.expandableReservation",
      "config.memoryAllocation.shares.level",
      "overallStatus",
    ],
    row: (p, nameOf) => ({
      parent: nameOf(p.parent),
      owner: nameOf(p.owner),
      vms: count(p.vm),
      child_pools: count(p.resourcePool),
    }),
    detail: (p) => ({
      status: text(p.overallStatus),
      cpu: {
        reservation_mhz: num(p["config.cpuAllocation.reservation"]),
        limit_mhz: num(p["config.cpuAllocation.limit"]),
        expandable: bool(p["config.cpuAllocation.expandableReservation"]),
        shares: text(p["config.cpuAllocation.shares.level"]),
      },
      memory: {
        reservation_mb: num(p["config.memoryAllocation.reservation"]),
        limit_mb: num(p["config.memoryAllocation.limit"]),
        expandable: bool(p["config.memoryAllocation.expandableReservation"]),
        shares: text(p["config.memoryAllocation.shares.level"]),
      },
    }),
  },
  folder: {
    type: "Folder",
    exactType: true,
    paths: ["name", "parent", "childType", "childEntity"],
    detailPaths: [],
    row: (p, nameOf) => ({
      parent: nameOf(p.parent),
      child_types: asArray(p.childType).map((c) => text(c)),
      children: count(p.childEntity),
    }),
    detail: () => ({}),
  },
  vapp: {
    type: "VirtualApp",
    paths: ["name", "parent", "summary.vAppState", "vm"],
    detailPaths: ["vAppConfig.annotation", "vAppConfig.entityConfig"],
    row: (p, nameOf) => ({
      parent: nameOf(p.parent),
      state: text(p["summary.vAppState"]),
      vms: count(p.vm),
    }),
    detail: (p) => ({
      annotation: text(p["vAppConfig.annotation"], 200),
      start_order_entries: count(p["vAppConfig.entityConfig"]),
    }),
  },
} as const satisfies Record<string, KindSpec>;

export type Kind = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as [Kind, ...Kind[]];

/** Reference-typed paths whose names the rows show, by the type of object they point to. */
export function referencedTypes(p: Props): Set<string> {
  const types = new Set<string>();
  for (const value of Object.values(p)) {
    for (const item of asArray(value)) {
      const r = ref(item);
      if (r) types.add(r.type);
    }
  }
  return types;
}
