import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import type { VSphereClient } from "../../vsphere/client.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { resolveAnyEntity } from "../shared/entity.ts";
import {
  type EventFilter,
  eventFilterSpec,
  eventsOf,
  eventSummary,
  RECURSION,
  summarizeEvent,
} from "./events.ts";

/** Events read per ReadPreviousEvents call, and the most one query walks through (the newest 1000). */
const READ_BATCH = 200;
const MAX_SCAN = 1000;

interface Cursor {
  /** Events to skip (already returned). */
  o: number;
  /** Newest event key of the first page: later pages ignore newer events so offsets stay stable. */
  a: number;
}

function encodeCursor(c: Cursor): string {
  return btoa(JSON.stringify(c));
}

function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (!cursor) return undefined;
  try {
    const c = JSON.parse(atob(cursor)) as Partial<Cursor>;
    if (Number.isInteger(c.o) && c.o! >= 0 && Number.isInteger(c.a)) return { o: c.o!, a: c.a! };
  } catch {
    // fall through
  }
  throw new ToolInputError("errors.invalid_cursor", { cursor: cursor.slice(0, 40) }, "hints.invalid_cursor");
}

const isoTime = z.string().max(40).refine((v) => !Number.isNaN(Date.parse(v)), "not an ISO 8601 time");

export const eventQuery = defineTool({
  name: "event_query",
  toolset: "event",
  input: (t) => ({
    entity: z.string().min(1).max(300).optional().describe(t("param.event_entity")),
    recursion: z.enum(RECURSION).default("all").describe(t("param.event_recursion")),
    types: z.array(z.string().regex(/^[\w.]+$/).max(200)).max(50).optional().describe(t("param.event_types")),
    users: z.array(z.string().min(1).max(200)).max(20).optional().describe(t("param.event_users")),
    since: isoTime.optional().describe(t("param.event_since")),
    until: isoTime.optional().describe(t("param.event_until")),
    limit: z.number().int().min(1).max(500).default(50).describe(t("param.limit")),
    cursor: z.string().max(200).optional().describe(t("param.cursor")),
  }),
  output: {
    events: z.array(eventSummary),
    next_cursor: z.string().optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["list_recent_events", "query_events_by_entity"],
  async handler(args, ctx) {
    const client = ctx.vsphere;
    const cursor = decodeCursor(args.cursor);
    const entity = args.entity ? (await resolveAnyEntity(client, args.entity, ctx.signal)).ref : undefined;
    const offset = cursor?.o ?? 0;
    const need = offset + args.limit + 1;
    const filter: EventFilter = {
      ...(entity ? { entity, recursion: args.recursion } : {}),
      ...(args.since ? { beginTime: new Date(args.since).toISOString() } : {}),
      ...(args.until ? { endTime: new Date(args.until).toISOString() } : {}),
      ...(args.users?.length ? { users: args.users } : {}),
      ...(args.types?.length ? { eventTypes: args.types } : {}),
      // The collector's capacity (vcsim keeps exactly this many; vCenter caps what a query returns).
      maxCount: MAX_SCAN,
    };
    const raw = await readNewest(client, filter, need, cursor?.a, ctx.signal);

    // vCenter applies the filter; applying time and user again here keeps lenient servers honest.
    const since = args.since ? Date.parse(args.since) : undefined;
    const until = args.until ? Date.parse(args.until) : undefined;
    const users = args.users?.map((u) => u.toLowerCase());
    const events = raw.map(summarizeEvent).filter((e) => {
      const time = e.time ? Date.parse(e.time) : NaN;
      if (since !== undefined && !(time >= since)) return false;
      if (until !== undefined && !(time <= until)) return false;
      if (users && !users.includes((e.user ?? "").toLowerCase())) return false;
      return true;
    }).sort((a, b) => b.key - a.key);
    const anchor = cursor?.a ?? events[0]?.key ?? 0;
    const pageEvents = events.slice(offset, offset + args.limit);
    const more = events.length > offset + args.limit;
    return {
      events: pageEvents,
      ...(more ? { next_cursor: encodeCursor({ o: offset + args.limit, a: anchor }) } : {}),
    };
  },
});

/**
 * The newest `need` events matching `filter` (at or below `anchor`), through an event history collector:
 * its latest page first, then older pages with ReadPreviousEvents from the reset position. The collector
 * is always destroyed (vCenter allows only a few per session).
 */
async function readNewest(
  client: VSphereClient,
  filter: EventFilter,
  need: number,
  anchor: number | undefined,
  signal: AbortSignal,
): Promise<VimObject[]> {
  const content = await client.serviceContent();
  const collector = await client.call("CreateCollectorForEvents", content.eventManager as MoRef, {
    filter: eventFilterSpec(filter),
  }, { signal }) as MoRef;
  const seen = new Map<number, VimObject>();
  const add = (events: VimObject[]) => {
    let added = 0;
    for (const e of events) {
      const key = Number(e.key);
      if (anchor !== undefined && key > anchor) continue;
      if (!seen.has(key)) {
        seen.set(key, e);
        added++;
      }
    }
    return added;
  };
  try {
    const latest = await retrieveOne(client, collector, ["latestPage"], { signal });
    add(eventsOf(latest.latestPage));
    if (seen.size < need) {
      await client.call("ResetCollector", collector, {}, { signal });
      for (let scanned = 0; seen.size < need && scanned < MAX_SCAN; scanned += READ_BATCH) {
        const batch = eventsOf(
          await client.call("ReadPreviousEvents", collector, { maxCount: READ_BATCH }, { signal }),
        );
        if (batch.length === 0) break;
        add(batch);
      }
    }
  } finally {
    await client.call("DestroyCollector", collector).catch(() => undefined);
  }
  return [...seen.values()];
}
