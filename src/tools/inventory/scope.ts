/**
 * Inventory scoping shared by the list tools: turn "host/cluster/folder/resource pool/datacenter" filters
 * into container views (one round trip each) and name lookups for references in results.
 */
import { z } from "zod";
import type { Translate } from "../../i18n/mod.ts";
import type { VSphereClient } from "../../vsphere/client.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { sanitizeText } from "../../server/sanitize.ts";

export const SCOPE_TYPES = {
  datacenter: "Datacenter",
  cluster: "ClusterComputeResource",
  host: "HostSystem",
  folder: "Folder",
  resource_pool: "ResourcePool",
} as const;
export type ScopeKey = keyof typeof SCOPE_TYPES;

export function scopeInput<K extends ScopeKey>(
  t: Translate,
  keys: readonly K[],
): Record<K, z.ZodOptional<z.ZodString>> {
  const shape = {} as Record<K, z.ZodOptional<z.ZodString>>;
  for (const key of keys) {
    shape[key] = z.string().min(1).max(300).optional().describe(t(`param.scope_${key}`));
  }
  return shape;
}

/** Resolves each given scope to its MoRef (names are resolved strictly: ambiguity is an error). */
export async function resolveScopes(
  client: VSphereClient,
  args: Partial<Record<ScopeKey, string | undefined>>,
  signal: AbortSignal,
): Promise<MoRef[]> {
  const out: MoRef[] = [];
  for (const key of Object.keys(SCOPE_TYPES) as ScopeKey[]) {
    const value = args[key];
    if (!value) continue;
    const resolved = await resolveEntity(client, SCOPE_TYPES[key], value, {
      signal,
      ...(key !== "datacenter" && args.datacenter ? { datacenter: args.datacenter } : {}),
    });
    out.push(resolved.ref);
  }
  return out;
}

/** The ids of every object of `type` under each container; undefined when there is no scope at all. */
export async function membersOfAll(
  client: VSphereClient,
  type: string,
  containers: readonly MoRef[],
  signal: AbortSignal,
): Promise<Set<string> | undefined> {
  let result: Set<string> | undefined;
  for (const container of containers) {
    const ids = new Set<string>();
    for await (const o of retrieveView(client, { type, paths: ["name"], container, signal })) {
      ids.add(o.ref.value);
    }
    result = result ? new Set([...result].filter((id) => ids.has(id))) : ids;
  }
  return result;
}

export interface NamedObject {
  name: string;
  parent?: MoRef;
}

/** id → sanitized name (and parent) of every object of `type`, in one round trip. */
export async function namesOf(
  client: VSphereClient,
  type: string,
  signal: AbortSignal,
  withParent = false,
): Promise<Map<string, NamedObject>> {
  const map = new Map<string, NamedObject>();
  const paths = withParent ? ["name", "parent"] : ["name"];
  for await (const o of retrieveView(client, { type, paths, signal })) {
    const parent = o.props.parent as MoRef | undefined;
    map.set(o.ref.value, { name: sanitizeText(String(o.props.name ?? "")), ...(parent ? { parent } : {}) });
  }
  return map;
}
