/**
 * Reading decoded vim25 values without trusting their shape. Until every type is in the generated schema,
 * nested fields may arrive as strings ("128", "true") and one-element lists as a bare item; these helpers
 * give the same answer for both encodings, so tools keep working when the schema grows.
 */
import type { ToolContext } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { VSphereClient } from "../../vsphere/client.ts";
import { type ObjectProps, retrieveView, toObjectProps } from "../../vsphere/objects/property_collector.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { isMoRef, type MoRef, type VimObject, type VimValue } from "../../vsphere/soap/types.ts";
import { onlyMatch } from "./lookup.ts";

export function asArray(value: VimValue | undefined): VimValue[] {
  if (value === undefined || value === null || value === "") return [];
  return Array.isArray(value) ? value : [value];
}

/** A data object (not a list, not a MoRef), or undefined. */
export function maybeObject(value: VimValue | undefined): VimObject | undefined {
  return value && typeof value === "object" && !Array.isArray(value) && !isMoRef(value)
    ? value as VimObject
    : undefined;
}

/** A data object (not a list, not a MoRef), or {} so fields can be read without checks. */
export function asObject(value: VimValue | undefined): VimObject {
  return maybeObject(value) ?? {};
}

export function asObjects(value: VimValue | undefined): VimObject[] {
  return asArray(value).map(asObject);
}

export function str(value: VimValue | undefined): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** Only a string: a number or boolean is undefined (not converted, unlike str()). */
export function stringOnly(value: VimValue | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** Any non-list object, a MoRef included (unlike maybeObject()), or undefined. */
export function anyObject(value: VimValue | undefined): VimObject | undefined {
  return value && typeof value === "object" && !Array.isArray(value) ? value as VimObject : undefined;
}

/** The objects (anyObject()) of a value or list; anything else is dropped (asObjects() maps it to {}). */
export function objectsOnly(value: VimValue | undefined): VimObject[] {
  return asArray(value).map(anyObject).filter((o): o is VimObject => o !== undefined);
}

/** A vCenter string for a result: sanitized, "" when absent. */
export function text(value: VimValue | undefined): string {
  return sanitizeText(str(value) ?? "");
}

export function num(value: VimValue | undefined): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
}

export function bool(value: VimValue | undefined): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

export function ref(value: VimValue | undefined): MoRef | undefined {
  return isMoRef(value) ? value : undefined;
}

export function refs(value: VimValue | undefined): MoRef[] {
  return asArray(value).filter(isMoRef);
}

/** A manager from ServiceContent, e.g. "fileManager", "authorizationManager". */
export async function serviceManager(client: VSphereClient, name: string): Promise<MoRef> {
  const content = await client.serviceContent();
  const manager = ref(content[name]);
  if (!manager) throw new TypeError(`ServiceContent has no ${name}`);
  return manager;
}

/** A host's configuration manager, e.g. "networkSystem", "firewallSystem", "advancedOption". */
export async function hostManager(ctx: ToolContext, host: MoRef, name: string): Promise<MoRef> {
  const path = `configManager.${name}`;
  const manager = ref((await retrieveOne(ctx.vsphere, host, [path], { signal: ctx.signal }))[path]);
  if (!manager) {
    throw new ToolInputError("errors.host_manager_missing", { manager: name, host: host.value });
  }
  return manager;
}

/** Calls a (non-task) method with the tool's cancellation and audit id. */
export function callVim(
  ctx: ToolContext,
  method: string,
  thisRef: MoRef,
  args: Record<string, VimValue | undefined> = {},
): Promise<VimValue | undefined> {
  return ctx.vsphere.call(method, thisRef, args, { signal: ctx.signal, operationId: ctx.eventId });
}

export interface NamedRef {
  ref: MoRef;
  name: string;
}

/**
 * A datastore by MoRef id or exact name. Datastore ids can contain "/" and "@" (vcsim uses the backing
 * path), so the id is matched against the listed objects instead of by its shape.
 */
