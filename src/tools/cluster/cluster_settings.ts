import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import {
  clusterConfig,
  clusterInput,
  reconfigureCluster,
  resolveCluster,
  taskFields,
  taskOut,
} from "./shared.ts";

const DRS_BEHAVIORS = ["manual", "partiallyAutomated", "fullyAutomated"] as const;
const VM_MONITORING = ["vmMonitoringDisabled", "vmMonitoringOnly", "vmAndAppMonitoring"] as const;

const settings = z.object({
  ha_enabled: z.boolean().nullable(),
  ha_host_monitoring: z.boolean().nullable(),
  ha_vm_monitoring: z.string().nullable(),
  ha_admission_control: z.boolean().nullable(),
  ha_failover_level: z.number().nullable(),
  ha_failover_cpu_percent: z.number().nullable(),
  ha_failover_memory_percent: z.number().nullable(),
  ha_heartbeat_datastores: z.array(z.string()).nullable(),
  drs_enabled: z.boolean().nullable(),
  drs_behavior: z.string().nullable(),
  drs_vmotion_rate: z.number().nullable(),
  dpm_enabled: z.boolean().nullable(),
  dpm_behavior: z.string().nullable(),
});
type Settings = z.infer<typeof settings>;

function current(config: VimObject, datastoreNames: Map<string, string>): Settings {
  const das = (config.dasConfig ?? {}) as VimObject;
  const drs = (config.drsConfig ?? {}) as VimObject;
  const dpm = (config.dpmConfigInfo ?? {}) as VimObject;
  const policy = (das.admissionControlPolicy ?? {}) as VimObject;
  const level = das.failoverLevel ?? policy.failoverLevel;
  return {
    ha_enabled: typeof das.enabled === "boolean" ? das.enabled : null,
    ha_host_monitoring: typeof das.hostMonitoring === "string" ? das.hostMonitoring === "enabled" : null,
    ha_vm_monitoring: typeof das.vmMonitoring === "string" ? das.vmMonitoring : null,
    ha_admission_control: typeof das.admissionControlEnabled === "boolean"
      ? das.admissionControlEnabled
      : null,
    ha_failover_level: typeof level === "number" ? level : null,
    ha_failover_cpu_percent: typeof policy.cpuFailoverResourcesPercent === "number"
      ? policy.cpuFailoverResourcesPercent
      : null,
    ha_failover_memory_percent: typeof policy.memoryFailoverResourcesPercent === "number"
      ? policy.memoryFailoverResourcesPercent
      : null,
    ha_heartbeat_datastores: Array.isArray(das.heartbeatDatastore)
      ? (das.heartbeatDatastore as MoRef[]).map((d) => datastoreNames.get(d.value) ?? d.value).sort()
      : null,
    drs_enabled: typeof drs.enabled === "boolean" ? drs.enabled : null,
    drs_behavior: typeof drs.defaultVmBehavior === "string" ? drs.defaultVmBehavior : null,
    drs_vmotion_rate: typeof drs.vmotionRate === "number" ? drs.vmotionRate : null,
    dpm_enabled: typeof dpm.enabled === "boolean" ? dpm.enabled : null,
    dpm_behavior: typeof dpm.defaultDpmBehavior === "string" ? dpm.defaultDpmBehavior : null,
  };
}

