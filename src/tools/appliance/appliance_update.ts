import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { ApplianceManager } from "../../vsphere/rest/appliance.ts";
import { applianceRef, isNotFound } from "./shared.ts";

const ACTIONS = ["stage", "discard_staged"] as const;

export const applianceUpdate = defineTool({
  name: "appliance_update",
  toolset: "appliance",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.appliance_update_action")),
    version: z.string().min(1).max(100).optional().describe(t("param.appliance_update_version")),
  }),
  output: {
    action: z.enum(ACTIONS),
    changed: z.boolean(),
    state: z.string(),
    staged_version: z.string().nullable(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  // Staging downloads the patch to the appliance; installing (not offered here) is the disruptive step.
  tier: "high",
  // The appliance API authorizes by SSO group membership, not by vCenter role privileges.
  privileges: ["SystemConfiguration.Administrators"],
  aliases: ["stage_appliance_update"],
  async handler(args, ctx) {
    const appliance = new ApplianceManager(ctx.vsphere.rest);
    const info = await appliance.update();
    const staged = await appliance.stagedUpdate().catch((error) => {
      if (isNotFound(error)) return null;
      throw error;
    });
    const stagedVersion = staged ? sanitizeText(staged.version) : null;
    const target = (version: string, state: Record<string, unknown>) => ({
      ref: applianceRef("appliance.update.Pending", version),
      name: version,
      state: { update_state: info.state, current_version: sanitizeText(info.version), ...state },
    });
    if (args.action === "discard_staged") {
      if (!staged) {
        return {
          action: args.action,
          changed: false,
          state: info.state,
          staged_version: null,
          message: ctx.t("appliance_update.nothing_staged"),
        };
      }
      return await ctx.mutate({
        targets: [target(stagedVersion!, { staging_complete: staged.staging_complete })],
        summary: ctx.t("appliance_update.summary_discard_staged", { version: stagedVersion! }),
        method: "appliance.update.Staged.delete",
      }, async () => {
        await appliance.discardStagedUpdate();
        const after = await appliance.update();
        return {
          action: args.action,
          changed: true,
          state: after.state,
          staged_version: null,
          message: ctx.t("appliance_update.discarded", { version: stagedVersion! }),
        };
      });
    }
    if (!args.version) throw new ToolInputError("appliance_update.version_required", {}, "hints.input");
    const version = sanitizeText(args.version);
    if (staged && staged.version === args.version) {
      return {
        action: args.action,
        changed: false,
        state: info.state,
        staged_version: stagedVersion,
        message: ctx.t("appliance_update.already_staged", { version }),
      };
    }
    const pending = await appliance.pendingUpdate(args.version);
    return await ctx.mutate({
      targets: [target(version, {
        reboot_required: pending.reboot_required,
        size_mb: pending.size,
        services_stopped_on_install: (pending.services_will_be_stopped ?? []).map((s) =>
          sanitizeText(s.service)
        ),
        replaces_staged: stagedVersion,
      })],
      summary: ctx.t("appliance_update.summary_stage", {
        version,
        size: pending.size,
        current: sanitizeText(info.version),
      }),
      method: "appliance.update.Pending.stage",
    }, async () => {
      await appliance.stageUpdate(args.version!);
      const after = await appliance.update();
      return {
        action: args.action,
        changed: true,
        state: after.state,
        staged_version: version,
        message: ctx.t("appliance_update.staging", { version, state: after.state }),
      };
    });
  },
});
