import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { ApplianceManager } from "../../vsphere/rest/appliance.ts";
import { LifecycleManager } from "../../vsphere/rest/lifecycle.ts";
import { describeTask, taskOut } from "../vcenter/vlcm_info.ts";
import { applianceRef } from "./shared.ts";

export const applianceSupportBundle = defineTool({
  name: "appliance_support_bundle",
  toolset: "appliance",
  input: (t) => ({
    description: z.string().min(1).max(1024).describe(t("param.appliance_support_bundle_description")),
    components: z.record(z.string().min(1).max(100), z.array(z.string().min(1).max(100)).max(64)).optional()
      .describe(t("param.appliance_support_bundle_components")),
  }),
  output: { task: taskOut, message: z.string() },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  // Collecting logs loads the appliance and fills /storage/log for a while.
  tier: "medium",
  // The appliance API authorizes by SSO group membership, not by vCenter role privileges.
  privileges: ["SystemConfiguration.Administrators"],
  aliases: ["generate_support_bundle"],
  async handler(args, ctx) {
    const appliance = new ApplianceManager(ctx.vsphere.rest);
    const existing = await appliance.supportBundles().catch(() => []);
    const spec = {
      description: args.description,
      ...(args.components ? { components: args.components } : {}),
    };
    const description = sanitizeText(args.description);
    return await ctx.mutate({
      targets: [{
        ref: applianceRef("appliance.SupportBundle", "new"),
        name: description,
        state: { existing_bundles: existing.length },
      }],
      summary: ctx.t("appliance_support_bundle.summary", {
        description,
        components: args.components
          ? Object.keys(args.components).join(", ")
          : ctx.t("appliance_support_bundle.all"),
      }),
      method: "appliance.SupportBundle.create",
      args: { ...spec },
    }, async () => {
      const id = await appliance.createSupportBundle(spec);
      const task = describeTask(id, await new LifecycleManager(ctx.vsphere.rest).task(id));
      return { task, message: ctx.t("appliance_support_bundle.started", { task: task.task }) };
    });
  },
});
