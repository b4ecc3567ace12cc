import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { ApplianceManager, type BackupJobDetails } from "../../vsphere/rest/appliance.ts";
import { messageText } from "./shared.ts";

export const backupJobOut = z.object({
  id: z.string(),
  type: z.string().nullable(),
  status: z.string(),
  location: z.string().nullable(),
  location_user: z.string().nullable(),
  start_time: z.string().nullable(),
  end_time: z.string().nullable(),
  duration_s: z.number().nullable(),
  size_bytes: z.number().nullable(),
  progress_pct: z.number().nullable(),
  error: z.string().nullable(),
  messages: z.array(z.string()),
});

export function describeBackupJob(id: string, d: BackupJobDetails): z.infer<typeof backupJobOut> {
  const progress = d.progress && d.progress.total > 0
    ? Math.round((d.progress.completed / d.progress.total) * 100)
    : null;
  return {
    id: sanitizeText(id),
    type: d.type ?? null,
    status: d.status,
    location: d.location ? sanitizeText(d.location) : null,
    location_user: d.location_user ? sanitizeText(d.location_user) : null,
    start_time: d.start_time ?? null,
    end_time: d.end_time ?? null,
    duration_s: d.duration ?? null,
    size_bytes: d.size ?? null,
    progress_pct: progress,
    error: d.error ? sanitizeText(String(d.error)) : null,
    messages: (d.messages ?? []).map(messageText),
  };
}

export const applianceBackupList = defineTool({
  name: "appliance_backup_list",
  toolset: "appliance",
  input: (t) => ({
    job: z.string().min(1).max(200).optional().describe(t("param.appliance_backup_list_job")),
    limit: z.number().int().min(1).max(200).default(20).describe(t("param.appliance_backup_list_limit")),
  }),
  output: {
    jobs: z.array(backupJobOut),
    total: z.number().int(),
    last_success: z.string().nullable().describe("End time of the newest succeeded job"),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: [],
  aliases: ["get_vcenter_backup_status"],
  async handler(args, ctx) {
    const appliance = new ApplianceManager(ctx.vsphere.rest);
    const all = (await appliance.backupJobDetails())
      .filter(([id]) => !args.job || id === args.job)
      .map(([id, d]) => describeBackupJob(id, d))
      .sort((a, b) => (b.start_time ?? "").localeCompare(a.start_time ?? ""));
    if (args.job && all.length === 0) {
      // Not among the details (older than their retention): the job status still answers.
      const status = await appliance.backupJob(args.job);
      all.push({
        id: sanitizeText(status.id),
        type: null,
        status: status.state,
        location: null,
        location_user: null,
        start_time: status.start_time ?? null,
        end_time: status.end_time ?? null,
        duration_s: null,
        size_bytes: null,
        progress_pct: status.progress ?? null,
        error: null,
        messages: (status.messages ?? []).map(messageText),
      });
    }
    const succeeded = all.filter((j) => j.status === "SUCCEEDED");
    return {
      jobs: all.slice(0, args.limit),
      total: all.length,
      last_success: succeeded[0]?.end_time ?? null,
    };
  },
});
