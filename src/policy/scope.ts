/**
 * Inventory scope, enforced on the RESOLVED targets of a change (the MoRefs in the plan a tool hands to
 * ctx.mutate), never on names the model typed. Each target's ancestry — datacenter, clusters, folders,
 * inventory path — is read from vCenter by walking `parent` (and a VM's host) before the mutation runs.
 */
import type { ChangeTarget } from "../registry/define.ts";
import type { VSphereClient } from "../vsphere/client.ts";
import { retrieveOne } from "../vsphere/objects/retrieve.ts";
import { isMoRef, type MoRef } from "../vsphere/soap/types.ts";
import { globMatcher } from "../tools/shared/glob.ts";
import type { Scope } from "./schema.ts";

export interface Ancestry {
  ref: MoRef;
  name: string;
  /** Inventory path without the root folder: `/DC0/vm/prod/web-01`. */
  path: string;
  datacenter?: string;
  clusters: string[];
  folders: { name: string; path: string }[];
}

/** Reads the ancestry of `ref`, one property read per level (inventories are a handful of levels deep). */
export async function ancestryOf(
  client: VSphereClient,
  ref: MoRef,
  options: { signal?: AbortSignal } = {},
): Promise<Ancestry> {
  const read = options.signal ? { signal: options.signal } : {};
  const chain: { ref: MoRef; name: string }[] = [];
  let hostOfVm: MoRef | undefined;
  let current: MoRef | undefined = ref;
  for (let depth = 0; current && depth < 64; depth++) {
    const paths = current.type === "VirtualMachine"
      ? ["name", "parent", "parentVApp", "runtime.host"]
      : ["name", "parent"];
    const props = await retrieveOne(client, current, paths, read);
    chain.unshift({ ref: current, name: String(props.name ?? current.value) });
    if (current.type === "VirtualMachine" && isMoRef(props["runtime.host"])) hostOfVm = props["runtime.host"];
    const parent = props.parent ?? props.parentVApp;
    current = isMoRef(parent) ? parent : undefined;
  }
  // chain[0] is the root folder ("Datacenters"); paths start below it.
  const below = chain.length > 1 ? chain.slice(1) : chain;
  const pathOf = (i: number) => "/" + below.slice(0, i + 1).map((c) => c.name).join("/");
  const clusters = below.filter((c) => c.ref.type === "ClusterComputeResource").map((c) => c.name);
  if (hostOfVm) {
    const host = await retrieveOne(client, hostOfVm, ["parent"], read);
    if (isMoRef(host.parent) && host.parent.type === "ClusterComputeResource") {
      const cluster = await retrieveOne(client, host.parent, ["name"], read);
      clusters.push(String(cluster.name ?? host.parent.value));
    }
  }
  const datacenter = below.find((c) => c.ref.type === "Datacenter")?.name;
  return {
    ref,
    name: below.at(-1)?.name ?? ref.value,
    path: pathOf(below.length - 1),
    ...(datacenter !== undefined ? { datacenter } : {}),
    clusters,
    folders: below.flatMap((c, i) => (c.ref.type === "Folder" ? [{ name: c.name, path: pathOf(i) }] : [])),
  };
}

const anyMatch = (patterns: readonly string[], values: readonly string[]) =>
  patterns.some((p) => values.some(globMatcher(p)));

/** Attached vSphere tags of an object, as `Category:Tag` and `Tag`; undefined when they cannot be read. */
export type TagReader = (ref: MoRef) => Promise<string[] | undefined>;

export type ScopeVerdict = { ok: true } | { ok: false; dimension: keyof Scope | "tags_unavailable" };

/** Does one target lie inside one scope? Every dimension the scope sets must match. */
export async function inScope(ancestry: Ancestry, scope: Scope, tagsOf?: TagReader): Promise<ScopeVerdict> {
  if (scope.datacenters && !anyMatch(scope.datacenters, ancestry.datacenter ? [ancestry.datacenter] : [])) {
    return { ok: false, dimension: "datacenters" };
  }
  if (scope.clusters && !anyMatch(scope.clusters, ancestry.clusters)) {
    return { ok: false, dimension: "clusters" };
  }
  if (scope.folders) {
    const byPath = scope.folders.filter((f) => f.startsWith("/"));
    const byName = scope.folders.filter((f) => !f.startsWith("/"));
    const ok = anyMatch(byName, ancestry.folders.map((f) => f.name)) ||
      anyMatch(byPath, ancestry.folders.map((f) => f.path));
    if (!ok) return { ok: false, dimension: "folders" };
  }
  if (scope.names && !anyMatch(scope.names, [ancestry.name])) return { ok: false, dimension: "names" };
  if (scope.tags) {
    const tags = tagsOf ? await tagsOf(ancestry.ref) : undefined;
    if (!tags) return { ok: false, dimension: "tags_unavailable" };
    if (!anyMatch(scope.tags, tags)) return { ok: false, dimension: "tags" };
  }
  return { ok: true };
}

export interface ScopeRefusal {
  target: ChangeTarget;
  ancestry: Ancestry;
  dimension: keyof Scope | "tags_unavailable";
}

/**
 * Checks every target against the scopes of the roles that allowed the call: a target must lie inside at
 * least one of them. Returns the first target outside, or undefined when all are inside.
 */
export async function checkScope(
  client: VSphereClient,
  targets: readonly ChangeTarget[],
  scopes: readonly Scope[],
  options: { signal?: AbortSignal; tagsOf?: TagReader } = {},
): Promise<ScopeRefusal | undefined> {
  if (!scopes.length) return undefined;
  for (const target of targets) {
    const ancestry = await ancestryOf(client, target.ref, options.signal ? { signal: options.signal } : {});
    let refusal: ScopeRefusal | undefined;
    for (const scope of scopes) {
      const verdict = await inScope(ancestry, scope, options.tagsOf);
      if (verdict.ok) {
        refusal = undefined;
        break;
      }
      refusal ??= { target, ancestry, dimension: verdict.dimension };
    }
    if (refusal) return refusal;
  }
  return undefined;
}
