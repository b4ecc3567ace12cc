import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import type { ToolContext } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import {
  asObject,
  asObjects,
  bool,
  callVim,
  num,
  ref,
  refs,
  retrieveMany,
  serviceManager,
  text,
} from "../shared/vim_values.ts";

const ACTIONS = ["list", "recommend"] as const;
const GIB = 2 ** 30;
const gb = (v: VimValue | undefined) => {
  const n = num(v);
  return n === undefined ? null : Math.round(n / GIB * 10) / 10;
};

const POD_PATHS = ["name", "summary", "childEntity", "podStorageDrsEntry.storageDrsConfig.podConfig"];

export const podOut = z.object({
  ref: z.string(),
  name: z.string(),
  capacity_gb: z.number().nullable(),
  free_gb: z.number().nullable(),
  datastores: z.array(z.object({ ref: z.string(), name: z.string() })),
  sdrs_enabled: z.boolean(),
  automation: z.string().describe("defaultVmBehavior: manual or automated"),
  io_load_balance: z.boolean(),
  space_threshold_percent: z.number().nullable(),
});

export async function readPods(ctx: ToolContext): Promise<z.infer<typeof podOut>[]> {
  const pods = [];
  for await (
    const p of retrieveView(ctx.vsphere, { type: "StoragePod", paths: POD_PATHS, signal: ctx.signal })
  ) {
    pods.push(p);
  }
  const children = await retrieveMany(
    ctx.vsphere,
    pods.flatMap((p) => refs(p.props.childEntity)),
    ["name"],
    ctx.signal,
  );
  const names = new Map(children.map((c) => [c.ref.value, text(c.props.name)]));
  return pods.map((p) => {
    const summary = asObject(p.props.summary);
    const config = asObject(p.props["podStorageDrsEntry.storageDrsConfig.podConfig"]);
    return {
      ref: p.ref.value,
      name: text(p.props.name),
      capacity_gb: gb(summary.capacity),
      free_gb: gb(summary.freeSpace),
      datastores: refs(p.props.childEntity).map((c) => ({ ref: c.value, name: names.get(c.value) ?? "" })),
      sdrs_enabled: bool(config.enabled) ?? false,
      automation: text(config.defaultVmBehavior),
      io_load_balance: bool(config.ioLoadBalanceEnabled) ?? false,
      space_threshold_percent: num(asObject(config.spaceLoadBalanceConfig).spaceUtilizationThreshold) ?? null,
    };
  }).sort((a, b) => a.name.localeCompare(b.name));
}

/** A datastore cluster by MoRef id or exact name. */
export async function resolvePod(ctx: ToolContext, pod: string) {
  const r = await resolveEntity(ctx.vsphere, "StoragePod", pod, { signal: ctx.signal });
  return { ref: r.ref, name: sanitizeText(r.name) };
}

/** RecommendDatastores for moving a VM's storage into a pod (StoragePlacementSpec type relocate). */
export function recommendRequest(pod: MoRef, vm: MoRef): Record<string, VimValue> {
  return {
    storageSpec: {
      _type: "StoragePlacementSpec",
      type: "relocate",
      vm,
      podSelectionSpec: {
        _type: "StorageDrsPodSelectionSpec",
        initialVmConfig: [{ _type: "VmPodConfigForPlacement", storagePod: pod }],
        storagePod: pod,
      },
      relocateSpec: { _type: "VirtualMachineRelocateSpec" },
    },
  };
}

export const datastoreClusterList = defineTool({
  name: "datastore_cluster_list",
  toolset: "storage",
  input: (t) => ({
    action: z.enum(ACTIONS).default("list").describe(t("param.datastore_cluster_list_action")),
    datastore_cluster: z.string().min(1).max(300).optional().describe(t("param.datastore_cluster")),
    vm: z.string().min(1).max(300).optional().describe(t("param.datastore_cluster_vm")),
  }),
  output: {
    action: z.enum(ACTIONS),
    datastore_clusters: z.array(podOut),
    recommendations: z.array(z.object({
      key: z.string(),
      reason: z.string(),
      rating: z.number().nullable(),
      destination: z.string(),
      destination_name: z.string(),
      space_utilization_after: z.number().nullable(),
    })).optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["get_sdrs_placement_recommendations"],
  async handler(args, ctx) {
    const pods = await readPods(ctx);
    if (args.action === "list") {
      const only = args.datastore_cluster;
      return {
        action: args.action,
        datastore_clusters: only ? pods.filter((p) => p.ref === only || p.name === only) : pods,
      };
    }
    if (!args.datastore_cluster || !args.vm) throw new ToolInputError("errors.sdrs_recommend_fields", {});
    const pod = await resolvePod(ctx, args.datastore_cluster);
    const vm = await resolveEntity(ctx.vsphere, "VirtualMachine", args.vm, { signal: ctx.signal });
    const srm = await serviceManager(ctx.vsphere, "storageResourceManager");
    const result = asObject(
      await callVim(ctx, "RecommendDatastores", srm, recommendRequest(pod.ref, vm.ref)),
    );
    const recs = asObjects(result.recommendations).map((r) => {
      const action = asObjects(r.action)[0] ?? {};
      const dest = ref(action.destination);
      return {
        key: text(r.key),
        reason: text(r.reasonText) || text(r.reason),
        rating: num(r.rating) ?? null,
        destination: dest?.value ?? "",
        destination_name: "",
        space_utilization_after: num(action.spaceUtilAfter) ?? null,
      };
    });
    const names = await retrieveMany(
      ctx.vsphere,
      recs.filter((r) => r.destination).map((r) => ({ type: "Datastore", value: r.destination })),
      ["name"],
      ctx.signal,
    );
    for (const r of recs) {
      r.destination_name = text(names.find((n) => n.ref.value === r.destination)?.props.name);
    }
    return {
      action: args.action,
      datastore_clusters: pods.filter((p) => p.ref === pod.ref.value),
      recommendations: recs,
    };
  },
});
