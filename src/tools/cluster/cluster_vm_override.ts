import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput, waitInput } from "../shared/inputs.ts";
import {
  clusterConfig,
  clusterInput,
  list,
  reconfigureCluster,
  resolveAll,
  resolveCluster,
  taskFields,
  taskOut,
} from "./shared.ts";

const ACTIONS = ["set", "remove"] as const;
const DRS = ["disabled", "manual", "partiallyAutomated", "fullyAutomated"] as const;
const PRIORITIES = [
  "disabled",
  "lowest",
  "low",
  "medium",
  "high",
  "highest",
  "clusterRestartPriority",
] as const;
const ISOLATION = ["none", "powerOff", "shutdown", "clusterIsolationResponse"] as const;

const overrideState = z.object({
  drs_behavior: z.string().nullable(),
  ha_restart_priority: z.string().nullable(),
  ha_isolation_response: z.string().nullable(),
});
type OverrideState = z.infer<typeof overrideState>;

function stateOf(drs: VimObject | undefined, das: VimObject | undefined): OverrideState {
  const settings = (das?.dasSettings ?? {}) as VimObject;
  return {
    drs_behavior: drs ? (drs.enabled === false ? "disabled" : String(drs.behavior ?? "")) || null : null,
    ha_restart_priority: das ? String(settings.restartPriority ?? das.restartPriority ?? "") || null : null,
    ha_isolation_response: das ? String(settings.isolationResponse ?? "") || null : null,
  };
}

export const clusterVmOverride = defineTool({
  name: "cluster_vm_override",
  toolset: "cluster",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.cluster.override_action")),
    cluster: clusterInput(t),
    vm: vmInput(t),
    drs_behavior: z.enum(DRS).optional().describe(t("param.cluster.override_drs")),
    ha_restart_priority: z.enum(PRIORITIES).optional().describe(t("param.cluster.override_restart")),
    ha_isolation_response: z.enum(ISOLATION).optional().describe(t("param.cluster.override_isolation")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    action: z.enum(ACTIONS),
    cluster: z.string(),
    vm: z.string(),
    before: overrideState,
    after: overrideState,
    message: z.string(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Overrides change how HA restarts and DRS moves one VM.
  tier: "high",
  privileges: ["Host.Inventory.EditCluster"],
  aliases: ["set_drs_vm_override", "set_ha_vm_override"],
  async handler(args, ctx) {
    const cluster = await resolveCluster(ctx, args.cluster, args.datacenter);
    const [vm] = await resolveAll(ctx, "VirtualMachine", [args.vm], args.datacenter);
    const key = vm!.ref;
    const find = (items: VimObject[]) => items.find((i) => (i.key as MoRef | undefined)?.value === key.value);
    const read = async () => {
      const config = await clusterConfig(ctx, cluster.ref);
      return { drs: find(list(config.drsVmConfig)), das: find(list(config.dasVmConfig)) };
    };
    const { drs, das } = await read();
    const before = stateOf(drs, das);
    const base = { action: args.action, cluster: cluster.name, vm: vm!.name, before };
    const target = { ref: cluster.ref, name: cluster.name, state: { vm: key.value, ...before } };

    const spec: VimObject = {};
    if (args.action === "remove") {
      // The removeKey of both override lists is the VM's MoRef (sent as xsi:type ManagedObjectReference).
      if (drs) {
        spec.drsVmConfigSpec = [{ _type: "ClusterDrsVmConfigSpec", operation: "remove", removeKey: key }];
      }
      if (das) {
        spec.dasVmConfigSpec = [{ _type: "ClusterDasVmConfigSpec", operation: "remove", removeKey: key }];
      }
      if (!drs && !das) {
        return { ...base, after: before, message: ctx.t("cluster_vm_override.absent", { vm: vm!.name }) };
      }
    } else {
      if (!args.drs_behavior && !args.ha_restart_priority && !args.ha_isolation_response) {
        throw new ToolInputError("cluster_vm_override.nothing_requested", {}, "hints.input");
      }
      const unchanged = (!args.drs_behavior || args.drs_behavior === before.drs_behavior) &&
        (!args.ha_restart_priority || args.ha_restart_priority === before.ha_restart_priority) &&
        (!args.ha_isolation_response || args.ha_isolation_response === before.ha_isolation_response);
      if (unchanged) {
        return { ...base, after: before, message: ctx.t("cluster_vm_override.unchanged", { vm: vm!.name }) };
      }
      if (args.drs_behavior) {
        const info: VimObject = {
          _type: "ClusterDrsVmConfigInfo",
          key,
          enabled: args.drs_behavior !== "disabled",
          ...(args.drs_behavior !== "disabled" ? { behavior: args.drs_behavior } : {}),
        };
        spec.drsVmConfigSpec = [{ _type: "ClusterDrsVmConfigSpec", operation: drs ? "edit" : "add", info }];
      }
      if (args.ha_restart_priority || args.ha_isolation_response) {
        const old = (das?.dasSettings ?? {}) as VimObject;
        const restart = args.ha_restart_priority ?? old.restartPriority;
        const isolation = args.ha_isolation_response ?? old.isolationResponse;
        const info: VimObject = {
          _type: "ClusterDasVmConfigInfo",
          key,
          dasSettings: {
            _type: "ClusterDasVmSettings",
            ...(restart ? { restartPriority: restart } : {}),
            ...(isolation ? { isolationResponse: isolation } : {}),
          },
        };
        spec.dasVmConfigSpec = [{ _type: "ClusterDasVmConfigSpec", operation: das ? "edit" : "add", info }];
      }
    }
    const requested = {
      ...(args.drs_behavior ? { drs_behavior: args.drs_behavior } : {}),
      ...(args.ha_restart_priority ? { ha_restart_priority: args.ha_restart_priority } : {}),
      ...(args.ha_isolation_response ? { ha_isolation_response: args.ha_isolation_response } : {}),
    };
    return await ctx.mutate({
      targets: [target],
      summary: ctx.t(
        args.action === "remove" ? "cluster_vm_override.summary_remove" : "cluster_vm_override.summary_set",
        {
          vm: vm!.name,
          cluster: cluster.name,
        },
      ),
      method: "ReconfigureComputeResource_Task",
      args: { vm: key.value, ...requested },
    }, async () => {
      const task = await reconfigureCluster(ctx, cluster.ref, spec, args.wait_seconds);
      const now = await read();
      return {
        ...base,
        after: stateOf(now.drs, now.das),
        message: ctx.t(args.action === "remove" ? "cluster_vm_override.removed" : "cluster_vm_override.set", {
          vm: vm!.name,
        }),
        ...taskOut(task),
      };
    });
  },
});
