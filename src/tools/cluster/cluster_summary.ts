import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { globMatcher } from "../shared/glob.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { CLUSTER, list, ruleType } from "./shared.ts";

const rule = z.object({
  key: z.number().int().nullable(),
  name: z.string(),
  type: z.string().describe("vm_affinity, vm_anti_affinity, vm_host or other"),
  enabled: z.boolean(),
  mandatory: z.boolean(),
  vms: z.array(z.string()).optional(),
  vm_group: z.string().optional(),
  host_group: z.string().optional(),
  affine: z.boolean().optional().describe("vm_host: true = must/should run on, false = must/should not"),
});

const group = z.object({
  name: z.string(),
  type: z.enum(["vm", "host"]),
  members: z.array(z.string()),
});

const override = z.object({
  vm: z.string(),
  moref: z.string(),
  drs_enabled: z.boolean().optional(),
  drs_behavior: z.string().optional(),
  ha_restart_priority: z.string().optional(),
  ha_isolation_response: z.string().optional(),
});

const clusterSummary = z.object({
  moref: z.string(),
  name: z.string(),
  status: z.string(),
  hosts: z.number().int(),
  hosts_connected: z.number().int(),
  hosts_in_maintenance: z.number().int(),
  vms: z.number().int(),
  vms_powered_on: z.number().int(),
  cpu: z.object({ capacity_mhz: z.number(), used_mhz: z.number(), cores: z.number().nullable() }),
  memory: z.object({ capacity_mb: z.number(), used_mb: z.number() }),
  ha: z.object({
    enabled: z.boolean(),
    host_monitoring: z.string().nullable(),
    vm_monitoring: z.string().nullable(),
    admission_control: z.boolean().nullable(),
  }),
  drs: z.object({
    enabled: z.boolean(),
    behavior: z.string().nullable(),
    vmotion_rate: z.number().nullable(),
  }),
  dpm_enabled: z.boolean(),
  evc_mode: z.string().nullable(),
  host_names: z.array(z.string()).optional(),
  rules: z.array(rule).optional(),
  groups: z.array(group).optional(),
  vm_overrides: z.array(override).optional(),
  recommendations: z.array(z.object({
    key: z.string(),
    rating: z.number().describe("1 (least) to 5 (most important)"),
    reason: z.string(),
    actions: z.array(z.string()),
  })).optional().describe("Pending DRS recommendations (apply with cluster_drs)"),
});

interface HostRow {
  name: string;
  cluster: string | undefined;
  connected: boolean;
  maintenance: boolean;
  cpuMhz: number;
  memMb: number;
}

