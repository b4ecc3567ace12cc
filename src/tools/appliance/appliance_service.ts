import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { VcenterServicesManager } from "../../vsphere/rest/vcenter_services.ts";
import { describeService, serviceOut } from "./appliance_service_list.ts";
import { applianceRef } from "./shared.ts";

const ACTIONS = ["start", "stop", "restart"] as const;

export const applianceService = defineTool({
  name: "appliance_service",
  toolset: "appliance",
  input: (t) => ({
    service: z.string().min(1).max(200).describe(t("param.appliance_service_service")),
    action: z.enum(ACTIONS).describe(t("param.appliance_service_action")),
  }),
  output: {
    action: z.enum(ACTIONS),
    changed: z.boolean(),
    before: z.string(),
    service: serviceOut,
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Stopping vpxd, sts or the inventory service takes vCenter down for every user.
  tier: "high",
  // The appliance API authorizes by SSO group (SystemConfiguration.Administrators), not by vSphere privilege.
  // The appliance API authorizes by SSO group membership, not by vCenter role privileges.
  privileges: ["SystemConfiguration.Administrators"],
  aliases: ["restart_vcenter_service", "start_vcenter_service", "stop_vcenter_service"],
  async handler(args, ctx) {
    const services = new VcenterServicesManager(ctx.vsphere.rest);
    const info = await services.get(args.service);
    const name = sanitizeText(args.service);
    const already = (args.action === "start" && info.state === "STARTED") ||
      (args.action === "stop" && info.state === "STOPPED");
    if (already) {
      return {
        action: args.action,
        changed: false,
        before: info.state,
        service: describeService(args.service, info),
        message: ctx.t("appliance_service.unchanged", { name, state: info.state }),
      };
    }
    return await ctx.mutate({
      targets: [{
        ref: applianceRef("vcenter.services.Service", args.service),
        name,
        state: { state: info.state, startup_type: info.startup_type, health: info.health ?? null },
      }],
      summary: ctx.t(`appliance_service.summary_${args.action}`, { name, state: info.state }),
      method: `vcenter.services.Service.${args.action}`,
    }, async () => {
      await services.act(args.service, args.action);
      const after = await services.get(args.service);
      return {
        action: args.action,
        changed: true,
        before: info.state,
        service: describeService(args.service, after),
        message: ctx.t("appliance_service.done", { name, action: args.action, state: after.state }),
      };
    });
  },
});
