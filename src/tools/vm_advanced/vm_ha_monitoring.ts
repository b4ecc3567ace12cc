/**
 * HA VM monitoring for one VM (a per-VM override in its cluster): whether HA resets the VM when VMware Tools
 * heartbeats (and application heartbeats) stop, with what sensitivity, or back to the cluster's setting.
 * Other per-VM HA settings (restart priority, isolation response) are kept as they are.
 */
import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput, waitInput } from "../shared/inputs.ts";
import { bool, obj, objects, readVm, resolveVm, str } from "../vm/common.ts";
import { operationOutput, vmOperation } from "./common.ts";

const MODES = ["vmMonitoringDisabled", "vmMonitoringOnly", "vmAndAppMonitoring", "cluster_default"] as const;

export interface MonitoringOptions {
  monitoring: typeof MODES[number];
  failure_interval?: number | undefined;
  min_up_time?: number | undefined;
  max_failures?: number | undefined;
  max_failure_window?: number | undefined;
}

/** The ReconfigureComputeResource_Task arguments (also used by the WSDL contract test). */
export function monitoringSpec(vm: MoRef, existing: VimObject | undefined, o: MonitoringOptions) {
  const tools: VimObject = o.monitoring === "cluster_default"
    ? { _type: "ClusterVmToolsMonitoringSettings", clusterSettings: true }
    : {
      _type: "ClusterVmToolsMonitoringSettings",
      enabled: o.monitoring !== "vmMonitoringDisabled",
      vmMonitoring: o.monitoring,
      clusterSettings: false,
      ...(o.failure_interval !== undefined ? { failureInterval: o.failure_interval } : {}),
      ...(o.min_up_time !== undefined ? { minUpTime: o.min_up_time } : {}),
      ...(o.max_failures !== undefined ? { maxFailures: o.max_failures } : {}),
      ...(o.max_failure_window !== undefined ? { maxFailureWindow: o.max_failure_window } : {}),
    };
  const settings: VimObject = {
    ...(obj(existing?.dasSettings) ?? {}),
    _type: "ClusterDasVmSettings",
    vmToolsMonitoringSettings: tools,
  };
  return {
    spec: {
      _type: "ClusterConfigSpecEx",
      dasVmConfigSpec: [{
        _type: "ClusterDasVmConfigSpec",
        operation: existing ? "edit" : "add",
        info: { _type: "ClusterDasVmConfigInfo", key: vm, dasSettings: settings },
      }],
    },
    modify: true,
  };
}

export const vmHaMonitoring = defineTool({
  name: "vm_ha_monitoring",
  toolset: "vm_advanced",
  input: (t) => ({
    vm: vmInput(t),
    monitoring: z.enum(MODES).describe(t("param.vm_ha_monitoring_monitoring")),
    failure_interval: z.number().int().min(1).max(86400).optional().describe(
      t("param.vm_ha_monitoring_failure_interval"),
    ),
    min_up_time: z.number().int().min(0).max(86400).optional().describe(
      t("param.vm_ha_monitoring_min_up_time"),
    ),
    max_failures: z.number().int().min(-1).max(100).optional().describe(
      t("param.vm_ha_monitoring_max_failures"),
    ),
    max_failure_window: z.number().int().min(-1).max(604800).optional().describe(
      t("param.vm_ha_monitoring_max_failure_window"),
    ),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: operationOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  // With monitoring on, HA resets the VM when its heartbeats stop: the same tier as a reset.
  tier: "medium",
  privileges: ["Host.Inventory.EditCluster"],
  aliases: ["set_vm_monitoring"],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm, args.datacenter);
    const host = (await readVm(ctx, vm.ref, ["runtime.host"]))["runtime.host"] as MoRef | undefined;
    const cluster = host ? (await readVm(ctx, host, ["parent"])).parent as MoRef | undefined : undefined;
    if (!cluster || cluster.type !== "ClusterComputeResource") {
      throw new ToolInputError("vm_ha_monitoring.no_cluster", { name: vm.display }, "hints.input");
    }
    const config = obj((await readVm(ctx, cluster, ["configurationEx"])).configurationEx) ?? {};
    const existing = objects(config.dasVmConfig).find((c) =>
      (c.key as MoRef | undefined)?.value === vm.ref.value
    );
    const tools = obj(obj(existing?.dasSettings)?.vmToolsMonitoringSettings);
    const current = !tools || bool(tools.clusterSettings) === true
      ? "cluster_default"
      : str(tools.vmMonitoring) ?? "";
    const params = { name: vm.display, monitoring: args.monitoring, current };
    const tuning = [args.failure_interval, args.min_up_time, args.max_failures, args.max_failure_window];
    if (current === args.monitoring && tuning.every((v) => v === undefined)) {
      return { vm: vm.display, moref: vm.ref.value, message: ctx.t("vm_ha_monitoring.already", params) };
    }
    const { result: _ignored, ...out } = await vmOperation(ctx, vm, {
      method: "ReconfigureComputeResource_Task",
      thisRef: cluster,
      args: monitoringSpec(vm.ref, existing, args),
      summary: ctx.t("vm_ha_monitoring.summary", params),
      done: ctx.t("vm_ha_monitoring.done", params),
      state: { vmMonitoring: current },
      waitSeconds: args.wait_seconds,
    });
    return out;
  },
});
