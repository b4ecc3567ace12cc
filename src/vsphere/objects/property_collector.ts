/**
 * Bulk reads through the property collector: a container view over the inventory (created once per session
 * and reused), explicit property paths (never whole objects), one round trip per page
 * (RetrieveOptions.maxObjects), then ContinueRetrievePropertiesEx with the token for the rest; a listing
 * stopped early cancels its token.
 *
 * Container views belong to the session that created them. When the session dies between creating the
 * view and reading it, vCenter says NotAuthenticated (the session layer logs in again and replays) and the
 * replay then finds no such view; the simulator says ManagedObjectNotFound at once. Either way the view is
 * created again in the live session and the read starts over — once.
 */
import type { VSphereClient } from "../client.ts";
import { VSphereError } from "../errors.ts";
import type { MoRef, VimObject, VimValue } from "../soap/types.ts";

export interface ObjectProps {
  ref: MoRef;
  props: Record<string, VimValue>;
}

export interface RetrieveViewOptions {
  /** Managed object type, e.g. "VirtualMachine". */
  type: string;
  /** Property paths to fetch, e.g. ["name", "runtime.powerState"]. */
  paths: readonly string[];
  /** Where the view starts; defaults to the root folder. */
  container?: MoRef;
  recursive?: boolean;
  /** Objects per round trip (RetrieveOptions.maxObjects); vCenter may return fewer. */
  pageSize?: number;
  signal?: AbortSignal;
  operationId?: string;
}

interface RetrieveResult extends VimObject {
  token?: string;
  objects?: VimObject[] | VimObject;
}

export const DEFAULT_PAGE_SIZE = 1000;

/** Yields every object of `type` under the container with the requested properties, page by page. */
export async function* retrieveView(
  client: VSphereClient,
  options: RetrieveViewOptions,
): AsyncGenerator<ObjectProps> {
  const callOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.operationId ? { operationId: options.operationId } : {}),
  };
  let view = await containerView(client, options);
  let first: RetrieveResult | null;
  try {
    first = await retrieveFirstPage(client, viewSpec(view, options), options.pageSize, callOptions);
  } catch (error) {
    if (!isMissing(error, view)) throw error;
    forgetView(client, view);
    await client.verifySession(options.signal);
    view = await containerView(client, options);
    first = await retrieveFirstPage(client, viewSpec(view, options), options.pageSize, callOptions);
  }
  yield* pages(client, first, callOptions);
}

interface CachedView {
  generation: number;
  view: Promise<MoRef>;
  /** The view once created. */
  ref?: MoRef;
}

/** Container views per client, reused while their session lives: a listing is then one round trip. */
const viewCaches = new WeakMap<VSphereClient, Map<string, CachedView>>();
/** Distinct (type, container) views kept per session; the oldest is destroyed beyond this. */
const MAX_VIEWS = 32;

/**
 * A container view for (type, container, recursive), created once per session and reused: a view is a
 * live set that vCenter keeps current, so reading it again costs nothing extra. Views die with their
 * session (Logout ends them); one that went missing is created again by the caller.
 */
async function containerView(client: VSphereClient, options: RetrieveViewOptions): Promise<MoRef> {
  const content = await client.serviceContent();
  const container = options.container ?? content.rootFolder;
  const recursive = options.recursive ?? true;
  const key = `${options.type}|${container.type}:${container.value}|${recursive}`;
  let cache = viewCaches.get(client);
  if (!cache) viewCaches.set(client, cache = new Map());
  await client.ensureSession();
  const cached = cache.get(key);
  if (cached && cached.generation === client.sessionGeneration) {
    try {
      return await cached.view;
    } catch {
      // Creating it failed for an earlier caller; try again below.
    }
  }
  const entry: CachedView = {
    generation: client.sessionGeneration,
    view: client.call("CreateContainerView", content.viewManager, {
      container,
      type: [options.type],
      recursive,
    }, options.signal ? { signal: options.signal } : {}) as Promise<MoRef>,
  };
  cache.delete(key);
  cache.set(key, entry);
  entry.view.then((ref) => {
    entry.ref = ref;
  }, () => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  if (cache.size > MAX_VIEWS) {
    const [oldestKey, oldest] = cache.entries().next().value!;
    cache.delete(oldestKey);
    oldest.view.then((view) => client.call("DestroyView", view)).catch(() => undefined);
  }
  return await entry.view;
}

function forgetView(client: VSphereClient, view: MoRef): void {
  const cache = viewCaches.get(client);
  for (const [key, entry] of cache ?? []) {
    if (entry.ref?.value === view.value) cache?.delete(key);
  }
}

/** Runs RetrievePropertiesEx for any filter spec and yields all objects across pages. */
export async function* retrieveAll(
  client: VSphereClient,
  spec: VimObject,
  options: { pageSize?: number; signal?: AbortSignal; operationId?: string } = {},
): AsyncGenerator<ObjectProps> {
  const callOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.operationId ? { operationId: options.operationId } : {}),
  };
  const first = await retrieveFirstPage(client, spec, options.pageSize, callOptions);
  yield* pages(client, first, callOptions);
}

