import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { type ApplySpec, LifecycleManager } from "../../vsphere/rest/lifecycle.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { describeTask, taskOut } from "./vlcm_info.ts";
import { clusterInput, resolveCluster } from "./shared.ts";

const ACTIONS = ["scan", "stage", "apply"] as const;
const METHODS = {
  scan: "esx.settings.clusters.Software.scan",
  stage: "esx.settings.clusters.Software.stage",
  apply: "esx.settings.clusters.Software.apply",
} as const;

export const vlcmRemediate = defineTool({
  name: "vlcm_remediate",
  toolset: "vcenter",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.vlcm_remediate_action")),
    cluster: clusterInput(t),
    hosts: z.array(z.string().min(1).max(300)).max(64).optional().describe(t("param.vlcm_remediate_hosts")),
    accept_eula: z.boolean().default(false).describe(t("param.vlcm_remediate_accept_eula")),
  }),
  output: {
    action: z.enum(ACTIONS),
    cluster: z.string(),
    task: taskOut,
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Apply puts hosts into maintenance mode one after another, migrates their VMs and reboots them.
  tier: "critical",
  privileges: ["VcIntegrity.lifecycleSoftwareRemediation.Write"],
  aliases: ["apply_vlcm_image", "remediate_host", "scan_host_for_patches", "stage_patches_to_host"],
  async handler(args, ctx) {
    const lcm = new LifecycleManager(ctx.vsphere.rest);
    const cluster = await resolveCluster(ctx, args.cluster);
    const hosts = await Promise.all((args.hosts ?? []).map(async (h) => {
      const resolved = await resolveEntity(ctx.vsphere, "HostSystem", h, { signal: ctx.signal });
      return { id: resolved.ref.value, name: sanitizeText(resolved.name) };
    }));
    // The current compliance is the honest preview: which hosts would change and what it costs them.
    const compliance = await lcm.compliance(cluster.id).catch(() => undefined);
    const state = compliance
      ? {
        status: compliance.status,
        impact: compliance.impact,
        scan_time: compliance.scan_time,
        non_compliant_hosts: compliance.non_compliant_hosts ?? [],
      }
      : { status: "unknown" };
    const spec: ApplySpec = {
      ...(hosts.length ? { hosts: hosts.map((h) => h.id) } : {}),
      ...(args.accept_eula ? { accept_eula: true } : {}),
      ...(compliance?.commit ? { commit: compliance.commit } : {}),
    };
    const params = {
      cluster: cluster.name,
      hosts: hosts.length ? hosts.map((h) => h.name).join(", ") : ctx.t("vlcm_remediate.all_hosts"),
      impact: compliance?.impact ?? "UNKNOWN",
      non_compliant: compliance?.non_compliant_hosts?.length ?? 0,
    };
    const summary = ctx.t(`vlcm_remediate.summary_${args.action}`, params);
    // Stage takes hosts and commit only; apply also the EULA; scan takes nothing.
    const stageSpec = {
      ...(spec.hosts ? { hosts: spec.hosts } : {}),
      ...(spec.commit ? { commit: spec.commit } : {}),
    };
    return await ctx.mutate({
      targets: [{ ref: { type: "ClusterComputeResource", value: cluster.id }, name: cluster.name, state }],
      summary,
      method: METHODS[args.action],
      ...(args.action === "apply"
        ? { args: { ...spec } }
        : args.action === "stage"
        ? { args: stageSpec }
        : {}),
    }, async () => {
      const id = args.action === "apply"
        ? await lcm.apply(cluster.id, spec)
        : args.action === "stage"
        ? await lcm.stage(cluster.id, stageSpec)
        : await lcm.scan(cluster.id);
      const task = describeTask(id, await lcm.task(id));
      return {
        action: args.action,
        cluster: cluster.name,
        task,
        message: ctx.t("vlcm_remediate.started", {
          action: args.action,
          cluster: cluster.name,
          task: task.task,
        }),
      };
    });
  },
});
