import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import {
  clusterConfig,
  clusterInput,
  list,
  membersInput,
  reconfigureCluster,
  resolveAll,
  resolveCluster,
  RULE_TYPES,
  ruleType,
  taskFields,
  taskOut,
} from "./shared.ts";

const ACTIONS = ["create", "delete"] as const;

export const clusterRule = defineTool({
  name: "cluster_rule",
  toolset: "cluster",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.cluster.rule_action")),
    cluster: clusterInput(t),
    rule: z.string().min(1).max(80).describe(t("param.cluster.rule")),
    type: z.enum(RULE_TYPES).optional().describe(t("param.cluster.rule_type")),
    vms: membersInput(t, "param.cluster.vms").optional(),
    vm_group: z.string().min(1).max(80).optional().describe(t("param.cluster.vm_group")),
    host_group: z.string().min(1).max(80).optional().describe(t("param.cluster.host_group")),
    affine: z.boolean().default(true).describe(t("param.cluster.affine")),
    mandatory: z.boolean().default(false).describe(t("param.cluster.mandatory")),
    enabled: z.boolean().default(true).describe(t("param.cluster.rule_enabled")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    action: z.enum(ACTIONS),
    cluster: z.string(),
    rule: z.string(),
    key: z.number().int().nullable(),
    type: z.string(),
    message: z.string(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Rules constrain where DRS and HA may place VMs; a mandatory rule can block failover.
  tier: "high",
  privileges: ["Host.Inventory.EditCluster"],
  aliases: ["create_drs_rule", "delete_drs_rule", "create_vm_host_affinity_rule"],
  async handler(args, ctx) {
    const cluster = await resolveCluster(ctx, args.cluster, args.datacenter);
    const config = await clusterConfig(ctx, cluster.ref);
    const existing = list(config.rule).find((r) => r.name === args.rule);
    const name = sanitizeText(args.rule);
    const base = { action: args.action, cluster: cluster.name, rule: name };

    if (args.action === "delete") {
      if (!existing) {
        return { ...base, key: null, type: "none", message: ctx.t("cluster_rule.absent", { name }) };
      }
      const key = Number(existing.key);
      const type = ruleType(existing);
      return await ctx.mutate({
        targets: [{ ref: cluster.ref, name: cluster.name, state: { rule: name, key, type } }],
        summary: ctx.t("cluster_rule.summary_delete", { name, cluster: cluster.name }),
        method: "ReconfigureComputeResource_Task",
        args: { rulesSpec: [{ operation: "remove", removeKey: key }] },
      }, async () => {
        const task = await reconfigureCluster(ctx, cluster.ref, {
          rulesSpec: [{
            _type: "ClusterRuleSpec",
            operation: "remove",
            removeKey: { _type: "int", _value: key },
          }],
        }, args.wait_seconds);
        return { ...base, key, type, message: ctx.t("cluster_rule.deleted", { name }), ...taskOut(task) };
      });
    }

    if (!args.type) throw new ToolInputError("cluster_rule.type_required", {}, "hints.input");
    if (existing) {
      return {
        ...base,
        key: typeof existing.key === "number" ? existing.key : null,
        type: ruleType(existing),
        message: ctx.t("cluster_rule.exists", { name }),
      };
    }
    const common = { name: args.rule, enabled: args.enabled, mandatory: args.mandatory };
    let info: VimObject;
    let shown: Record<string, unknown>;
    if (args.type === "vm_host") {
      if (!args.vm_group || !args.host_group) {
        throw new ToolInputError("cluster_rule.groups_required", {}, "hints.input");
      }
      const groups = list(config.group);
      for (
        const [group, type] of [[args.vm_group, "ClusterVmGroup"], [args.host_group, "ClusterHostGroup"]]
      ) {
        if (!groups.some((g) => g.name === group && g._type === type)) {
          throw new ToolInputError("cluster_rule.no_group", { group: sanitizeText(group!) }, "hints.input");
        }
      }
      info = {
        _type: "ClusterVmHostRuleInfo",
        ...common,
        vmGroupName: args.vm_group,
        ...(args.affine
          ? { affineHostGroupName: args.host_group }
          : { antiAffineHostGroupName: args.host_group }),
      };
      shown = { vm_group: args.vm_group, host_group: args.host_group, affine: args.affine };
    } else {
      if (!args.vms || args.vms.length < 2) {
        throw new ToolInputError("cluster_rule.vms_required", {}, "hints.input");
      }
      const vms = await resolveAll(ctx, "VirtualMachine", args.vms, args.datacenter);
      info = {
        _type: args.type === "vm_affinity" ? "ClusterAffinityRuleSpec" : "ClusterAntiAffinityRuleSpec",
        ...common,
        vm: vms.map((v) => v.ref),
      };
      shown = { vms: vms.map((v) => `${v.name} (${v.ref.value})`) };
    }
    return await ctx.mutate({
      targets: [{ ref: cluster.ref, name: cluster.name }],
      summary: ctx.t("cluster_rule.summary_create", { name, type: args.type, cluster: cluster.name }),
      method: "ReconfigureComputeResource_Task",
      args: { type: args.type, mandatory: args.mandatory, enabled: args.enabled, ...shown },
    }, async () => {
      const task = await reconfigureCluster(ctx, cluster.ref, {
        rulesSpec: [{ _type: "ClusterRuleSpec", operation: "add", info }],
      }, args.wait_seconds);
      const created = list((await clusterConfig(ctx, cluster.ref)).rule).find((r) => r.name === args.rule);
      return {
        ...base,
        key: typeof created?.key === "number" ? created.key : null,
        type: args.type!,
        message: ctx.t("cluster_rule.created", { name }),
        ...taskOut(task),
      };
    });
  },
});
