import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import {
  clusterConfig,
  clusterInput,
  list,
  membersInput,
  reconfigureCluster,
  resolveAll,
  resolveCluster,
  taskFields,
  taskOut,
} from "./shared.ts";
import { notFoundByName } from "../shared/lookup.ts";

const ACTIONS = ["create", "update", "delete"] as const;
const TYPES = { vm: "ClusterVmGroup", host: "ClusterHostGroup" } as const;

export const clusterGroup = defineTool({
  name: "cluster_group",
  toolset: "cluster",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.cluster.group_action")),
    cluster: clusterInput(t),
    group: z.string().min(1).max(80).describe(t("param.cluster.group")),
    type: z.enum(["vm", "host"]).describe(t("param.cluster.group_type")),
    members: membersInput(t, "param.cluster.members").optional(),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    action: z.enum(ACTIONS),
    cluster: z.string(),
    group: z.string(),
    type: z.enum(["vm", "host"]),
    members: z.array(z.string()),
    message: z.string(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Groups feed VM-host rules: changing members moves where DRS may place VMs.
  tier: "high",
  privileges: ["Host.Inventory.EditCluster"],
  aliases: ["create_drs_vm_group", "create_drs_host_group", "update_drs_group", "delete_drs_group"],
  async handler(args, ctx) {
    const cluster = await resolveCluster(ctx, args.cluster, args.datacenter);
    const config = await clusterConfig(ctx, cluster.ref);
    const type = TYPES[args.type];
    const memberField = args.type === "vm" ? "vm" : "host";
    const existing = list(config.group).find((g) => g.name === args.group);
    if (existing && existing._type !== type) {
      throw new ToolInputError("cluster_group.type_mismatch", {
        group: sanitizeText(args.group),
        type: String(existing._type),
      }, "hints.input");
    }
    const name = sanitizeText(args.group);
    const base = { action: args.action, cluster: cluster.name, group: name, type: args.type };
    const currentRefs = (existing?.[memberField] as MoRef[] | undefined) ?? [];

    if (args.action === "delete") {
      if (!existing) return { ...base, members: [], message: ctx.t("cluster_group.absent", { name }) };
      const inUse = list(config.rule).filter((r) =>
        r.vmGroupName === args.group || r.affineHostGroupName === args.group ||
        r.antiAffineHostGroupName === args.group
      ).map((r) => sanitizeText(String(r.name ?? "")));
      if (inUse.length) {
        throw new ToolInputError("cluster_group.in_use", { name, rules: inUse.join(", ") }, "hints.input");
      }
      return await ctx.mutate({
        targets: [{
          ref: cluster.ref,
          name: cluster.name,
          state: { group: name, members: currentRefs.map((r) => r.value) },
        }],
        summary: ctx.t("cluster_group.summary_delete", { name, cluster: cluster.name }),
        method: "ReconfigureComputeResource_Task",
        args: { groupSpec: [{ operation: "remove", removeKey: args.group }] },
      }, async () => {
        const task = await reconfigureCluster(ctx, cluster.ref, {
          groupSpec: [{ _type: "ClusterGroupSpec", operation: "remove", removeKey: args.group }],
        }, args.wait_seconds);
        return { ...base, members: [], message: ctx.t("cluster_group.deleted", { name }), ...taskOut(task) };
      });
    }

    if (!args.members) throw new ToolInputError("cluster_group.members_required", {}, "hints.input");
    if (args.action === "update" && !existing) {
      notFoundByName("cluster group", name);
    }
    const members = await resolveAll(
      ctx,
      args.type === "vm" ? "VirtualMachine" : "HostSystem",
      args.members,
      args.datacenter,
    );
    const names = members.map((m) => m.name);
    const wanted = members.map((m) => m.ref.value).sort();
    if (existing) {
      const same = JSON.stringify(currentRefs.map((r) => r.value).sort()) === JSON.stringify(wanted);
      if (same || args.action === "create") {
        return {
          ...base,
          members: names,
          message: ctx.t(same ? "cluster_group.unchanged" : "cluster_group.exists", { name }),
        };
      }
    }
    const operation = existing ? "edit" : "add";
    const info: VimObject = { _type: type, name: args.group, [memberField]: members.map((m) => m.ref) };
    return await ctx.mutate({
      targets: [{
        ref: cluster.ref,
        name: cluster.name,
        ...(existing ? { state: { group: name, members: currentRefs.map((r) => r.value) } } : {}),
      }],
      summary: ctx.t(existing ? "cluster_group.summary_update" : "cluster_group.summary_create", {
        name,
        cluster: cluster.name,
        members: names.join(", "),
      }),
      method: "ReconfigureComputeResource_Task",
      args: { operation, type: args.type, members: members.map((m) => m.ref.value) },
    }, async () => {
      const task = await reconfigureCluster(ctx, cluster.ref, {
        groupSpec: [{ _type: "ClusterGroupSpec", operation, info }],
      }, args.wait_seconds);
      return {
        ...base,
        members: names,
        message: ctx.t(existing ? "cluster_group.updated" : "cluster_group.created", { name }),
        ...taskOut(task),
      };
    });
  },
});
