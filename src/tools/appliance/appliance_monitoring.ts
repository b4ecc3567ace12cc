import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import {
  ApplianceManager,
  MONITORING_FUNCTIONS,
  MONITORING_INTERVALS,
} from "../../vsphere/rest/appliance.ts";
import { globMatcher } from "../shared/glob.ts";

export const applianceMonitoring = defineTool({
  name: "appliance_monitoring",
  toolset: "appliance",
  input: (t) => ({
    items: z.array(z.string().min(1).max(200)).max(20).optional().describe(
      t("param.appliance_monitoring_items"),
    ),
    filter: z.string().min(1).max(200).optional().describe(t("param.appliance_monitoring_filter")),
    hours: z.number().int().min(1).max(24 * 31).default(24).describe(t("param.appliance_monitoring_hours")),
    interval: z.enum(MONITORING_INTERVALS).default("MINUTES30").describe(
      t("param.appliance_monitoring_interval"),
    ),
    function: z.enum(MONITORING_FUNCTIONS).default("AVG").describe(t("param.appliance_monitoring_function")),
  }),
  output: {
    available: z.array(z.object({
      id: z.string(),
      name: z.string(),
      category: z.string(),
      units: z.string(),
      instance: z.string(),
    })).optional(),
    series: z.array(z.object({
      item: z.string(),
      function: z.string(),
      interval: z.string(),
      start_time: z.string(),
      end_time: z.string(),
      values: z.array(z.number().nullable()),
      latest: z.number().nullable(),
      max: z.number().nullable(),
    })).optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: [],
  aliases: ["get_appliance_monitoring_data"],
  async handler(args, ctx) {
    const appliance = new ApplianceManager(ctx.vsphere.rest);
    if (!args.items?.length) {
      const match = globMatcher(args.filter);
      const available = (await appliance.monitoredItems())
        .filter((i) => match(i.id) || match(i.category))
        .map((i) => ({
          id: sanitizeText(i.id),
          name: sanitizeText(i.name),
          category: sanitizeText(i.category),
          units: sanitizeText(i.units),
          instance: sanitizeText(i.instance),
        }));
      return { available };
    }
    const end = new Date();
    const start = new Date(end.getTime() - args.hours * 3_600_000);
    const data = await appliance.queryMonitoring({
      names: args.items,
      interval: args.interval,
      function: args.function,
      start_time: start.toISOString(),
      end_time: end.toISOString(),
    });
    return {
      series: data.map((d) => {
        // Values arrive as strings; an empty string is a gap.
        const values = (d.data ?? []).map((v) => (v === "" || Number.isNaN(Number(v)) ? null : Number(v)));
        const present = values.filter((v): v is number => v !== null);
        return {
          item: sanitizeText(d.name),
          function: d.function,
          interval: d.interval,
          start_time: d.start_time,
          end_time: d.end_time,
          values,
          latest: present.at(-1) ?? null,
          max: present.length ? Math.max(...present) : null,
        };
      }),
    };
  },
});