export const clusterSettings = defineTool({
  name: "cluster_settings",
  toolset: "cluster",
  input: (t) => ({
    cluster: clusterInput(t),
    ha_enabled: z.boolean().optional().describe(t("param.cluster.ha_enabled")),
    ha_host_monitoring: z.boolean().optional().describe(t("param.cluster.ha_host_monitoring")),
    ha_vm_monitoring: z.enum(VM_MONITORING).optional().describe(t("param.cluster.ha_vm_monitoring")),
    ha_admission_control: z.boolean().optional().describe(t("param.cluster.ha_admission_control")),
    ha_failover_level: z.number().int().min(1).max(31).optional().describe(
      t("param.cluster.ha_failover_level"),
    ),
    ha_failover_cpu_percent: z.number().int().min(0).max(100).optional().describe(
      t("param.cluster.ha_failover_cpu_percent"),
    ),
    ha_failover_memory_percent: z.number().int().min(0).max(100).optional().describe(
      t("param.cluster.ha_failover_memory_percent"),
    ),
    ha_heartbeat_datastores: z.array(z.string().min(1).max(300)).max(5).optional().describe(
      t("param.cluster.ha_heartbeat_datastores"),
    ),
    drs_enabled: z.boolean().optional().describe(t("param.cluster.drs_enabled")),
    drs_behavior: z.enum(DRS_BEHAVIORS).optional().describe(t("param.cluster.drs_behavior")),
    drs_vmotion_rate: z.number().int().min(1).max(5).optional().describe(t("param.cluster.drs_vmotion_rate")),
    dpm_enabled: z.boolean().optional().describe(t("param.cluster.dpm_enabled")),
    dpm_behavior: z.enum(["manual", "automated"]).optional().describe(t("param.cluster.dpm_behavior")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    cluster: z.string(),
    moref: z.string(),
    before: settings,
    after: settings.describe("As vCenter reports it after the change"),
    changed: z.array(z.string()),
    message: z.string(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // HA and DRS decide where VMs run and whether they restart after a failure.
  tier: "high",
  privileges: ["Host.Inventory.EditCluster"],
  aliases: [
    "configure_cluster_ha",
    "configure_cluster_drs",
    "configure_ha_admission_control",
    "configure_dpm",
    "configure_ha_heartbeat_datastores",
  ],
  async handler(args, ctx) {
    const cluster = await resolveCluster(ctx, args.cluster, args.datacenter);
    if ((args.ha_failover_cpu_percent === undefined) !== (args.ha_failover_memory_percent === undefined)) {
      throw new ToolInputError("cluster_settings.both_percents", {}, "hints.input");
    }
    const datastoreNames = new Map<string, string>();
    for await (
      const d of retrieveView(ctx.vsphere, { type: "Datastore", paths: ["name"], signal: ctx.signal })
    ) datastoreNames.set(d.ref.value, sanitizeText(String(d.props.name ?? d.ref.value)));
    const heartbeat = args.ha_heartbeat_datastores
      ? await Promise.all(args.ha_heartbeat_datastores.map((d) =>
        resolveEntity(ctx.vsphere, "Datastore", d, {
          signal: ctx.signal,
          ...(args.datacenter ? { datacenter: args.datacenter } : {}),
        })
      ))
      : undefined;
    const before = current(await clusterConfig(ctx, cluster.ref), datastoreNames);
    const requested: Partial<Settings> = {};
    for (const key of Object.keys(before) as (keyof Settings)[]) {
      const value = key === "ha_heartbeat_datastores"
        ? heartbeat?.map((d) => datastoreNames.get(d.ref.value) ?? d.ref.value).sort()
        : args[key];
      if (value !== undefined) (requested as Record<string, unknown>)[key] = value;
    }
    if (Object.keys(requested).length === 0) {
      throw new ToolInputError("cluster_settings.nothing_requested", {}, "hints.input");
    }
    const changed = (Object.keys(requested) as (keyof Settings)[])
      .filter((k) => JSON.stringify(requested[k]) !== JSON.stringify(before[k]));
    const base = { cluster: cluster.name, moref: cluster.ref.value, before };
    if (changed.length === 0) {
      return {
        ...base,
        after: before,
        changed,
        message: ctx.t("cluster_settings.unchanged", { name: cluster.name }),
      };
    }

    // Only the fields asked for travel; `modify: true` leaves everything else as it is.
    const das: VimObject = {};
    if (args.ha_enabled !== undefined) das.enabled = args.ha_enabled;
    if (args.ha_vm_monitoring !== undefined) das.vmMonitoring = args.ha_vm_monitoring;
    if (args.ha_host_monitoring !== undefined) {
      das.hostMonitoring = args.ha_host_monitoring ? "enabled" : "disabled";
    }
    if (args.ha_failover_cpu_percent !== undefined && args.ha_failover_memory_percent !== undefined) {
      das.admissionControlPolicy = {
        _type: "ClusterFailoverResourcesAdmissionControlPolicy",
        cpuFailoverResourcesPercent: args.ha_failover_cpu_percent,
        memoryFailoverResourcesPercent: args.ha_failover_memory_percent,
        ...(args.ha_failover_level !== undefined ? { failoverLevel: args.ha_failover_level } : {}),
        autoComputePercentages: false,
      };
    } else if (args.ha_failover_level !== undefined) {
      das.admissionControlPolicy = {
        _type: "ClusterFailoverLevelAdmissionControlPolicy",
        failoverLevel: args.ha_failover_level,
      };
    }
    if (args.ha_admission_control !== undefined) das.admissionControlEnabled = args.ha_admission_control;
    if (heartbeat) {
      das.heartbeatDatastore = heartbeat.map((d) => d.ref);
      das.hBDatastoreCandidatePolicy = "userSelectedDs";
    }
    const drs: VimObject = {};
    if (args.drs_enabled !== undefined) drs.enabled = args.drs_enabled;
    if (args.drs_behavior !== undefined) drs.defaultVmBehavior = args.drs_behavior;
    if (args.drs_vmotion_rate !== undefined) drs.vmotionRate = args.drs_vmotion_rate;
    const dpm: VimObject = {};
    if (args.dpm_enabled !== undefined) dpm.enabled = args.dpm_enabled;
    if (args.dpm_behavior !== undefined) dpm.defaultDpmBehavior = args.dpm_behavior;
    const spec: VimObject = {
      ...(Object.keys(das).length ? { dasConfig: { _type: "ClusterDasConfigInfo", ...das } } : {}),
      ...(Object.keys(drs).length ? { drsConfig: { _type: "ClusterDrsConfigInfo", ...drs } } : {}),
      ...(Object.keys(dpm).length ? { dpmConfig: { _type: "ClusterDpmConfigInfo", ...dpm } } : {}),
    };
    return await ctx.mutate({
      targets: [{ ref: cluster.ref, name: cluster.name, state: before }],
      summary: ctx.t("cluster_settings.summary", { name: cluster.name, changes: changed.join(", ") }),
      method: "ReconfigureComputeResource_Task",
      args: requested,
    }, async () => {
      const task = await reconfigureCluster(ctx, cluster.ref, spec, args.wait_seconds);
      const after = current(await clusterConfig(ctx, cluster.ref), datastoreNames);
      return {
        ...base,
        after,
        changed,
        message: ctx.t(task.state === "success" ? "cluster_settings.done" : "cluster_settings.pending", {
          name: cluster.name,
        }),
        ...taskOut(task),
      };
    });
  },
});
