import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { ApplianceManager } from "../../vsphere/rest/appliance.ts";
import { applianceRef } from "./shared.ts";

const ACTIONS = ["reboot", "poweroff", "cancel"] as const;

export const appliancePower = defineTool({
  name: "appliance_power",
  toolset: "appliance",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.appliance_power_action")),
    delay_minutes: z.number().int().min(0).max(10080).default(0).describe(t("param.appliance_power_delay")),
    reason: z.string().min(1).max(512).optional().describe(t("param.appliance_power_reason")),
  }),
  output: {
    action: z.enum(ACTIONS),
    changed: z.boolean(),
    scheduled: z.object({ action: z.string(), time: z.string().nullable(), reason: z.string() }).nullable(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Rebooting or powering off the appliance stops vCenter for everyone.
  tier: "critical",
  // The appliance API authorizes by SSO group membership, not by vCenter role privileges.
  privileges: ["SystemConfiguration.Administrators"],
  aliases: ["shutdown_reboot_appliance"],
  async handler(args, ctx) {
    const appliance = new ApplianceManager(ctx.vsphere.rest);
    const [current, hostname] = await Promise.all([
      appliance.shutdownConfig(),
      appliance.hostname().catch(() => ctx.vsphere.target.host),
    ]);
    const scheduled = (config: typeof current) =>
      config.action
        ? {
          action: sanitizeText(config.action),
          time: config.shutdown_time ?? null,
          reason: sanitizeText(config.reason),
        }
        : null;
    const name = sanitizeText(hostname);
    const targets = [{
      ref: applianceRef("appliance.Shutdown", name),
      name,
      state: { scheduled: scheduled(current) },
    }];
    if (args.action === "cancel") {
      if (!current.action) {
        return {
          action: args.action,
          changed: false,
          scheduled: null,
          message: ctx.t("appliance_power.nothing_scheduled"),
        };
      }
      return await ctx.mutate({
        targets,
        summary: ctx.t("appliance_power.summary_cancel", { name, action: sanitizeText(current.action) }),
        method: "appliance.Shutdown.cancel",
      }, async () => {
        await appliance.cancelShutdown();
        const after = await appliance.shutdownConfig();
        return {
          action: args.action,
          changed: true,
          scheduled: scheduled(after),
          message: ctx.t("appliance_power.cancelled", { name }),
        };
      });
    }
    if (!args.reason) throw new ToolInputError("appliance_power.reason_required", {}, "hints.input");
    const action = args.action;
    const reason = args.reason;
    return await ctx.mutate({
      targets,
      summary: ctx.t(`appliance_power.summary_${action}`, { name, minutes: args.delay_minutes }),
      method: `appliance.Shutdown.${action}`,
      args: { delay: args.delay_minutes, reason: sanitizeText(reason) },
    }, async () => {
      await appliance.shutdown(action, args.delay_minutes, reason);
      const after = await appliance.shutdownConfig().catch(() => null);
      return {
        action,
        changed: true,
        scheduled: after ? scheduled(after) : null,
        message: ctx.t("appliance_power.scheduled", { name, action, minutes: args.delay_minutes }),
      };
    });
  },
});
