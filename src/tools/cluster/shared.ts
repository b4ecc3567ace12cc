/** What the cluster tools share: resolving a cluster, reading its configurationEx, reconfiguring it. */
import { z } from "zod";
import type { Translate } from "../../i18n/mod.ts";
import type { ToolContext } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { type Resolved, resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { runTask, taskFields } from "../shared/task_result.ts";

export const CLUSTER = "ClusterComputeResource";

export function clusterInput(t: Translate) {
  return z.string().min(1).max(300).describe(t("param.cluster"));
}

/** A list of VMs or hosts by MoRef id or exact name. */
export function membersInput(t: Translate, key: "param.cluster.vms" | "param.cluster.members") {
  return z.array(z.string().min(1).max(300)).min(1).max(100).describe(t(key));
}

export async function resolveCluster(
  ctx: ToolContext,
  cluster: string,
  datacenter?: string,
): Promise<Resolved> {
  const found = await resolveEntity(ctx.vsphere, CLUSTER, cluster, {
    signal: ctx.signal,
    ...(datacenter ? { datacenter } : {}),
  });
  return { ref: found.ref, name: sanitizeText(found.name) };
}

/** Resolves each name or id; the model sees the first one that fails, with its candidates. */
export async function resolveAll(
  ctx: ToolContext,
  type: "VirtualMachine" | "HostSystem",
  items: readonly string[],
  datacenter?: string,
): Promise<Resolved[]> {
  const out: Resolved[] = [];
  for (const item of items) {
    const found = await resolveEntity(ctx.vsphere, type, item, {
      signal: ctx.signal,
      ...(datacenter ? { datacenter } : {}),
    });
    if (!out.some((r) => r.ref.value === found.ref.value)) {
      out.push({ ref: found.ref, name: sanitizeText(found.name) });
    }
  }
  return out;
}

/** The cluster's ClusterConfigInfoEx (rules, groups, overrides, HA and DRS settings). */
export async function clusterConfig(ctx: ToolContext, ref: MoRef): Promise<VimObject> {
  const props = await retrieveOne(ctx.vsphere, ref, ["configurationEx"], { signal: ctx.signal });
  return (props.configurationEx ?? {}) as VimObject;
}

export function list(value: unknown): VimObject[] {
  return Array.isArray(value) ? value as VimObject[] : [];
}

/** ReconfigureComputeResource_Task with `modify: true`: only what `spec` names changes. */
export async function reconfigureCluster(
  ctx: ToolContext,
  ref: MoRef,
  spec: Omit<VimObject, "_type">,
  waitSeconds: number,
) {
  return await runTask(
    ctx,
    "ReconfigureComputeResource_Task",
    ref,
    { spec: { _type: "ClusterConfigSpecEx", ...spec }, modify: true },
    waitSeconds,
  );
}

export const RULE_TYPES = ["vm_affinity", "vm_anti_affinity", "vm_host"] as const;
export type RuleType = typeof RULE_TYPES[number];

export function ruleType(info: VimObject): RuleType | "other" {
  switch (info._type) {
    case "ClusterAffinityRuleSpec":
      return "vm_affinity";
    case "ClusterAntiAffinityRuleSpec":
      return "vm_anti_affinity";
    case "ClusterVmHostRuleInfo":
      return "vm_host";
    default:
      return "other";
  }
}

export { taskFields };

export function taskOut(task: { task: string; state: string }) {
  return { task: task.task, task_state: task.state };
}
