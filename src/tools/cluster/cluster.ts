import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { findNamedIn, pickDatacenter } from "../shared/datacenter.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import { runTask } from "../shared/task_result.ts";
import { CLUSTER, clusterInput, resolveCluster, taskFields, taskOut } from "./shared.ts";

const ACTIONS = ["create", "rename", "delete"] as const;

export const clusterTool = defineTool({
  name: "cluster",
  toolset: "cluster",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.cluster.action")),
    cluster: clusterInput(t),
    new_name: z.string().min(1).max(80).optional().describe(t("param.cluster.new_name")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    action: z.enum(ACTIONS),
    cluster: z.string(),
    moref: z.string().optional(),
    message: z.string(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Deleting a cluster removes its hosts from the inventory along with it.
  tier: "critical",
  privileges: [
    "Host.Inventory.CreateCluster",
    "Host.Inventory.RenameCluster",
    "Host.Inventory.DeleteCluster",
  ],
  aliases: ["create_cluster", "delete_cluster"],
  async handler(args, ctx) {
    if (args.action === "create") {
      const dc = await pickDatacenter(ctx, args.datacenter);
      const name = sanitizeText(args.cluster);
      const existing = await findNamedIn(ctx, CLUSTER, dc.hostFolder, args.cluster);
      if (existing) {
        return {
          action: args.action,
          cluster: name,
          moref: existing.value,
          message: ctx.t("cluster.exists", { name, datacenter: dc.name }),
        };
      }
      const params = { name: args.cluster, spec: { _type: "ClusterConfigSpecEx" } };
      return await ctx.mutate({
        targets: [{ ref: dc.hostFolder, name: dc.name }],
        summary: ctx.t("cluster.summary_create", { name, datacenter: dc.name }),
        method: "CreateClusterEx",
        args: { name: args.cluster },
      }, async () => {
        const ref = await ctx.vsphere.call("CreateClusterEx", dc.hostFolder, params, {
          signal: ctx.signal,
          operationId: ctx.eventId,
        }) as MoRef;
        return {
          action: args.action,
          cluster: name,
          moref: ref.value,
          message: ctx.t("cluster.created", { name, datacenter: dc.name }),
        };
      });
    }

    const cluster = await resolveCluster(ctx, args.cluster, args.datacenter);
    if (args.action === "rename") {
      if (!args.new_name) throw new ToolInputError("cluster.new_name_required", {}, "hints.input");
      const newName = sanitizeText(args.new_name);
      if (args.new_name === cluster.name) {
        return {
          action: args.action,
          cluster: newName,
          moref: cluster.ref.value,
          message: ctx.t("cluster.already_named", { name: newName }),
        };
      }
      return await ctx.mutate({
        targets: [{ ref: cluster.ref, name: cluster.name }],
        summary: ctx.t("cluster.summary_rename", { name: cluster.name, new_name: newName }),
        method: "Rename_Task",
        args: { newName: args.new_name },
      }, async () => {
        const task = await runTask(
          ctx,
          "Rename_Task",
          cluster.ref,
          { newName: args.new_name },
          args.wait_seconds,
        );
        return {
          action: args.action,
          cluster: newName,
          moref: cluster.ref.value,
          message: ctx.t("cluster.renamed", { name: cluster.name, new_name: newName }),
          ...taskOut(task),
        };
      });
    }

    const state = await retrieveOne(ctx.vsphere, cluster.ref, ["host"], {
      signal: ctx.signal,
    });
    const hosts = Array.isArray(state.host) ? state.host.length : 0;
    return await ctx.mutate({
      targets: [{ ref: cluster.ref, name: cluster.name, state: { hosts } }],
      summary: ctx.t("cluster.summary_delete", { name: cluster.name, hosts }),
      method: "Destroy_Task",
    }, async () => {
      const task = await runTask(ctx, "Destroy_Task", cluster.ref, {}, args.wait_seconds);
      return {
        action: args.action,
        cluster: cluster.name,
        moref: cluster.ref.value,
        message: ctx.t(task.state === "success" ? "cluster.deleted" : "cluster.pending", {
          name: cluster.name,
        }),
        ...taskOut(task),
      };
    });
  },
});
