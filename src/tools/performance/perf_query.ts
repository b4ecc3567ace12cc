import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { resolveAnyEntity } from "../shared/entity.ts";
import { asArray, num, obj, text } from "../shared/values.ts";
import {
  aggregate,
  counters,
  INTERVAL_NAMES,
  INTERVALS,
  perfQuerySpec,
  scale,
  seriesOf,
} from "./counters.ts";

/** Metrics shown when none are asked for, per entity type (names as in perf_metrics). */
const DEFAULT_METRICS: Record<string, string[]> = {
  VirtualMachine: [
    "cpu.usage.average",
    "cpu.ready.summation",
    "mem.usage.average",
    "disk.usage.average",
    "net.usage.average",
  ],
  HostSystem: ["cpu.usage.average", "mem.usage.average", "disk.usage.average", "net.usage.average"],
  ClusterComputeResource: ["cpu.usage.average", "cpu.usagemhz.average", "mem.usage.average"],
  ResourcePool: ["cpu.usagemhz.average", "mem.consumed.average"],
  Datastore: ["disk.used.latest", "disk.provisioned.latest", "disk.capacity.latest"],
  Datacenter: ["vmop.numPoweron.latest", "vmop.numPoweroff.latest"],
};
/** Realtime (20 s) statistics exist for hosts, VMs and pools; the others have historical rollups only. */
const REALTIME_TYPES = new Set(["VirtualMachine", "HostSystem", "ResourcePool"]);
const MAX_ROWS = 60;
const MAX_POINTS = 100;

const metricRow = z.object({
  metric: z.string(),
  instance: z.string().describe('"" is the whole entity; otherwise a CPU, disk, NIC...'),
  unit: z.string(),
  samples: z.number(),
  latest: z.number().nullable(),
  avg: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  first_time: z.string().nullable(),
  last_time: z.string().nullable(),
  series: z.array(z.tuple([z.string(), z.number()])).optional(),
});

export const perfQuery = defineTool({
  name: "perf_query",
  toolset: "performance",
  input: (t) => ({
    entity: z.string().min(1).max(300).describe(t("param.perf_entity")),
    metrics: z.array(z.string().regex(/^[\w]+\.[\w]+\.[\w]+$/).max(120)).max(30).optional()
      .describe(t("param.perf_metrics")),
    interval: z.enum(INTERVAL_NAMES).optional().describe(t("param.perf_interval")),
    minutes: z.number().int().min(1).max(60 * 24 * 366).optional().describe(t("param.perf_minutes")),
    instances: z.boolean().default(false).describe(t("param.perf_instances")),
    series: z.boolean().default(false).describe(t("param.perf_series")),
  }),
  output: {
    entity: z.string(),
    entity_type: z.string(),
    interval_s: z.number(),
    start: z.string(),
    end: z.string(),
    metrics: z.array(metricRow),
    unavailable: z.array(z.string()).optional().describe("Requested metrics this entity does not have"),
    truncated: z.boolean().optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: [
    "get_vm_performance",
    "get_host_performance",
    "get_datastore_performance",
    "get_historical_performance",
    "get_custom_metrics",
  ],
  async handler(args, ctx) {
    const client = ctx.vsphere;
    const entity = await resolveAnyEntity(client, args.entity, ctx.signal);
    const type = entity.ref.type;
    const interval = args.interval ?? (REALTIME_TYPES.has(type) ? "realtime" : "5m");
    const intervalId = INTERVALS[interval];
    const minutes = args.minutes ?? (interval === "realtime" ? 60 : 24 * 60);
    const content = await client.serviceContent();
    const perfManager = content.perfManager as MoRef;
    const all = await counters(client, ctx.signal);
    const byName = new Map([...all.values()].map((c) => [c.name, c]));

    const available = new Set<number>();
    const instancesOf = new Map<number, string[]>();
    for (
      const id of asArray(
        await client.call("QueryAvailablePerfMetric", perfManager, { entity: entity.ref, intervalId }, {
          signal: ctx.signal,
        }),
      )
    ) {
      const counterId = num(obj(id)?.counterId);
      if (counterId === null) continue;
      available.add(counterId);
      const list = instancesOf.get(counterId) ?? [];
      list.push(text(obj(id)?.instance) ?? "");
      instancesOf.set(counterId, list);
    }
    const wanted = args.metrics?.length ? args.metrics : DEFAULT_METRICS[type] ?? [];
    const chosen = wanted.flatMap((name) => {
      const c = byName.get(name);
      return c && available.has(c.id) ? [c] : [];
    });
    const unavailable = wanted.filter((name) => !chosen.some((c) => c.name === name));
    if (chosen.length === 0) {
      throw new ToolInputError("errors.perf_no_metrics", {
        entity: entity.name,
        interval,
        metrics: wanted.join(", "),
      }, "hints.perf_no_metrics");
    }

    // The window ends at vCenter's clock, not ours.
    const now = String(
      await client.call("CurrentTime", { type: "ServiceInstance", value: "ServiceInstance" }),
    );
    const end = new Date(Number.isNaN(Date.parse(now)) ? Date.now() : Date.parse(now));
    const start = new Date(end.getTime() - minutes * 60_000);
    const maxSample = Math.min(1000, Math.ceil(minutes * 60 / intervalId) + 1);
    const result = await client.call("QueryPerf", perfManager, {
      querySpec: [perfQuerySpec({
        entity: entity.ref,
        startTime: start.toISOString(),
        endTime: end.toISOString(),
        maxSample,
        // Instances named explicitly (from QueryAvailablePerfMetric) rather than "*": the same on every server.
        metrics: chosen.flatMap((c) =>
          args.instances
            ? [...new Set(["", ...(instancesOf.get(c.id) ?? [])])].map((instance) => ({
              counterId: c.id,
              instance,
            }))
            : [{ counterId: c.id, instance: "" }]
        ).slice(0, MAX_ROWS + 1),
        intervalId,
      })],
    }, { signal: ctx.signal });

    const rows = seriesOf(result).map((s) => {
      const counter = all.get(s.counterId);
      const unit = counter?.unit ?? "";
      return {
        metric: counter?.name ?? String(s.counterId),
        instance: s.instance,
        unit: unit === "percent" ? "percent" : unit,
        ...aggregate(s.points, unit),
        ...(args.series
          ? {
            series: s.points.slice(-MAX_POINTS).map(([time, v]): [string, number] => [
              time,
              Math.round(scale(unit, v) * 100) / 100,
            ]),
          }
          : {}),
      };
    }).sort((a, b) => a.metric.localeCompare(b.metric) || a.instance.localeCompare(b.instance));
    return {
      entity: entity.name,
      entity_type: type,
      interval_s: intervalId,
      start: start.toISOString(),
      end: end.toISOString(),
      metrics: rows.slice(0, MAX_ROWS),
      ...(unavailable.length ? { unavailable } : {}),
      ...(rows.length > MAX_ROWS ? { truncated: true } : {}),
    };
  },
});