export const clusterSummaryTool = defineTool({
  name: "cluster_summary",
  toolset: "cluster",
  input: (t) => ({
    cluster: z.string().min(1).max(300).optional().describe(t("param.cluster.filter")),
    datacenter: datacenterInput(t),
    detail: z.boolean().default(false).describe(t("param.cluster.detail")),
  }),
  output: { clusters: z.array(clusterSummary) },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: [
    "get_cluster_ha_config",
    "get_cluster_drs_config",
    "list_drs_rules",
    "list_cluster_host_vm_groups",
    "get_cluster_resource_summary",
    "list_drs_vm_overrides",
    "list_ha_vm_overrides",
    "get_cluster_drs_recommendations",
    "get_evc_mode",
  ],
  async handler(args, ctx) {
    const container = args.datacenter
      ? (await resolveEntity(ctx.vsphere, "Datacenter", args.datacenter, { signal: ctx.signal })).ref
      : undefined;
    const scope = { ...(container ? { container } : {}), signal: ctx.signal };
    // A MoRef id matches exactly; anything else is a name glob.
    const wanted = args.cluster;
    const glob = globMatcher(wanted);
    const matches = (name: string, id: string) => id === wanted || glob(name);

    const clusters: { ref: MoRef; props: Record<string, unknown> }[] = [];
    for await (
      const c of retrieveView(ctx.vsphere, {
        type: CLUSTER,
        paths: [
          "name",
          "configurationEx",
          "summary",
          "overallStatus",
          ...(args.detail ? ["recommendation"] : []),
        ],
        ...scope,
      })
    ) {
      const name = sanitizeText(String(c.props.name ?? ""));
      if (matches(name, c.ref.value)) clusters.push(c);
    }
    if (clusters.length === 0) return { clusters: [] };

    // One cluster: its hosts and VMs are all below it, so the views need not walk the whole inventory.
    const inner = clusters.length === 1 ? { container: clusters[0]!.ref, signal: ctx.signal } : scope;
    const hosts = new Map<string, HostRow>();
    for await (
      const h of retrieveView(ctx.vsphere, {
        type: "HostSystem",
        paths: [
          "name",
          "parent",
          "runtime.connectionState",
          "runtime.inMaintenanceMode",
          "summary.quickStats.overallCpuUsage",
          "summary.quickStats.overallMemoryUsage",
        ],
        ...inner,
      })
    ) {
      const p = h.props;
      hosts.set(h.ref.value, {
        name: sanitizeText(String(p.name ?? h.ref.value)),
        cluster: (p.parent as MoRef | undefined)?.value,
        connected: p["runtime.connectionState"] === "connected",
        maintenance: p["runtime.inMaintenanceMode"] === true,
        cpuMhz: Number(p["summary.quickStats.overallCpuUsage"] ?? 0),
        memMb: Number(p["summary.quickStats.overallMemoryUsage"] ?? 0),
      });
    }
    const vmNames = new Map<string, string>();
    const vmCounts = new Map<string, { all: number; on: number }>();
    for await (
      const vm of retrieveView(ctx.vsphere, {
        type: "VirtualMachine",
        paths: ["name", "runtime.host", "runtime.powerState", "config.template"],
        ...inner,
      })
    ) {
      vmNames.set(vm.ref.value, sanitizeText(String(vm.props.name ?? vm.ref.value)));
      if (vm.props["config.template"] === true) continue;
      const cluster = hosts.get((vm.props["runtime.host"] as MoRef | undefined)?.value ?? "")?.cluster;
      if (!cluster) continue;
      const count = vmCounts.get(cluster) ?? { all: 0, on: 0 };
      count.all++;
      if (vm.props["runtime.powerState"] === "poweredOn") count.on++;
      vmCounts.set(cluster, count);
    }
    const vmName = (ref: MoRef) => vmNames.get(ref.value) ?? ref.value;
    const hostName = (ref: MoRef) => hosts.get(ref.value)?.name ?? ref.value;

    const out = clusters.map(({ ref, props }) => {
      const config = (props.configurationEx ?? {}) as VimObject;
      const summary = (props.summary ?? {}) as VimObject;
      const das = (config.dasConfig ?? {}) as VimObject;
      const drs = (config.drsConfig ?? {}) as VimObject;
      const members = [...hosts.values()].filter((h) => h.cluster === ref.value);
      const counts = vmCounts.get(ref.value) ?? { all: 0, on: 0 };
      const row: z.infer<typeof clusterSummary> = {
        moref: ref.value,
        name: sanitizeText(String(props.name ?? "")),
        status: String(props.overallStatus ?? summary.overallStatus ?? "gray"),
        hosts: members.length,
        hosts_connected: members.filter((h) => h.connected).length,
        hosts_in_maintenance: members.filter((h) => h.maintenance).length,
        vms: counts.all,
        vms_powered_on: counts.on,
        cpu: {
          capacity_mhz: Number(summary.totalCpu ?? 0),
          used_mhz: members.reduce((sum, h) => sum + h.cpuMhz, 0),
          cores: typeof summary.numCpuCores === "number" ? summary.numCpuCores : null,
        },
        memory: {
          capacity_mb: Math.round(Number(summary.totalMemory ?? 0) / 1024 / 1024),
          used_mb: members.reduce((sum, h) => sum + h.memMb, 0),
        },
        ha: {
          enabled: das.enabled === true,
          host_monitoring: typeof das.hostMonitoring === "string" ? das.hostMonitoring : null,
          vm_monitoring: typeof das.vmMonitoring === "string" ? das.vmMonitoring : null,
          admission_control: typeof das.admissionControlEnabled === "boolean"
            ? das.admissionControlEnabled
            : null,
        },
        drs: {
          enabled: drs.enabled === true,
          behavior: typeof drs.defaultVmBehavior === "string" ? drs.defaultVmBehavior : null,
          vmotion_rate: typeof drs.vmotionRate === "number" ? drs.vmotionRate : null,
        },
        dpm_enabled: ((config.dpmConfigInfo ?? {}) as VimObject).enabled === true,
        evc_mode: typeof summary.currentEVCModeKey === "string" && summary.currentEVCModeKey !== ""
          ? summary.currentEVCModeKey
          : null,
      };
      if (!args.detail) return row;
      row.host_names = members.map((h) => h.name).sort();
      row.rules = list(config.rule).map((r) => {
        const type = ruleType(r);
        return {
          key: typeof r.key === "number" ? r.key : null,
          name: sanitizeText(String(r.name ?? "")),
          type,
          enabled: r.enabled === true,
          mandatory: r.mandatory === true,
          ...(type === "vm_affinity" || type === "vm_anti_affinity"
            ? { vms: (r.vm as MoRef[] | undefined ?? []).map(vmName) }
            : {}),
          ...(type === "vm_host"
            ? {
              vm_group: sanitizeText(String(r.vmGroupName ?? "")),
              host_group: sanitizeText(String(r.affineHostGroupName ?? r.antiAffineHostGroupName ?? "")),
              affine: typeof r.affineHostGroupName === "string" && r.affineHostGroupName !== "",
            }
            : {}),
        };
      });
      row.groups = list(config.group).flatMap((g): z.infer<typeof group>[] => {
        if (g._type === "ClusterVmGroup") {
          return [{
            name: sanitizeText(String(g.name ?? "")),
            type: "vm",
            members: (g.vm as MoRef[] | undefined ?? []).map(vmName),
          }];
        }
        if (g._type === "ClusterHostGroup") {
          return [{
            name: sanitizeText(String(g.name ?? "")),
            type: "host",
            members: (g.host as MoRef[] | undefined ?? []).map(hostName),
          }];
        }
        return [];
      });
      const overrides = new Map<string, z.infer<typeof override>>();
      const entry = (key: MoRef) => {
        const existing = overrides.get(key.value);
        if (existing) return existing;
        const fresh: z.infer<typeof override> = { vm: vmName(key), moref: key.value };
        overrides.set(key.value, fresh);
        return fresh;
      };
      for (const d of list(config.drsVmConfig)) {
        const e = entry(d.key as MoRef);
        if (typeof d.enabled === "boolean") e.drs_enabled = d.enabled;
        if (typeof d.behavior === "string") e.drs_behavior = d.behavior;
      }
      for (const d of list(config.dasVmConfig)) {
        const e = entry(d.key as MoRef);
        const settings = (d.dasSettings ?? {}) as VimObject;
        const priority = settings.restartPriority ?? d.restartPriority;
        if (typeof priority === "string") e.ha_restart_priority = priority;
        if (typeof settings.isolationResponse === "string") {
          e.ha_isolation_response = settings.isolationResponse;
        }
      }
      row.vm_overrides = [...overrides.values()];
      row.recommendations = list(props.recommendation).map((r) => ({
        key: String(r.key ?? ""),
        rating: Number(r.rating ?? 0),
        reason: sanitizeText(String(r.reasonText ?? r.reason ?? "")),
        actions: list(r.action).map((a) => {
          const target = a.target as MoRef | undefined;
          const name = target
            ? (vmNames.get(target.value) ?? hosts.get(target.value)?.name ?? target.value)
            : "";
          return `${String(a.type ?? a._type ?? "")} ${name}`.trim();
        }),
      }));
      return row;
    });
    out.sort((a, b) => a.name.localeCompare(b.name) || a.moref.localeCompare(b.moref));
    return { clusters: out };
  },
});