export async function resolveDatastore(
  client: VSphereClient,
  nameOrId: string,
  signal?: AbortSignal,
): Promise<NamedRef> {
  const matches: NamedRef[] = [];
  for await (
    const ds of retrieveView(client, { type: "Datastore", paths: ["name"], ...(signal ? { signal } : {}) })
  ) {
    const name = String(ds.props.name ?? "");
    if (ds.ref.value === nameOrId) return { ref: ds.ref, name };
    if (name === nameOrId) matches.push({ ref: ds.ref, name });
  }
  return onlyMatch(matches, "Datastore", nameOrId, (m) => m.ref.value);
}

/** The datacenter an inventory object belongs to (walks `parent` up). */
export async function datacenterOf(client: VSphereClient, start: MoRef): Promise<MoRef | undefined> {
  let current: MoRef | undefined = start;
  for (let depth = 0; current && depth < 64; depth++) {
    if (current.type === "Datacenter") return current;
    current = ref((await retrieveOne(client, current, ["parent"])).parent);
  }
  return undefined;
}

/** The same properties of several objects of one type in one round trip; missing objects are skipped. */
export async function retrieveMany(
  client: VSphereClient,
  objects: readonly MoRef[],
  paths: readonly string[],
  signal?: AbortSignal,
): Promise<ObjectProps[]> {
  if (objects.length === 0) return [];
  const content = await client.serviceContent();
  const types = [...new Set(objects.map((o) => o.type))];
  const result = await client.call("RetrievePropertiesEx", content.propertyCollector, {
    specSet: [{
      _type: "PropertyFilterSpec",
      propSet: types.map((type) => ({ _type: "PropertySpec", type, pathSet: [...paths] })),
      objectSet: objects.map((obj) => ({ _type: "ObjectSpec", obj, skip: false })),
    }],
    options: { _type: "RetrieveOptions" },
  }, signal ? { signal } : {}) as { objects?: VimValue } | null;
  return asObjects(result?.objects).map(toObjectProps);
}

/**
 * Inventory objects by MoRef id or exact name, optionally limited to some types, in one pass over a
 * ManagedEntity view (which gives every object's real type, so ids need no type-prefix table). A name
 * that matches several objects is an error listing them all.
 */
export async function resolveAnyEntities(
  client: VSphereClient,
  namesOrIds: readonly string[],
  types?: readonly string[],
  signal?: AbortSignal,
): Promise<NamedRef[]> {
  const byId = new Map<string, NamedRef>();
  const byName = new Map<string, NamedRef[]>();
  for await (
    const e of retrieveView(client, { type: "ManagedEntity", paths: ["name"], ...(signal ? { signal } : {}) })
  ) {
    if (types && !types.includes(e.ref.type)) continue;
    const named = { ref: e.ref, name: String(e.props.name ?? "") };
    byId.set(e.ref.value, named);
    byName.set(named.name, [...(byName.get(named.name) ?? []), named]);
  }
  const type = types?.join("/") ?? "object";
  return namesOrIds.map((key) => {
    const exact = byId.get(key);
    if (exact) return exact;
    return onlyMatch(byName.get(key) ?? [], type, key, (m) => `${m.ref.value} (${m.ref.type})`);
  });
}

export async function resolveAnyEntity(
  client: VSphereClient,
  nameOrId: string,
  types?: readonly string[],
  signal?: AbortSignal,
): Promise<NamedRef> {
  return (await resolveAnyEntities(client, [nameOrId], types, signal))[0]!;
}

/** Children of an entity by name: folders' childEntity, resource pools' resourcePool and vm. */
export async function childNames(client: VSphereClient, parent: MoRef, path: string): Promise<NamedRef[]> {
  const children = refs((await retrieveOne(client, parent, [path]))[path]);
  return (await retrieveMany(client, children, ["name"])).map((c) => ({
    ref: c.ref,
    name: String(c.props.name ?? ""),
  }));
}