/** Starts at a ContainerView and selects every object in it (not the view itself). */
export function containerViewObjectSpec(view: MoRef): VimObject {
  return {
    _type: "ObjectSpec",
    obj: view,
    skip: true,
    selectSet: [{
      _type: "TraversalSpec",
      name: "view",
      type: "ContainerView",
      path: "view",
      skip: false,
    }],
  };
}

function viewSpec(view: MoRef, options: RetrieveViewOptions): VimObject {
  return {
    _type: "PropertyFilterSpec",
    propSet: [{ _type: "PropertySpec", type: options.type, pathSet: [...options.paths] }],
    objectSet: [containerViewObjectSpec(view)],
  };
}

async function retrieveFirstPage(
  client: VSphereClient,
  spec: VimObject,
  pageSize: number | undefined,
  callOptions: { signal?: AbortSignal; operationId?: string },
): Promise<RetrieveResult | null> {
  const content = await client.serviceContent();
  return await client.call("RetrievePropertiesEx", content.propertyCollector, {
    specSet: [spec],
    options: { _type: "RetrieveOptions", maxObjects: pageSize ?? DEFAULT_PAGE_SIZE },
  }, callOptions) as RetrieveResult | null;
}

async function* pages(
  client: VSphereClient,
  first: RetrieveResult | null,
  callOptions: { signal?: AbortSignal; operationId?: string },
): AsyncGenerator<ObjectProps> {
  const content = await client.serviceContent();
  let result = first;
  let token: string | undefined;
  try {
    while (result) {
      token = typeof result.token === "string" && result.token !== "" ? result.token : undefined;
      for (const object of asList(result.objects)) yield toObjectProps(object as VimObject);
      if (!token) break;
      result = await client.call("ContinueRetrievePropertiesEx", content.propertyCollector, {
        token,
      }, callOptions) as RetrieveResult | null;
      token = undefined;
    }
  } finally {
    // The consumer stopped early (or a page failed): free the server-side result set.
    if (token) {
      await client.call("CancelRetrievePropertiesEx", content.propertyCollector, { token })
        .catch(() => undefined);
    }
  }
}

/** True when `error` says the object (our view) does not exist. */
function isMissing(error: unknown, ref: MoRef): boolean {
  if (!(error instanceof VSphereError) || error.kind !== "NotFound") return false;
  const obj = error.details.obj as MoRef | undefined;
  return !obj || (obj.type === ref.type && obj.value === ref.value);
}

/** A repeated element as a list, whether the decoder gave zero, one or many (schemas may not say). */
export function asList(value: VimValue | undefined): VimValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function toObjectProps(object: VimObject): ObjectProps {
  const props: Record<string, VimValue> = {};
  for (const p of asList(object.propSet) as VimObject[]) {
    props[p.name as string] = p.val ?? null;
  }
  // The session layer turns "NotAuthenticated in missingSet" into a fault and replays; seeing it here
  // means the replay failed too.
  for (const m of asList(object.missingSet) as VimObject[]) {
    const faultType = ((m.fault as VimObject | undefined)?.fault as VimObject | undefined)?._type;
    if (faultType === "NotAuthenticated") {
      throw new VSphereError("NotAuthenticated", { faultType, path: "RetrievePropertiesEx" });
    }
  }
  return { ref: object.obj as MoRef, props };
}
