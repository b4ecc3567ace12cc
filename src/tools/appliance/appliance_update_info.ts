import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { ApplianceManager, type UpdateCommon } from "../../vsphere/rest/appliance.ts";
import { isNotFound, messageText } from "./shared.ts";

const SOURCES = ["LAST_CHECK", "LOCAL", "LOCAL_AND_ONLINE"] as const;

export const updateOut = z.object({
  version: z.string(),
  name: z.string(),
  description: z.string(),
  type: z.string(),
  severity: z.string(),
  priority: z.string(),
  release_date: z.string(),
  reboot_required: z.boolean(),
  size_mb: z.number(),
});

export function describeUpdate(u: UpdateCommon): z.infer<typeof updateOut> {
  return {
    version: sanitizeText(u.version),
    name: sanitizeText(u.name),
    description: messageText(u.description),
    type: u.update_type,
    severity: u.severity,
    priority: u.priority,
    release_date: u.release_date,
    reboot_required: u.reboot_required,
    size_mb: u.size,
  };
}

export const applianceUpdateInfo = defineTool({
  name: "appliance_update_info",
  toolset: "appliance",
  input: (t) => ({
    source: z.enum(SOURCES).default("LAST_CHECK").describe(t("param.appliance_update_info_source")),
    version: z.string().min(1).max(100).optional().describe(t("param.appliance_update_info_version")),
  }),
  output: {
    state: z.string(),
    current_version: z.string(),
    latest_query_time: z.string().nullable(),
    task: z.object({ status: z.string(), progress_pct: z.number().nullable(), error: z.string().nullable() })
      .nullable(),
    pending: z.array(updateOut),
    staged: updateOut.extend({ staging_complete: z.boolean() }).nullable(),
    detail: z.object({
      version: z.string(),
      staged: z.boolean(),
      knowledge_base: z.string(),
      services_stopped: z.array(z.string()),
      contents: z.array(z.string()),
    }).optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: [],
  aliases: ["get_appliance_update_pending", "get_appliance_update_staged"],
  async handler(args, ctx) {
    const appliance = new ApplianceManager(ctx.vsphere.rest);
    const [info, pending, staged] = await Promise.all([
      appliance.update(),
      appliance.pendingUpdates(args.source).catch((error) => {
        // "No updates" is a NotFound in vCenter's vocabulary.
        if (isNotFound(error)) return [];
        throw error;
      }),
      appliance.stagedUpdate().catch((error) => {
        if (isNotFound(error)) return null;
        throw error;
      }),
    ]);
    const detail = args.version ? await appliance.pendingUpdate(args.version) : undefined;
    const task = info.task
      ? {
        status: info.task.status,
        progress_pct: info.task.progress && info.task.progress.total > 0
          ? Math.round(info.task.progress.completed / info.task.progress.total * 100)
          : null,
        error: info.task.error ? sanitizeText(String(info.task.error)) : null,
      }
      : null;
    return {
      state: info.state,
      current_version: sanitizeText(info.version),
      latest_query_time: info.latest_query_time ?? null,
      task,
      pending: pending.map(describeUpdate),
      staged: staged ? { ...describeUpdate(staged), staging_complete: staged.staging_complete } : null,
      ...(detail && args.version
        ? {
          detail: {
            version: sanitizeText(args.version),
            staged: detail.staged,
            knowledge_base: sanitizeText(detail.knowledge_base ?? ""),
            services_stopped: (detail.services_will_be_stopped ?? []).map((s) => sanitizeText(s.service)),
            contents: (detail.contents ?? []).map(messageText),
          },
        }
        : {}),
    };
  },
});
