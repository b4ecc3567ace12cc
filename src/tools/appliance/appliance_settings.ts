import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { ACCESS_KINDS, ApplianceManager, TIMESYNC_MODES } from "../../vsphere/rest/appliance.ts";
import { applianceRef } from "./shared.ts";

const ACTIONS = ["set_ntp", "set_access", "set_password_policy"] as const;

export const applianceSettings = defineTool({
  name: "appliance_settings",
  toolset: "appliance",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.appliance_settings_action")),
    ntp_servers: z.array(z.string().min(1).max(255)).min(1).max(16).optional().describe(
      t("param.appliance_settings_ntp_servers"),
    ),
    time_sync: z.enum(TIMESYNC_MODES).optional().describe(t("param.appliance_settings_time_sync")),
    access: z.enum(ACCESS_KINDS).optional().describe(t("param.appliance_settings_access")),
    enabled: z.boolean().optional().describe(t("param.appliance_settings_enabled")),
    max_days: z.number().int().min(0).max(99999).optional().describe(t("param.appliance_settings_max_days")),
    min_days: z.number().int().min(0).max(99999).optional().describe(t("param.appliance_settings_min_days")),
    warn_days: z.number().int().min(0).max(99999).optional().describe(
      t("param.appliance_settings_warn_days"),
    ),
    shell_timeout_s: z.number().int().min(1).max(86400).default(3600).describe(
      t("param.appliance_settings_shell_timeout"),
    ),
  }),
  output: {
    action: z.enum(ACTIONS),
    changed: z.boolean(),
    before: z.record(z.string(), z.unknown()),
    after: z.record(z.string(), z.unknown()),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  // Wrong time breaks SSO tokens; shell/SSH access widens the attack surface.
  tier: "high",
  // The appliance API authorizes by SSO group membership, not by vCenter role privileges.
  privileges: ["SystemConfiguration.Administrators"],
  aliases: ["set_vcenter_ntp_config", "set_vcenter_appliance_access", "set_password_policy"],
  async handler(args, ctx) {
    /** The answer when the appliance already has the wanted settings: nothing was sent. */
    const unchanged = (before: Record<string, unknown>) => ({
      action: args.action,
      changed: false,
      before,
      after: before,
      message: ctx.t("appliance_settings.unchanged"),
    });
    const appliance = new ApplianceManager(ctx.vsphere.rest);
    const host = sanitizeText(ctx.vsphere.target.host);
    if (args.action === "set_ntp") {
      if (!args.ntp_servers && !args.time_sync) {
        throw new ToolInputError("appliance_settings.ntp_required", {}, "hints.input");
      }
      const [servers, mode] = await Promise.all([appliance.ntpServers(), appliance.timesync()]);
      const before = { ntp_servers: servers, time_sync: mode };
      const wanted = { ntp_servers: args.ntp_servers ?? servers, time_sync: args.time_sync ?? mode };
      const serversChange = JSON.stringify(wanted.ntp_servers) !== JSON.stringify(servers);
      const modeChange = wanted.time_sync !== mode;
      if (!serversChange && !modeChange) {
        return unchanged(before);
      }
      return await ctx.mutate({
        targets: [{ ref: applianceRef("appliance.Ntp", host), name: host, state: before }],
        summary: ctx.t("appliance_settings.summary_set_ntp", {
          servers: wanted.ntp_servers.join(", "),
          mode: wanted.time_sync,
        }),
        method: [serversChange ? "appliance.Ntp.set" : "", modeChange ? "appliance.Timesync.set" : ""]
          .filter(Boolean).join(", "),
        args: wanted,
      }, async () => {
        // Servers first: switching to NTP mode without servers fails.
        if (serversChange) await appliance.setNtpServers(wanted.ntp_servers);
        if (modeChange) await appliance.setTimesync(wanted.time_sync);
        const after = { ntp_servers: await appliance.ntpServers(), time_sync: await appliance.timesync() };
        return {
          action: args.action,
          changed: true,
          before,
          after,
          message: ctx.t("appliance_settings.done"),
        };
      });
    }
    if (args.action === "set_password_policy") {
      const current = await appliance.localAccountsPolicy();
      const before = {
        max_days: current.max_days ?? null,
        min_days: current.min_days ?? null,
        warn_days: current.warn_days ?? null,
      };
      const wanted = {
        max_days: args.max_days ?? before.max_days,
        min_days: args.min_days ?? before.min_days,
        warn_days: args.warn_days ?? before.warn_days,
      };
      if (args.max_days === undefined && args.min_days === undefined && args.warn_days === undefined) {
        throw new ToolInputError("appliance_settings.policy_required", {}, "hints.input");
      }
      if (JSON.stringify(wanted) === JSON.stringify(before)) {
        return unchanged(before);
      }
      const policy = Object.fromEntries(Object.entries(wanted).filter(([, v]) => v !== null)) as {
        max_days?: number;
        min_days?: number;
        warn_days?: number;
      };
      return await ctx.mutate({
        targets: [{
          ref: applianceRef("appliance.local_accounts.Policy", "global"),
          name: host,
          state: before,
        }],
        summary: ctx.t("appliance_settings.summary_set_password_policy", {
          max: wanted.max_days ?? "-",
          min: wanted.min_days ?? "-",
          warn: wanted.warn_days ?? "-",
        }),
        method: "appliance.local_accounts.Policy.set",
        args: policy,
      }, async () => {
        await appliance.setLocalAccountsPolicy(policy);
        const read = await appliance.localAccountsPolicy();
        const after = {
          max_days: read.max_days ?? null,
          min_days: read.min_days ?? null,
          warn_days: read.warn_days ?? null,
        };
        return {
          action: args.action,
          changed: true,
          before,
          after,
          message: ctx.t("appliance_settings.done"),
        };
      });
    }
    if (!args.access || args.enabled === undefined) {
      throw new ToolInputError("appliance_settings.access_required", {}, "hints.input");
    }
    const kind = args.access;
    const enabled = args.enabled;
    const current = await appliance.access(kind);
    const before = { [kind]: current };
    if (current === enabled) {
      return unchanged(before);
    }
    return await ctx.mutate({
      targets: [{ ref: applianceRef("appliance.access", kind), name: host, state: before }],
      summary: ctx.t(enabled ? "appliance_settings.summary_enable" : "appliance_settings.summary_disable", {
        access: kind,
        name: host,
      }),
      method: `appliance.access.${kind}.set`,
      args: { enabled, ...(kind === "shell" && enabled ? { timeout_s: args.shell_timeout_s } : {}) },
    }, async () => {
      await appliance.setAccess(kind, enabled, args.shell_timeout_s);
      const after = { [kind]: await appliance.access(kind) };
      return { action: args.action, changed: true, before, after, message: ctx.t("appliance_settings.done") };
    });
  },
});
