import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { ApplianceManager, BACKUP_LOCATION_TYPES, type BackupRequest } from "../../vsphere/rest/appliance.ts";
import { applianceRef, messageText } from "./shared.ts";

export const applianceBackup = defineTool({
  name: "appliance_backup",
  toolset: "appliance",
  input: (t) => ({
    location_type: z.enum(BACKUP_LOCATION_TYPES).describe(t("param.appliance_backup_location_type")),
    location: z.string().min(1).max(2048).describe(t("param.appliance_backup_location")),
    location_user: z.string().min(1).max(256).optional().describe(t("param.appliance_backup_location_user")),
    location_password: z.string().min(1).max(512).optional().describe(
      t("param.appliance_backup_location_password"),
    ),
    backup_password: z.string().min(8).max(512).optional().describe(
      t("param.appliance_backup_backup_password"),
    ),
    parts: z.array(z.string().min(1).max(64)).max(16).optional().describe(t("param.appliance_backup_parts")),
    comment: z.string().max(1024).optional().describe(t("param.appliance_backup_comment")),
  }),
  output: {
    job: z.string(),
    state: z.string(),
    progress: z.number(),
    start_time: z.string().nullable(),
    messages: z.array(z.string()),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  // A backup loads the appliance and writes the whole configuration (secrets included) to the location.
  tier: "high",
  // The appliance API authorizes by SSO group membership, not by vCenter role privileges.
  privileges: ["SystemConfiguration.Administrators"],
  aliases: ["trigger_vcenter_backup"],
  async handler(args, ctx) {
    const appliance = new ApplianceManager(ctx.vsphere.rest);
    const running = (await appliance.backupJobDetails())
      .filter(([, d]) => d.status === "RUNNING" || d.status === "PENDING")
      .map(([id]) => sanitizeText(id));
    const request: BackupRequest = {
      parts: args.parts ?? [],
      location_type: args.location_type,
      location: args.location,
      ...(args.location_user ? { location_user: args.location_user } : {}),
      ...(args.location_password ? { location_password: args.location_password } : {}),
      ...(args.backup_password ? { backup_password: args.backup_password } : {}),
      ...(args.comment ? { comment: args.comment } : {}),
    };
    const location = sanitizeText(args.location);
    return await ctx.mutate({
      targets: [{
        ref: applianceRef("appliance.recovery.backup.Job", "new"),
        name: location,
        state: { running_jobs: running },
      }],
      summary: ctx.t("appliance_backup.summary", {
        location,
        type: args.location_type,
        parts: (args.parts ?? []).join(", ") || "common",
        running: running.length,
      }),
      method: "appliance.recovery.backup.Job.create",
      // Passwords never reach the preview or the audit log.
      args: {
        location_type: args.location_type,
        location,
        parts: args.parts ?? [],
        ...(args.location_user ? { location_user: sanitizeText(args.location_user) } : {}),
        encrypted: args.backup_password !== undefined,
      },
    }, async () => {
      const status = await appliance.startBackup(request);
      return {
        job: sanitizeText(status.id),
        state: status.state,
        progress: status.progress ?? 0,
        start_time: status.start_time ?? null,
        messages: (status.messages ?? []).map(messageText),
        message: ctx.t("appliance_backup.started", { job: sanitizeText(status.id), state: status.state }),
      };
    });
  },
});
