import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";

import { bool, gib, num, percent, ref, text } from "../shared/values.ts";
import { resolveScopes, scopeInput } from "./scope.ts";

const LIST_CAP = 20;

export const inventoryOverview = defineTool({
  name: "inventory_overview",
  toolset: "inventory",
  input: (t) => ({
    ...scopeInput(t, ["datacenter"]),
    top: z.number().int().min(1).max(LIST_CAP).default(5).describe(t("param.overview_top")),
  }),
  output: {
    vcenter: z.record(z.string(), z.unknown()),
    counts: z.record(z.string(), z.number()),
    clusters: z.array(z.record(z.string(), z.unknown())),
    datastores: z.array(z.record(z.string(), z.unknown())),
    hosts_attention: z.array(z.record(z.string(), z.unknown())),
    powered_off_vms: z.array(z.string()),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["get_resource_utilization_summary"],
  async handler(args, ctx) {
    const client = ctx.vsphere;
    const content = await client.serviceContent();
    const [container] = await resolveScopes(client, { datacenter: args.datacenter }, ctx.signal);
    const view = (type: string, paths: string[]) =>
      retrieveView(client, { type, paths, ...(container ? { container } : {}), signal: ctx.signal });
    const counts: Record<string, number> = {
      datacenters: 0,
      clusters: 0,
      hosts: 0,
      vms: 0,
      vms_powered_on: 0,
      vms_powered_off: 0,
      vms_suspended: 0,
      templates: 0,
      datastores: 0,
      networks: 0,
      resource_pools: 0,
    };
    if (!container) { for await (const _ of view("Datacenter", ["name"])) counts.datacenters!++; }
    else counts.datacenters = 1;

    // Host usage is summed per cluster: vCenter's cluster summary has capacity but not usage.
    const usage = new Map<string, { cpu: number; mem: number }>();
    const attention: Record<string, unknown>[] = [];
    for await (
      const h of view("HostSystem", [
        "name",
        "parent",
        "runtime.connectionState",
        "runtime.inMaintenanceMode",
        "summary.quickStats.overallCpuUsage",
        "summary.quickStats.overallMemoryUsage",
      ])
    ) {
      counts.hosts!++;
      const p = h.props;
      const parent = ref(p.parent);
      if (parent) {
        const u = usage.get(parent.value) ?? { cpu: 0, mem: 0 };
        u.cpu += num(p["summary.quickStats.overallCpuUsage"]) ?? 0;
        u.mem += num(p["summary.quickStats.overallMemoryUsage"]) ?? 0;
        usage.set(parent.value, u);
      }
      const state = text(p["runtime.connectionState"]);
      const maintenance = bool(p["runtime.inMaintenanceMode"]) === true;
      if (maintenance || state !== "connected") {
        attention.push({ moref: h.ref.value, name: sanitizeText(String(p.name ?? "")), state, maintenance });
      }
    }

    const clusters: Record<string, unknown>[] = [];
    for await (
      const c of view("ClusterComputeResource", [
        "name",
        "summary.numHosts",
        "summary.totalCpu",
        "summary.totalMemory",
        "overallStatus",
      ])
    ) {
      counts.clusters!++;
      const p = c.props;
      const u = usage.get(c.ref.value) ?? { cpu: 0, mem: 0 };
      const cpu = num(p["summary.totalCpu"]);
      const memBytes = num(p["summary.totalMemory"]);
      clusters.push({
        moref: c.ref.value,
        name: sanitizeText(String(p.name ?? "")),
        status: text(p.overallStatus),
        hosts: num(p["summary.numHosts"]),
        cpu_mhz: cpu,
        cpu_used_pct: percent(u.cpu, cpu),
        memory_gb: gib(memBytes),
        memory_used_pct: percent(u.mem * 2 ** 20, memBytes),
      });
    }

    const datastores: Record<string, unknown>[] = [];
    for await (
      const d of view("Datastore", ["name", "summary.capacity", "summary.freeSpace", "summary.accessible"])
    ) {
      counts.datastores!++;
      const capacity = num(d.props["summary.capacity"]);
      const free = num(d.props["summary.freeSpace"]);
      datastores.push({
        moref: d.ref.value,
        name: sanitizeText(String(d.props.name ?? "")),
        capacity_gb: gib(capacity),
        free_gb: gib(free),
        used_pct: capacity === null || free === null ? null : percent(capacity - free, capacity),
        accessible: bool(d.props["summary.accessible"]),
      });
    }
    datastores.sort((a, b) => Number(b.used_pct ?? 0) - Number(a.used_pct ?? 0));

    const poweredOff: string[] = [];
    for await (const vm of view("VirtualMachine", ["name", "runtime.powerState", "config.template"])) {
      if (bool(vm.props["config.template"]) === true) {
        counts.templates!++;
        continue;
      }
      counts.vms!++;
      const state = vm.props["runtime.powerState"];
      if (state === "poweredOn") counts.vms_powered_on!++;
      else if (state === "suspended") counts.vms_suspended!++;
      else {
        counts.vms_powered_off!++;
        poweredOff.push(sanitizeText(String(vm.props.name ?? "")));
      }
    }
    for await (const n of view("Network", ["name"])) if (n.ref.type === "Network") counts.networks!++;
    for await (const r of view("ResourcePool", ["name"])) {
      if (r.ref.type === "ResourcePool") counts.resource_pools!++;
    }

    const about = content.about;
    return {
      vcenter: {
        product: text(about.fullName),
        api_version: text(about.apiVersion),
        instance_uuid: text(about.instanceUuid),
      },
      counts,
      clusters: clusters.sort((a, b) => String(a.name).localeCompare(String(b.name))).slice(0, LIST_CAP),
      datastores: datastores.slice(0, args.top),
      hosts_attention: attention.slice(0, LIST_CAP),
      powered_off_vms: poweredOff.sort().slice(0, args.top),
    };
  },
});
