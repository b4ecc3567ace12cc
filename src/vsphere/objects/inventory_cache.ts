/**
 * An inventory cache kept current with WaitForUpdatesEx, for listings that read every object of a type
 * (vm_list without a scope, name resolution): the first read fills it from a property-collector filter
 * over a container view (paged, maxObjectUpdates), and every later read first asks vCenter for what
 * changed since — WaitForUpdatesEx with the last version and maxWaitSeconds 0, one round trip that
 * carries only the changes. So a read is never staler than the moment it started: a change made just
 * before (by this server or anyone else) is in the answer.
 *
 * Reads that arrive while a sync is on the wire wait for the next one (which starts after they arrived),
 * so concurrent readers share round trips without ever seeing a state older than their call.
 * A cache unused for IDLE_MS is dropped at its next use and built again; at most MAX_CACHES per client
 * (type, paths) are kept. The collector and view belong to the session: after a re-login the watch builds
 * them again and the cache starts over from the full state.
 */
import type { VSphereClient } from "../client.ts";
import { untilAborted } from "../soap/client.ts";
import type { VimValue } from "../soap/types.ts";
import type { ObjectProps } from "./property_collector.ts";
import { PropertyWatch, type UpdateBatch } from "./updates.ts";

export const IDLE_MS = 10 * 60_000;

/**
 * The cache pays off for large inventories: a full read grows with the object count, a sync does not
 * (the simulator even holds every WaitForUpdatesEx for ~250 ms, which a small full read beats). Below
 * `minObjects` (as last seen) listings read directly. Tests lower it to exercise the cache.
 */
export const CACHE_SETTINGS = { minObjects: 2000 };

const sizes = new WeakMap<VSphereClient, Map<string, number>>();

/** Records how many objects of `type` a full read saw. */
export function noteInventorySize(client: VSphereClient, type: string, count: number): void {
  let perClient = sizes.get(client);
  if (!perClient) sizes.set(client, perClient = new Map());
  perClient.set(type, count);
}

/** Whether full reads of `type` should come from the cache (the inventory was large when last seen). */
export function useInventoryCache(client: VSphereClient, type: string): boolean {
  const seen = sizes.get(client)?.get(type);
  if (seen !== undefined && seen >= CACHE_SETTINGS.minObjects) return true;
  // Small (or not seen yet): drop caches of this type, if any, so they hold no memory.
  const perClient = caches.get(client);
  for (const [key, cache] of perClient ?? []) {
    if (key.startsWith(`${type}|`)) {
      perClient!.delete(key);
      void cache.close();
    }
  }
  return false;
}
const MAX_CACHES = 4;
const PAGE = 1000;

class InventoryCache {
  #objects = new Map<string, ObjectProps>();
  #watch: Promise<PropertyWatch>;
  /** The sync on the wire, and the one queued behind it for readers that arrived meanwhile. */
  #current: Promise<void> | undefined;
  #next: Promise<void> | undefined;
  lastUsed = Date.now();
  broken = false;

  constructor(readonly client: VSphereClient, type: string, paths: readonly string[]) {
    this.#watch = client.serviceContent().then((content) =>
      PropertyWatch.create(client, { type, paths, container: content.rootFolder })
    );
    this.#watch.catch(() => {
      this.broken = true;
    });
  }

  /** Every object as of a moment after this call began. */
  async objects(signal?: AbortSignal): Promise<ObjectProps[]> {
    this.lastUsed = Date.now();
    // The sync is shared: one reader giving up must not cancel it for the others.
    const sync = this.#sync();
    await (signal ? untilAborted(sync, signal) : sync);
    return [...this.#objects.values()];
  }

  #sync(): Promise<void> {
    if (!this.#current) return this.#start();
    // One is on the wire already: it may have been sent before this reader arrived, so wait for the next.
    this.#next ??= this.#current.catch(() => undefined).then(() => {
      this.#next = undefined;
      return this.#start();
    });
    return this.#next;
  }

  #start(): Promise<void> {
    const run = (async () => {
      const watch = await this.#watch;
      for (let guard = 0; guard < 100_000; guard++) {
        const batch = await watch.next({ maxWaitSeconds: 0, maxObjectUpdates: PAGE });
        if (!batch) break;
        this.#apply(batch);
        if (!batch.truncated) break;
      }
    })();
    this.#current = run;
    const clear = () => {
      if (this.#current === run) this.#current = undefined;
    };
    run.then(clear, (error) => {
      clear();
      // A half-applied sync leaves the cache unusable; the next reader builds a new one.
      this.broken = true;
      throw error;
    }).catch(() => undefined);
    return run;
  }

  #apply(batch: UpdateBatch): void {
    if (batch.reset) this.#objects.clear();
    for (const update of batch.updates) {
      const id = update.ref.value;
      if (update.kind === "leave") {
        this.#objects.delete(id);
        continue;
      }
      // Copy on write: arrays handed to earlier readers keep the values they were given.
      const before = update.kind === "enter" ? undefined : this.#objects.get(id);
      const props: Record<string, VimValue> = before ? { ...before.props } : {};
      for (const change of update.changes) {
        if (change.op === "remove" || change.op === "indirectRemove" || change.val === undefined) {
          delete props[change.name];
        } else props[change.name] = change.val;
      }
      this.#objects.set(id, { ref: update.ref, props });
    }
  }

  async close(): Promise<void> {
    this.broken = true;
    await (await this.#watch.catch(() => undefined))?.close();
  }
}

const caches = new WeakMap<VSphereClient, Map<string, InventoryCache>>();

/**
 * Every object of `type` in the inventory with `paths`, from the client's cache for (type, paths),
 * brought up to date first. Same shape as retrieveView's results (unset properties absent).
 */
export async function cachedInventory(
  client: VSphereClient,
  type: string,
  paths: readonly string[],
  signal?: AbortSignal,
): Promise<ObjectProps[]> {
  const key = `${type}|${[...paths].sort().join(",")}`;
  let perClient = caches.get(client);
  if (!perClient) caches.set(client, perClient = new Map());
  let cache = perClient.get(key);
  if (cache && (cache.broken || Date.now() - cache.lastUsed > IDLE_MS)) {
    perClient.delete(key);
    void cache.close();
    cache = undefined;
  }
  if (!cache) {
    cache = new InventoryCache(client, type, paths);
    perClient.set(key, cache);
    while (perClient.size > MAX_CACHES) {
      const [oldKey, old] = perClient.entries().next().value!;
      perClient.delete(oldKey);
      void old.close();
    }
  } else {
    // Most recently used last.
    perClient.delete(key);
    perClient.set(key, cache);
  }
  const objects = await cache.objects(signal);
  noteInventorySize(client, type, objects.length);
  return objects;
}
