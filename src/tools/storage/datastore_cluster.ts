import { z } from "zod";
import { type ChangeTarget, defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import { runTask, taskFields } from "../shared/task_result.ts";
import { callVim, datacenterOf, ref, resolveDatastore, serviceManager } from "../shared/vim_values.ts";
import { podOut, readPods, resolvePod } from "./datastore_cluster_list.ts";

const ACTIONS = [
  "create",
  "add_datastore",
  "remove_datastore",
  "configure_sdrs",
  "apply_recommendation",
] as const;
type Action = typeof ACTIONS[number];

export interface SdrsSettings {
  enabled?: boolean | undefined;
  automation?: "manual" | "automated" | undefined;
  ioLoadBalance?: boolean | undefined;
  spaceThresholdPercent?: number | undefined;
  intervalMinutes?: number | undefined;
}

/** ConfigureStorageDrsForPod_Task's spec: only the given settings (modify: true keeps the rest). */
export function sdrsSpec(s: SdrsSettings): VimValue {
  return {
    _type: "StorageDrsConfigSpec",
    podConfigSpec: {
      _type: "StorageDrsPodConfigSpec",
      ...(s.enabled !== undefined ? { enabled: s.enabled } : {}),
      ...(s.ioLoadBalance !== undefined ? { ioLoadBalanceEnabled: s.ioLoadBalance } : {}),
      ...(s.automation ? { defaultVmBehavior: s.automation } : {}),
      ...(s.intervalMinutes !== undefined ? { loadBalanceInterval: s.intervalMinutes } : {}),
      ...(s.spaceThresholdPercent !== undefined
        ? {
          spaceLoadBalanceConfig: {
            _type: "StorageDrsSpaceLoadBalanceConfig",
            spaceThresholdMode: "utilization",
            spaceUtilizationThreshold: s.spaceThresholdPercent,
          },
        }
        : {}),
    },
  };
}

/** The calls of the actions that the tool sends as a task (all but create). */
export function datastoreClusterRequest(
  action: Exclude<Action, "create">,
  o: { pod: MoRef; srm: MoRef; datastore?: MoRef; folder?: MoRef; settings?: SdrsSettings; keys?: string[] },
): { method: string; this: MoRef; args: Record<string, VimValue | undefined> } {
  switch (action) {
    case "add_datastore":
      return { method: "MoveIntoFolder_Task", this: o.pod, args: { list: [o.datastore!] } };
    case "remove_datastore":
      return { method: "MoveIntoFolder_Task", this: o.folder!, args: { list: [o.datastore!] } };
    case "configure_sdrs":
      return {
        method: "ConfigureStorageDrsForPod_Task",
        this: o.srm,
        args: { pod: o.pod, spec: sdrsSpec(o.settings ?? {}), modify: true },
      };
    case "apply_recommendation":
      return { method: "ApplyStorageDrsRecommendation_Task", this: o.srm, args: { key: o.keys ?? [] } };
  }
}

export const datastoreCluster = defineTool({
  name: "datastore_cluster",
  toolset: "storage",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.datastore_cluster_action")),
    datastore_cluster: z.string().min(1).max(300).describe(t("param.datastore_cluster")),
    datacenter: datacenterInput(t),
    datastore: z.string().min(1).max(1024).optional().describe(t("param.datastore_cluster_datastore")),
    sdrs_enabled: z.boolean().optional().describe(t("param.sdrs_enabled")),
    automation: z.enum(["manual", "automated"]).optional().describe(t("param.sdrs_automation")),
    io_load_balance: z.boolean().optional().describe(t("param.sdrs_io_load_balance")),
    space_threshold_percent: z.number().int().min(50).max(100).optional().describe(
      t("param.sdrs_space_threshold"),
    ),
    interval_minutes: z.number().int().min(60).max(43200).optional().describe(t("param.sdrs_interval")),
    recommendation_keys: z.array(z.string().min(1).max(64)).max(100).optional().describe(
      t("param.sdrs_recommendation_keys"),
    ),
    wait_seconds: waitInput(t),
  }),
  output: {
    action: z.enum(ACTIONS),
    datastore_cluster: podOut.optional(),
    ...taskFields,
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  // Automated SDRS and applied recommendations move VM disks between datastores (Storage vMotion).
  tier: "high",
  privileges: ["StoragePod.Config", "Datastore.Move"],
  aliases: ["create_datastore_cluster", "configure_storage_drs", "apply_sdrs_recommendation"],
  async handler(args, ctx) {
    const find = async (key: string) => (await readPods(ctx)).find((p) => p.ref === key || p.name === key);
    const result = async (pod: string, message: string, extra: Record<string, string> = {}) => {
      const current = await find(pod);
      return { action: args.action, ...(current ? { datastore_cluster: current } : {}), message, ...extra };
    };
    if (args.action === "create") {
      const existing = await find(args.datastore_cluster);
      if (existing) {
        return await result(existing.ref, ctx.t("datastore_cluster.exists", { name: existing.name }));
      }
      if (!args.datacenter) throw new ToolInputError("errors.datastore_cluster_datacenter", {});
      const dc = await resolveEntity(ctx.vsphere, "Datacenter", args.datacenter, { signal: ctx.signal });
      const folder = ref((await retrieveOne(ctx.vsphere, dc.ref, ["datastoreFolder"])).datastoreFolder)!;
      return await ctx.mutate({
        targets: [{ ref: folder, name: sanitizeText(dc.name) }],
        summary: ctx.t("datastore_cluster.summary_create", {
          name: args.datastore_cluster,
          datacenter: sanitizeText(dc.name),
        }),
        method: "CreateStoragePod",
        args: { name: args.datastore_cluster },
      }, async () => {
        const created = ref(await callVim(ctx, "CreateStoragePod", folder, { name: args.datastore_cluster }));
        return await result(
          created?.value ?? args.datastore_cluster,
          ctx.t("datastore_cluster.created", {
            name: args.datastore_cluster,
          }),
        );
      });
    }
    const pod = await resolvePod(ctx, args.datastore_cluster);
    const before = (await find(pod.ref.value))!;
    const srm = await serviceManager(ctx.vsphere, "storageResourceManager");
    const targets: ChangeTarget[] = [{
      ref: pod.ref,
      name: pod.name,
      state: {
        datastores: before.datastores.map((d) => d.name),
        sdrsEnabled: before.sdrs_enabled,
        automation: before.automation,
      },
    }];
    let datastore: MoRef | undefined;
    let folder: MoRef | undefined;
    let dsName = "";
    if (args.action === "add_datastore" || args.action === "remove_datastore") {
      if (!args.datastore) {
        throw new ToolInputError("errors.datastore_cluster_datastore", { action: args.action });
      }
      const ds = await resolveDatastore(ctx.vsphere, args.datastore, ctx.signal);
      datastore = ds.ref;
      dsName = sanitizeText(ds.name);
      const inPod = before.datastores.some((d) => d.ref === ds.ref.value);
      if (inPod === (args.action === "add_datastore")) {
        return await result(
          pod.ref.value,
          ctx.t("datastore_cluster.already", { name: pod.name, datastore: dsName }),
        );
      }
      targets.push({ ref: ds.ref, name: dsName });
      if (args.action === "remove_datastore") {
        const dc = await datacenterOf(ctx.vsphere, pod.ref);
        folder = dc
          ? ref((await retrieveOne(ctx.vsphere, dc, ["datastoreFolder"])).datastoreFolder)
          : undefined;
      }
    }
    const settings: SdrsSettings = {
      enabled: args.sdrs_enabled,
      automation: args.automation,
      ioLoadBalance: args.io_load_balance,
      spaceThresholdPercent: args.space_threshold_percent,
      intervalMinutes: args.interval_minutes,
    };
    if (args.action === "configure_sdrs" && Object.values(settings).every((v) => v === undefined)) {
      throw new ToolInputError("errors.sdrs_settings_missing", {});
    }
    if (args.action === "apply_recommendation" && !args.recommendation_keys?.length) {
      throw new ToolInputError("errors.sdrs_keys_missing", {});
    }
    const request = datastoreClusterRequest(args.action, {
      pod: pod.ref,
      srm,
      ...(datastore ? { datastore } : {}),
      ...(folder ? { folder } : {}),
      settings,
      keys: args.recommendation_keys ?? [],
    });
    return await ctx.mutate({
      targets,
      summary: ctx.t(`datastore_cluster.summary_${args.action}` as const, {
        name: pod.name,
        datastore: dsName,
        keys: (args.recommendation_keys ?? []).join(", "),
        settings: JSON.stringify(
          Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)),
        ),
      }),
      method: request.method,
      args: { action: args.action },
    }, async () => {
      const task = await runTask(ctx, request.method, request.this, request.args, args.wait_seconds);
      return await result(
        pod.ref.value,
        ctx.t("datastore_cluster.done", { name: pod.name, state: task.state }),
        {
          task: task.task,
          task_state: task.state,
        },
      );
    });
  },
});
