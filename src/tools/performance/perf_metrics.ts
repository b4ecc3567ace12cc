import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { resolveAnyEntity } from "../shared/entity.ts";
import { globMatcher } from "../shared/glob.ts";
import { page, pagingInput } from "../shared/paging.ts";
import { asArray, bool, num, obj, text } from "../shared/values.ts";
import { counters, INTERVAL_NAMES, INTERVALS } from "./counters.ts";

const counterRow = z.object({
  id: z.number(),
  name: z.string().describe("group.name.rollup, as perf_query takes it"),
  unit: z.string(),
  stats_type: z.string(),
  level: z.number().nullable(),
  description: z.string(),
  instances: z.number().optional().describe("Per-device instances available for the entity"),
});

export const perfMetrics = defineTool({
  name: "perf_metrics",
  toolset: "performance",
  input: (t) => ({
    entity: z.string().min(1).max(300).optional().describe(t("param.perf_entity_optional")),
    interval: z.enum(INTERVAL_NAMES).default("realtime").describe(t("param.perf_interval")),
    name: z.string().max(200).optional().describe(t("param.perf_counter_glob")),
    ...pagingInput(t),
  }),
  output: {
    entity: z.string().optional(),
    counters: z.array(counterRow),
    total: z.number(),
    next_cursor: z.string().optional(),
    intervals: z.array(z.record(z.string(), z.unknown())).describe("vCenter's historical intervals"),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["list_available_metrics", "list_performance_counters", "list_performance_intervals"],
  async handler(args, ctx) {
    const client = ctx.vsphere;
    const all = await counters(client, ctx.signal);
    const content = await client.serviceContent();
    const perfManager = content.perfManager as MoRef;
    const intervals = asArray<VimObject>(
      (await retrieveOne(client, perfManager, ["historicalInterval"], { signal: ctx.signal }))
        .historicalInterval,
    ).map((i) => ({
      key: num(i.key),
      name: text(i.name),
      sampling_s: num(i.samplingPeriod),
      retention_s: num(i.length),
      level: num(i.level),
      enabled: bool(i.enabled),
    }));

    let available: Map<number, number> | undefined;
    let entityName: string | undefined;
    if (args.entity) {
      const entity = await resolveAnyEntity(client, args.entity, ctx.signal);
      entityName = entity.name;
      available = new Map();
      const ids = await client.call("QueryAvailablePerfMetric", perfManager, {
        entity: entity.ref,
        intervalId: INTERVALS[args.interval],
      }, { signal: ctx.signal });
      for (const id of asArray(ids)) {
        const counterId = num(obj(id)?.counterId);
        if (counterId === null) continue;
        const instance = text(obj(id)?.instance) ?? "";
        available.set(counterId, (available.get(counterId) ?? 0) + (instance === "" ? 0 : 1));
      }
    }
    const matches = globMatcher(args.name);
    const rows = [...all.values()]
      .filter((c) => !available || available.has(c.id))
      .filter((c) => matches(c.name))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((c) => ({
        id: c.id,
        name: c.name,
        unit: c.unit,
        stats_type: c.stats_type,
        level: c.level,
        description: c.description,
        ...(available ? { instances: available.get(c.id) ?? 0 } : {}),
      }));
    const { items, total, next_cursor } = page(rows, args.limit, args.cursor);
    return {
      ...(entityName ? { entity: entityName } : {}),
      counters: items,
      total,
      ...(next_cursor ? { next_cursor } : {}),
      intervals,
    };
  },
});
