import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import { runTask } from "../shared/task_result.ts";
import { clusterInput, list, resolveCluster, taskFields, taskOut } from "./shared.ts";

const ACTIONS = ["apply_recommendation", "refresh_recommendations", "set_evc", "disable_evc"] as const;

export const clusterDrs = defineTool({
  name: "cluster_drs",
  toolset: "cluster",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.cluster.drs_action")),
    cluster: clusterInput(t),
    key: z.string().min(1).max(100).optional().describe(t("param.cluster.recommendation_key")),
    evc_mode: z.string().min(1).max(100).optional().describe(t("param.cluster.evc_mode")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    action: z.enum(ACTIONS),
    cluster: z.string(),
    message: z.string(),
    evc_mode: z.string().nullable().optional(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Applying a recommendation migrates VMs or powers hosts; EVC changes the CPU features VMs may use.
  tier: "high",
  privileges: ["Host.Inventory.EditCluster", "Resource.ApplyRecommendation"],
  aliases: ["apply_drs_recommendation", "set_evc_mode"],
  async handler(args, ctx) {
    const cluster = await resolveCluster(ctx, args.cluster, args.datacenter);
    const base = { action: args.action, cluster: cluster.name };
    const call = (method: string, ref: MoRef, params: Record<string, string> = {}) =>
      ctx.vsphere.call(method, ref, params, { signal: ctx.signal, operationId: ctx.eventId });

    if (args.action === "refresh_recommendations") {
      return await ctx.mutate({
        targets: [{ ref: cluster.ref, name: cluster.name }],
        summary: ctx.t("cluster_drs.summary_refresh", { cluster: cluster.name }),
        method: "RefreshRecommendation",
      }, async () => {
        await call("RefreshRecommendation", cluster.ref);
        return { ...base, message: ctx.t("cluster_drs.refreshed", { cluster: cluster.name }) };
      });
    }

    if (args.action === "apply_recommendation") {
      if (!args.key) throw new ToolInputError("cluster_drs.key_required", {}, "hints.input");
      const props = await retrieveOne(ctx.vsphere, cluster.ref, ["recommendation"], { signal: ctx.signal });
      const found = list(props.recommendation).find((r) => r.key === args.key);
      if (!found) {
        throw new ToolInputError("cluster_drs.no_recommendation", {
          key: sanitizeText(args.key),
          cluster: cluster.name,
        }, "hints.cluster_drs_recommendation");
      }
      const actions = list(found.action).map((a) =>
        `${String(a.type ?? a._type ?? "")} ${(a.target as MoRef | undefined)?.value ?? ""}`.trim()
      );
      return await ctx.mutate({
        targets: [{
          ref: cluster.ref,
          name: cluster.name,
          state: { reason: sanitizeText(String(found.reasonText ?? found.reason ?? "")), actions },
        }],
        summary: ctx.t("cluster_drs.summary_apply", { cluster: cluster.name, key: sanitizeText(args.key) }),
        method: "ApplyRecommendation",
        args: { key: args.key },
      }, async () => {
        await call("ApplyRecommendation", cluster.ref, applyArgs(args.key!));
        return { ...base, message: ctx.t("cluster_drs.applied", { key: sanitizeText(args.key!) }) };
      });
    }

    // EVC lives on the cluster's EVC manager (vSphere 6.0+).
    const current = (await retrieveOne(ctx.vsphere, cluster.ref, ["summary"], { signal: ctx.signal }))
      .summary as VimObject | undefined;
    const mode = typeof current?.currentEVCModeKey === "string" && current.currentEVCModeKey !== ""
      ? current.currentEVCModeKey
      : null;
    const wanted = args.action === "disable_evc" ? null : args.evc_mode;
    if (args.action === "set_evc" && !wanted) {
      throw new ToolInputError("cluster_drs.evc_required", {}, "hints.input");
    }
    if (wanted === mode) {
      return {
        ...base,
        evc_mode: mode,
        message: ctx.t("cluster_drs.evc_unchanged", { cluster: cluster.name }),
      };
    }
    const method = wanted ? "ConfigureEvcMode_Task" : "DisableEvcMode_Task";
    return await ctx.mutate({
      targets: [{ ref: cluster.ref, name: cluster.name, state: { evc_mode: mode } }],
      summary: ctx.t("cluster_drs.summary_evc", { cluster: cluster.name, mode: wanted ?? "disabled" }),
      method: `EvcManager + ${method}`,
      ...(wanted ? { args: { evcModeKey: wanted } } : {}),
    }, async () => {
      const manager = await call("EvcManager", cluster.ref) as MoRef;
      const task = await runTask(ctx, method, manager, wanted ? evcArgs(wanted) : {}, args.wait_seconds);
      return {
        ...base,
        evc_mode: wanted ?? null,
        message: ctx.t("cluster_drs.evc_done", { cluster: cluster.name, mode: wanted ?? "disabled" }),
        ...taskOut(task),
      };
    });
  },
});

export const applyArgs = (key: string) => ({ key });
export const evcArgs = (evcModeKey: string) => ({ evcModeKey });
