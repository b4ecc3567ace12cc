import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { asArray, at, bool, gib, num, percent, ref, text } from "../shared/values.ts";
import { nameResolver } from "./inventory_list.ts";

const PATHS = [
  "name",
  "parent",
  "overallStatus",
  "runtime.connectionState",
  "runtime.powerState",
  "runtime.inMaintenanceMode",
  "runtime.bootTime",
  "summary.config.product.fullName",
  "summary.config.product.build",
  "summary.hardware.vendor",
  "summary.hardware.model",
  "summary.hardware.cpuModel",
  "summary.hardware.cpuMhz",
  "summary.hardware.numCpuPkgs",
  "summary.hardware.numCpuCores",
  "summary.hardware.numCpuThreads",
  "summary.hardware.memorySize",
  "summary.quickStats.overallCpuUsage",
  "summary.quickStats.overallMemoryUsage",
  "summary.quickStats.uptime",
  "config.network.vswitch",
  "config.network.portgroup",
  "config.network.vnic",
  "config.network.dnsConfig",
  "vm",
  "datastore",
  "network",
] as const;

const MAX_VMS = 100;
const section = z.record(z.string(), z.unknown());

export const hostGet = defineTool({
  name: "host_get",
  toolset: "inventory",
  input: (t) => ({
    host: z.string().min(1).max(300).describe(t("param.host")),
    datacenter: datacenterInput(t),
  }),
  output: {
    moref: z.string(),
    name: z.string(),
    state: section,
    hardware: section,
    usage: section,
    networking: section,
    datastores: z.array(section),
    vms: section,
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["get_host_info"],
  async handler(args, ctx) {
    const client = ctx.vsphere;
    const host = await resolveEntity(client, "HostSystem", args.host, {
      signal: ctx.signal,
      ...(args.datacenter ? { datacenter: args.datacenter } : {}),
    });
    const p = await retrieveOne(client, host.ref, PATHS, { signal: ctx.signal });
    const nameOf = await nameResolver(
      client,
      [{ parent: p.parent ?? null, network: p.network ?? null }],
      ctx.signal,
    );

    const hostDatastores = new Set(asArray(p.datastore).map((d) => ref(d)?.value));
    const datastores: Record<string, unknown>[] = [];
    for await (
      const d of retrieveView(client, {
        type: "Datastore",
        paths: ["name", "summary.capacity", "summary.freeSpace", "summary.type"],
        signal: ctx.signal,
      })
    ) {
      if (!hostDatastores.has(d.ref.value)) continue;
      datastores.push({
        name: sanitizeText(String(d.props.name ?? "")),
        type: text(d.props["summary.type"]),
        capacity_gb: gib(num(d.props["summary.capacity"])),
        free_gb: gib(num(d.props["summary.freeSpace"])),
      });
    }

    const vmRefs = new Set(asArray(p.vm).map((v) => ref(v)?.value));
    const vmNames: string[] = [];
    let poweredOn = 0;
    if (vmRefs.size) {
      for await (
        const vm of retrieveView(client, {
          type: "VirtualMachine",
          paths: ["name", "runtime.powerState"],
          container: host.ref,
          signal: ctx.signal,
        })
      ) {
        if (!vmRefs.has(vm.ref.value)) continue;
        vmNames.push(sanitizeText(String(vm.props.name ?? "")));
        if (vm.props["runtime.powerState"] === "poweredOn") poweredOn++;
      }
    }

    const cpuMhz = num(p["summary.hardware.cpuMhz"]);
    const cores = num(p["summary.hardware.numCpuCores"]);
    const memory = num(p["summary.hardware.memorySize"]);
    const cpuUsed = num(p["summary.quickStats.overallCpuUsage"]);
    const memUsedMb = num(p["summary.quickStats.overallMemoryUsage"]);
    const dns = p["config.network.dnsConfig"] as VimObject | undefined;
    return {
      moref: host.ref.value,
      name: sanitizeText(String(p.name ?? host.name)),
      state: {
        parent: nameOf(p.parent),
        connection: text(p["runtime.connectionState"]),
        power: text(p["runtime.powerState"]),
        maintenance: bool(p["runtime.inMaintenanceMode"]),
        status: text(p.overallStatus),
        product: text(p["summary.config.product.fullName"]),
        build: text(p["summary.config.product.build"]),
        boot_time: text(p["runtime.bootTime"]),
        uptime_s: num(p["summary.quickStats.uptime"]),
      },
      hardware: {
        vendor: text(p["summary.hardware.vendor"]),
        model: text(p["summary.hardware.model"]),
        cpu_model: text(p["summary.hardware.cpuModel"]),
        cpu_mhz: cpuMhz,
        sockets: num(p["summary.hardware.numCpuPkgs"]),
        cores,
        threads: num(p["summary.hardware.numCpuThreads"]),
        memory_gb: gib(memory),
      },
      usage: {
        cpu_mhz: cpuUsed,
        cpu_pct: percent(cpuUsed, cpuMhz !== null && cores !== null ? cpuMhz * cores : null),
        memory_mb: memUsedMb,
        memory_pct: percent(memUsedMb === null ? null : memUsedMb * 2 ** 20, memory),
      },
      networking: {
        hostname: text(at(dns, "hostName")),
        domain: text(at(dns, "domainName")),
        dns_servers: asArray(at(dns, "address")).map((a) => text(a)),
        vswitches: asArray<VimObject>(p["config.network.vswitch"]).map((v) => ({
          name: text(v.name),
          ports: num(v.numPorts),
          mtu: num(v.mtu),
          uplinks: asArray(v.pnic).length,
        })),
        portgroups: asArray<VimObject>(p["config.network.portgroup"]).map((g) => ({
          name: text(at(g, "spec.name")),
          vlan: num(at(g, "spec.vlanId")),
          vswitch: text(at(g, "spec.vswitchName")),
        })),
        vmknics: asArray<VimObject>(p["config.network.vnic"]).map((n) => ({
          device: text(n.device),
          portgroup: text(n.portgroup),
          ip: text(at(n, "spec.ip.ipAddress")),
        })),
        networks: asArray(p.network).map(nameOf),
      },
      datastores: datastores.sort((a, b) => String(a.name).localeCompare(String(b.name))),
      vms: {
        total: vmRefs.size,
        powered_on: poweredOn,
        names: vmNames.sort().slice(0, MAX_VMS),
      },
    };
  },
});
