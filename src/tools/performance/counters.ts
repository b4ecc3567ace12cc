/**
 * Performance counters and samples. Counter metadata comes from PerformanceManager.perfCounter (one read,
 * cached per client) — never QueryPerfCounter, which crashes the simulator. Samples are reduced to
 * count/latest/avg/min/max so results stay small.
 */
import type { VSphereClient } from "../../vsphere/client.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { asArray, at, num, obj, text } from "../shared/values.ts";

export interface Counter {
  id: number;
  /** "group.name.rollup", e.g. "cpu.usage.average" — the name tools accept. */
  name: string;
  group: string;
  unit: string;
  rollup: string;
  stats_type: string;
  level: number | null;
  description: string;
}

/** Named intervals: realtime (20 s samples, about an hour) and vCenter's default historical levels. */
export const INTERVALS = { realtime: 20, "5m": 300, "30m": 1800, "2h": 7200, "1d": 86400 } as const;
export type IntervalName = keyof typeof INTERVALS;
export const INTERVAL_NAMES = Object.keys(INTERVALS) as [IntervalName, ...IntervalName[]];

const cache = new WeakMap<VSphereClient, Promise<Map<number, Counter>>>();

export function counters(client: VSphereClient, signal: AbortSignal): Promise<Map<number, Counter>> {
  let cached = cache.get(client);
  if (!cached) {
    cached = readCounters(client, signal);
    cached.catch(() => cache.delete(client));
    cache.set(client, cached);
  }
  return cached;
}

async function readCounters(client: VSphereClient, signal: AbortSignal): Promise<Map<number, Counter>> {
  const content = await client.serviceContent();
  const props = await retrieveOne(client, content.perfManager as MoRef, ["perfCounter"], { signal });
  const out = new Map<number, Counter>();
  for (const c of asArray<VimObject>(props.perfCounter)) {
    const id = num(c.key);
    if (id === null) continue;
    const group = text(at(c, "groupInfo.key")) ?? "";
    const name = text(at(c, "nameInfo.key")) ?? "";
    const rollup = text(c.rollupType) ?? "";
    out.set(id, {
      id,
      name: `${group}.${name}.${rollup}`,
      group,
      unit: text(at(c, "unitInfo.key")) ?? "",
      rollup,
      stats_type: text(c.statsType) ?? "",
      level: num(c.level),
      description: text(at(c, "nameInfo.summary"), 200) ?? "",
    });
  }
  return out;
}

/** vim25 PerfQuerySpec, fields in vim-types.xsd order. */
export function perfQuerySpec(spec: {
  entity: MoRef;
  startTime: string;
  endTime: string;
  maxSample: number;
  metrics: { counterId: number; instance: string }[];
  intervalId: number;
}): VimObject {
  return {
    _type: "PerfQuerySpec",
    entity: spec.entity,
    startTime: spec.startTime,
    endTime: spec.endTime,
    maxSample: spec.maxSample,
    metricId: spec.metrics.map((m) => ({
      _type: "PerfMetricId",
      counterId: m.counterId,
      instance: m.instance,
    })),
    intervalId: spec.intervalId,
    format: "normal",
  };
}

export interface Series {
  counterId: number;
  instance: string;
  /** [timestamp, raw value] pairs, oldest first; vCenter's -1 ("no data") left out. */
  points: [string, number][];
}

/** PerfEntityMetric results → series with their timestamps. */
export function seriesOf(result: VimValue | undefined): Series[] {
  const out: Series[] = [];
  for (const metric of asArray<VimObject>(result)) {
    const times = asArray<VimObject>(metric.sampleInfo).map((s) => text(s.timestamp) ?? "");
    for (const series of asArray<VimObject>(metric.value)) {
      const id = obj(series.id);
      const values = asArray(series.value).map((v) => num(v));
      const points: [string, number][] = [];
      values.forEach((v, i) => {
        if (v !== null && v >= 0) points.push([times[i] ?? "", v]);
      });
      points.sort((a, b) => a[0].localeCompare(b[0]));
      out.push({ counterId: num(id?.counterId) ?? -1, instance: text(id?.instance) ?? "", points });
    }
  }
  return out;
}

/** vCenter reports percentages in hundredths of a percent. */
export function scale(unit: string, raw: number): number {
  return unit === "percent" ? raw / 100 : raw;
}

export interface Aggregate {
  samples: number;
  latest: number | null;
  avg: number | null;
  min: number | null;
  max: number | null;
  first_time: string | null;
  last_time: string | null;
}

export function aggregate(points: readonly [string, number][], unit: string): Aggregate {
  if (points.length === 0) {
    return { samples: 0, latest: null, avg: null, min: null, max: null, first_time: null, last_time: null };
  }
  const values = points.map(([, v]) => scale(unit, v));
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    samples: values.length,
    latest: round(values.at(-1)!),
    avg: round(values.reduce((a, b) => a + b, 0) / values.length),
    min: round(Math.min(...values)),
    max: round(Math.max(...values)),
    first_time: points[0]![0],
    last_time: points.at(-1)![0],
  };
}
