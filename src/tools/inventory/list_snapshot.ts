/**
 * Short-lived snapshots of a listing's filtered, sorted object ids, so that paging does not read the whole
 * inventory again for every page: the first page reads everything, filters and sorts, and keeps the ids;
 * a cursor names the snapshot, and later pages fetch fresh properties of just their ids (one round trip).
 *
 * A snapshot answers only the same client, the same principal and the same filter arguments it was made
 * for; it is kept for SNAPSHOT_TTL_MS after its last use, at most MAX_SNAPSHOTS at a time (least recently
 * used goes first), each at most MAX_IDS ids. A cursor whose snapshot is gone falls back to a full read
 * at its offset, as before snapshots existed.
 */
import type { VSphereClient } from "../../vsphere/client.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";

export const SNAPSHOT_TTL_MS = 5 * 60_000;
export const MAX_SNAPSHOTS = 64;
export const MAX_IDS = 200_000;

interface Snapshot {
  client: WeakRef<VSphereClient>;
  key: string;
  refs: MoRef[];
  lastUsed: number;
}

const snapshots = new Map<string, Snapshot>();

function sweep(now: number): void {
  for (const [id, s] of snapshots) {
    if (now - s.lastUsed > SNAPSHOT_TTL_MS || !s.client.deref()) snapshots.delete(id);
  }
}

/** Keeps `refs` (already filtered and sorted) and returns the snapshot id, or undefined when too large. */
export function saveSnapshot(client: VSphereClient, key: string, refs: MoRef[]): string | undefined {
  if (refs.length > MAX_IDS) return undefined;
  const now = Date.now();
  sweep(now);
  while (snapshots.size >= MAX_SNAPSHOTS) snapshots.delete(snapshots.keys().next().value!);
  const id = crypto.randomUUID();
  snapshots.set(id, { client: new WeakRef(client), key, refs, lastUsed: now });
  return id;
}

/** The ids of a live snapshot made for this client and key; refreshes its age. */
export function loadSnapshot(
  client: VSphereClient,
  key: string,
  id: string | undefined,
): MoRef[] | undefined {
  if (!id) return undefined;
  const now = Date.now();
  const s = snapshots.get(id);
  if (!s || s.key !== key || s.client.deref() !== client || now - s.lastUsed > SNAPSHOT_TTL_MS) {
    return undefined;
  }
  snapshots.delete(id);
  s.lastUsed = now;
  snapshots.set(id, s);
  return s.refs;
}

/** Drops a snapshot (e.g. when its objects could not be read back). */
export function dropSnapshot(id: string): void {
  snapshots.delete(id);
}

/** How many snapshots are held (for tests). */
export function snapshotCount(): number {
  sweep(Date.now());
  return snapshots.size;
}
