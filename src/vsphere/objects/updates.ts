/**
 * Watching properties with WaitForUpdatesEx, as govmomi's `property.Wait` does: a private property
 * collector per watch (so concurrent watches and the shared collector never see each other's filters),
 * one CreateFilter with explicit paths, then WaitForUpdatesEx with the last version and a bounded
 * maxWaitSeconds. The first call (version "") returns the current state as "enter" updates.
 *
 * Collectors and filters belong to the session. If the session is renewed under a watch, the collector
 * is gone; the watch then builds a new one and starts over from the full current state.
 */
import type { VSphereClient } from "../client.ts";
import { VSphereError } from "../errors.ts";
import type { MoRef, VimObject, VimValue } from "../soap/types.ts";
import { asList, containerViewObjectSpec } from "./property_collector.ts";

export interface PropertyChange {
  name: string;
  op: "add" | "remove" | "assign" | "indirectRemove";
  val?: VimValue;
}

export interface ObjectUpdate {
  kind: "enter" | "leave" | "modify";
  ref: MoRef;
  changes: PropertyChange[];
}

export interface UpdateBatch {
  version: string;
  updates: ObjectUpdate[];
  /** vCenter had more updates than maxObjectUpdates; the next call continues. */
  truncated: boolean;
  /** The batch starts from the full current state (the first batch, or after the watch had to be set up
   * again in a new session): whatever a consumer held before is to be forgotten. */
  reset: boolean;
}

export interface WatchSpec {
  /** Managed object type, e.g. "VirtualMachine". */
  type: string;
  paths: readonly string[];
  /** Watch these objects... */
  objects?: readonly MoRef[];
  /** ...or every object of `type` under this container (a container view, recursive). */
  container?: MoRef;
}

export interface WaitOptions {
  /** Longest the server holds the call open; bounded by the request timeout. Default 30. */
  maxWaitSeconds?: number;
  maxObjectUpdates?: number;
  signal?: AbortSignal;
}

export class PropertyWatch {
  #collector: MoRef | undefined;
  #view: MoRef | undefined;
  #version = "";
  #closed = false;

  private constructor(private readonly client: VSphereClient, private readonly spec: WatchSpec) {}

  /** Creates the collector and filter; the first `next()` returns the current state. */
  static async create(client: VSphereClient, spec: WatchSpec): Promise<PropertyWatch> {
    const watch = new PropertyWatch(client, spec);
    await watch.#setUp();
    return watch;
  }

  get version(): string {
    return this.#version;
  }

  /**
   * Waits for the next batch of changes. Resolves with `undefined` when maxWaitSeconds passed quietly.
   * Aborting the signal cancels the wait on the server (CancelWaitForUpdates) and rejects.
   */
  async next(options: WaitOptions = {}): Promise<UpdateBatch | undefined> {
    if (this.#closed) throw new TypeError("PropertyWatch is closed");
    const timeoutSeconds = Math.floor(this.client.target.timeoutMs / 1000);
    const maxWait = Math.max(0, Math.min(options.maxWaitSeconds ?? 30, timeoutSeconds - 5));
    const collector = this.#collector!;
    const fromScratch = this.#version === "";
    const onAbort = () => {
      this.client.call("CancelWaitForUpdates", collector).catch(() => undefined);
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    let result: VimObject | null;
    try {
      result = await this.client.call("WaitForUpdatesEx", collector, {
        version: this.#version,
        options: {
          _type: "WaitOptions",
          maxWaitSeconds: maxWait,
          ...(options.maxObjectUpdates ? { maxObjectUpdates: options.maxObjectUpdates } : {}),
        },
      }, options.signal ? { signal: options.signal } : {}) as VimObject | null;
    } catch (error) {
      if (!(error instanceof VSphereError && error.kind === "NotFound")) throw error;
      // The collector died with its session: start again in the current session, from the full state.
      await this.client.verifySession(options.signal);
      await this.#setUp();
      const fresh = await this.next(options);
      return fresh
        ? { ...fresh, reset: true }
        : { version: this.#version, updates: [], truncated: false, reset: true };
    } finally {
      options.signal?.removeEventListener("abort", onAbort);
    }
    if (!result) return undefined;
    this.#version = String(result.version ?? this.#version);
    const updates: ObjectUpdate[] = [];
    for (const filterUpdate of asList(result.filterSet) as VimObject[]) {
      for (const update of asList(filterUpdate.objectSet) as VimObject[]) {
        updates.push({
          kind: String(update.kind) as ObjectUpdate["kind"],
          ref: update.obj as MoRef,
          changes: (asList(update.changeSet) as VimObject[]).map((c) => ({
            name: String(c.name),
            op: String(c.op) as PropertyChange["op"],
            ...(c.val !== undefined ? { val: c.val } : {}),
          })),
        });
      }
    }
    return { version: this.#version, updates, truncated: result.truncated === true, reset: fromScratch };
  }

  /** Destroys the collector (and its filter) and the view, best effort. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#collector) await this.client.call("DestroyPropertyCollector", this.#collector).catch(() => {});
    if (this.#view) await this.client.call("DestroyView", this.#view).catch(() => {});
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #setUp(): Promise<void> {
    const content = await this.client.serviceContent();
    this.#version = "";
    this.#collector = await this.client.call("CreatePropertyCollector", content.propertyCollector) as MoRef;
    let objectSet: VimObject[];
    if (this.spec.container) {
      this.#view = await this.client.call("CreateContainerView", content.viewManager, {
        container: this.spec.container,
        type: [this.spec.type],
        recursive: true,
      }) as MoRef;
      objectSet = [containerViewObjectSpec(this.#view)];
    } else {
      objectSet = (this.spec.objects ?? []).map((obj) => ({ _type: "ObjectSpec", obj, skip: false }));
    }
    await this.client.call("CreateFilter", this.#collector, {
      spec: {
        _type: "PropertyFilterSpec",
        propSet: [{ _type: "PropertySpec", type: this.spec.type, pathSet: [...this.spec.paths] }],
        objectSet,
      },
      partialUpdates: false,
    });
  }
}
