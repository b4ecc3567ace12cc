import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { type ClusterCompliance, LifecycleManager, type TaskInfo } from "../../vsphere/rest/lifecycle.ts";
import { messageText } from "../appliance/shared.ts";
import { clusterInput, resolveCluster } from "./shared.ts";

const VIEWS = ["image", "compliance", "base_images", "task"] as const;

export const complianceOut = z.object({
  status: z.string(),
  impact: z.string(),
  scan_time: z.string(),
  compliant_hosts: z.array(z.string()),
  non_compliant_hosts: z.array(z.string()),
  incompatible_hosts: z.array(z.string()),
  unavailable_hosts: z.array(z.string()),
  hosts: z.array(z.object({
    host: z.string(),
    name: z.string(),
    status: z.string(),
    impact: z.string(),
    current_base_image: z.string(),
    target_base_image: z.string(),
  })),
  notifications: z.array(z.object({ type: z.string(), text: z.string() })),
});

export function describeCompliance(c: ClusterCompliance): z.infer<typeof complianceOut> {
  const s = sanitizeText;
  const names = c.host_info ?? {};
  const label = (id: string) => `${s(names[id]?.name ?? id)} (${s(id)})`;
  const notes = [
    ...(c.notifications?.errors ?? []).map((n) => ({ type: "ERROR", text: messageText(n.message) })),
    ...(c.notifications?.warnings ?? []).map((n) => ({ type: "WARNING", text: messageText(n.message) })),
    ...(c.notifications?.info ?? []).map((n) => ({ type: "INFO", text: messageText(n.message) })),
  ];
  return {
    status: c.status,
    impact: c.impact,
    scan_time: c.scan_time,
    compliant_hosts: (c.compliant_hosts ?? []).map(label),
    non_compliant_hosts: (c.non_compliant_hosts ?? []).map(label),
    incompatible_hosts: (c.incompatible_hosts ?? []).map(label),
    unavailable_hosts: (c.unavailable_hosts ?? []).map(label),
    hosts: Object.entries(c.hosts ?? {}).map(([id, h]) => ({
      host: s(id),
      name: s(names[id]?.name ?? id),
      status: h.status,
      impact: h.impact,
      current_base_image: s(h.base_image?.current?.version ?? ""),
      target_base_image: s(h.base_image?.target?.version ?? ""),
    })),
    notifications: notes,
  };
}

export const taskOut = z.object({
  task: z.string(),
  status: z.string(),
  operation: z.string(),
  description: z.string(),
  progress_pct: z.number().nullable(),
  start_time: z.string().nullable(),
  end_time: z.string().nullable(),
  error: z.string().nullable(),
});

export function describeTask(id: string, t: TaskInfo): z.infer<typeof taskOut> {
  return {
    task: sanitizeText(id),
    status: t.status,
    operation: sanitizeText(`${t.service}.${t.operation}`),
    description: messageText(t.description),
    progress_pct: t.progress && t.progress.total > 0
      ? Math.round(t.progress.completed / t.progress.total * 100)
      : null,
    start_time: t.start_time ?? null,
    end_time: t.end_time ?? null,
    error: t.error === undefined || t.error === null ? null : sanitizeText(JSON.stringify(t.error), 1000),
  };
}

export const vlcmInfo = defineTool({
  name: "vlcm_info",
  toolset: "vcenter",
  input: (t) => ({
    view: z.enum(VIEWS).describe(t("param.vlcm_info_view")),
    cluster: clusterInput(t).optional(),
    task: z.string().min(1).max(300).optional().describe(t("param.vlcm_info_task")),
  }),
  output: {
    cluster: z.object({ id: z.string(), name: z.string() }).optional(),
    image: z.object({
      base_image: z.string(),
      base_image_name: z.string().nullable(),
      add_on: z.string().nullable(),
      components: z.array(z.object({ name: z.string(), version: z.string().nullable() })),
      hardware_support: z.array(z.string()),
      solutions: z.array(z.string()),
    }).optional(),
    compliance: complianceOut.optional(),
    base_images: z.array(z.object({
      version: z.string(),
      display_version: z.string(),
      name: z.string(),
      category: z.string(),
      release_date: z.string(),
      kb: z.string(),
    })).optional(),
    task: taskOut.optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["VcIntegrity.lifecycleSoftwareSpecification.Read"],
  aliases: [
    "list_vlcm_images",
    "get_vlcm_cluster_compliance",
    "get_host_patch_compliance",
    "get_vlcm_base_images",
  ],
  async handler(args, ctx) {
    const lcm = new LifecycleManager(ctx.vsphere.rest);
    const s = sanitizeText;
    if (args.view === "base_images") {
      return {
        base_images: (await lcm.baseImages()).map((b) => ({
          version: s(b.version),
          display_version: s(b.display_version),
          name: s(b.display_name),
          category: b.category,
          release_date: b.release_date,
          kb: s(b.kb ?? ""),
        })),
      };
    }
    if (args.view === "task") {
      if (!args.task) throw new ToolInputError("vlcm_info.task_required", {}, "hints.input");
      return { task: describeTask(args.task, await lcm.task(args.task)) };
    }
    if (!args.cluster) throw new ToolInputError("vlcm_info.cluster_required", {}, "hints.input");
    const cluster = await resolveCluster(ctx, args.cluster);
    if (args.view === "compliance") {
      return { cluster, compliance: describeCompliance(await lcm.compliance(cluster.id)) };
    }
    const image = await lcm.software(cluster.id);
    return {
      cluster,
      image: {
        base_image: s(image.base_image.version),
        base_image_name: image.base_image.details
          ? s(`${image.base_image.details.display_name} ${image.base_image.details.display_version}`)
          : null,
        add_on: image.add_on ? s(`${image.add_on.name} ${image.add_on.version}`) : null,
        components: Object.entries(image.components ?? {}).map(([name, c]) => ({
          name: s(name),
          version: c.version ? s(c.version) : null,
        })),
        hardware_support: Object.entries(image.hardware_support?.packages ?? {}).map(([manager, p]) =>
          s(`${manager}: ${p.pkg} ${p.version}`)
        ),
        solutions: Object.entries(image.solutions ?? {}).map(([name, sol]) => s(`${name} ${sol.version}`)),
      },
    };
  },
});
