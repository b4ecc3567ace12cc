import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import {
  ApplianceManager,
  HEALTH_COMPONENTS,
  type HealthComponent,
  type HealthLevel,
  type LocalizableMessage,
} from "../../vsphere/rest/appliance.ts";
import { errorText, messageText } from "./shared.ts";

const LEVELS = ["green", "yellow", "orange", "red", "gray"] as const;

const componentOut = z.object({
  component: z.enum(HEALTH_COMPONENTS),
  status: z.enum(LEVELS).nullable().describe("null when the component could not be read"),
  messages: z.array(z.string()).optional(),
  error: z.string().optional(),
});

export const applianceHealth = defineTool({
  name: "appliance_health",
  toolset: "appliance",
  input: (t) => ({
    component: z.enum(HEALTH_COMPONENTS).optional().describe(t("param.appliance_health_component")),
  }),
  output: {
    overall: z.enum(LEVELS).nullable(),
    last_check: z.string().nullable(),
    components: z.array(componentOut),
    attention: z.array(z.string()).describe("Components that are not green"),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: [
    "get_appliance_health_overview",
    "get_appliance_health_memory",
    "get_appliance_health_cpu",
    "get_appliance_health_storage",
    "get_appliance_health_database",
    "get_appliance_health_swap",
    "get_appliance_health_softwarepackages",
    "get_vcenter_health",
  ],
  async handler(args, ctx) {
    const appliance = new ApplianceManager(ctx.vsphere.rest);
    const wanted: readonly HealthComponent[] = args.component ? [args.component] : HEALTH_COMPONENTS;
    const components = await Promise.all(wanted.map(async (component) => {
      let status: HealthLevel;
      let included: LocalizableMessage[] | undefined;
      try {
        ({ level: status, messages: included } = await appliance.health(component));
      } catch (error) {
        return { component, status: null, error: errorText(error) };
      }
      // Messages explain a problem: fetch them for the component asked for, or any that is not green.
      if (!args.component && status === "green") return { component, status };
      if (included) return { component, status, messages: included.map(messageText) };
      try {
        const notes = await appliance.healthMessages(component);
        return { component, status, messages: notes.map((n) => messageText(n.message)) };
      } catch {
        return { component, status };
      }
    }));
    const lastCheck = await appliance.healthLastCheck().catch(() => null);
    const system = components.find((c) => c.component === "system");
    const overall = system?.status ?? (await appliance.health("system").then((h) => h.level, () => null));
    return {
      overall,
      last_check: lastCheck,
      components,
      attention: components.filter((c) => c.status !== "green").map((c) => c.component),
    };
  },
});
