import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { type ServiceInfo, VcenterServicesManager } from "../../vsphere/rest/vcenter_services.ts";
import { globMatcher } from "../shared/glob.ts";
import { messageText } from "./shared.ts";

const STATES = ["STARTING", "STOPPING", "STARTED", "STOPPED"] as const;

export const serviceOut = z.object({
  service: z.string(),
  state: z.string(),
  startup_type: z.string(),
  health: z.string().nullable(),
  health_messages: z.array(z.string()),
});

export function describeService(id: string, info: ServiceInfo): z.infer<typeof serviceOut> {
  return {
    service: sanitizeText(id),
    state: info.state,
    startup_type: info.startup_type,
    health: info.health ?? null,
    health_messages: (info.health_messages ?? []).map(messageText),
  };
}

export const applianceServiceList = defineTool({
  name: "appliance_service_list",
  toolset: "appliance",
  input: (t) => ({
    name: z.string().min(1).max(200).optional().describe(t("param.appliance_service_list_name")),
    state: z.enum(STATES).optional().describe(t("param.appliance_service_list_state")),
  }),
  output: {
    services: z.array(serviceOut),
    total: z.number().int(),
    not_running_automatic: z.array(z.string()).describe("Automatic services that are not started"),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: ["list_vcenter_services"],
  async handler(args, ctx) {
    const match = globMatcher(args.name);
    const services = (await new VcenterServicesManager(ctx.vsphere.rest).list())
      .filter(([id, info]) => match(id) && (!args.state || info.state === args.state))
      .map(([id, info]) => describeService(id, info))
      .sort((a, b) => a.service.localeCompare(b.service));
    return {
      services,
      total: services.length,
      not_running_automatic: services
        .filter((s) => s.startup_type === "AUTOMATIC" && s.state !== "STARTED")
        .map((s) => s.service),
    };
  },
});
