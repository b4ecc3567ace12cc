/**
 * Name resolution. The model may name an object by
 * - MoRef id: `vm-42`, `host-10`, `datastore-3`, `group-v4`, ESXi's `ha-host`, or the simulator's datastore
 *   ids such as `/tmp/govcsim-DC0-LocalDS_0-123@folder-5` (they contain `/` and `@`);
 * - inventory path: `/DC0/vm/web/web-01` (leading slash optional), as govc and FindByInventoryPath use;
 * - name, optionally scoped to a datacenter and/or a folder (name, path or MoRef).
 * A name that matches several objects is an error listing every candidate's MoRef and inventory path —
 * never the first match.
 */
import { ToolInputError } from "../../registry/errors.ts";
import type { VSphereClient } from "../client.ts";
import { VSphereError } from "../errors.ts";
import type { MoRef, VimObject } from "../soap/types.ts";
import { retrieveAll, retrieveView } from "./property_collector.ts";
import { retrieveOne } from "./retrieve.ts";

export interface Resolved {
  ref: MoRef;
  name: string;
}

export interface ResolveOptions {
  /** Datacenter name, path or MoRef to search under. */
  datacenter?: string;
  /** Folder (name, inventory path or MoRef) to search under; inside `datacenter` when both are given. */
  folder?: string;
  signal?: AbortSignal;
}

/**
 * vCenter ids are `<prefix>-<id>` (`vm-42`, `group-v4`, `resgroup-v12`, `domain-c7`, `dvportgroup-9`);
 * ESXi's are fixed `ha-*` names, plain numbers for VMs, `HaNetwork-<name>` for networks and VMFS-style
 * `5e1b2a12-3b7d3b9c-8e45-0025b500003f` for datastores; the simulator's datastores are
 * `<path>@<folder id>`; session-scoped objects are `session[<id>]<uuid>`.
 */
const MOREF_ID = new RegExp(
  [
    String.raw`[a-z]+-[a-z]?\d+`,
    String.raw`ha-[a-z][\w-]*`,
    String.raw`\d+`,
    String.raw`HaNetwork-.+`,
    String.raw`[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{12}`,
    String.raw`[\w./-]+@[a-z]+-[a-z]?\d+`,
    String.raw`session\[[\w-]+\][\w-]+`,
  ].map((p) => `^(?:${p})$`).join("|"),
);

export function looksLikeMoRefId(text: string): boolean {
  return MOREF_ID.test(text);
}

export async function resolveEntity(
  client: VSphereClient,
  type: string,
  nameOrId: string,
  options: ResolveOptions = {},
): Promise<Resolved> {
  const signal = options.signal ? { signal: options.signal } : {};
  if (looksLikeMoRefId(nameOrId)) {
    const found = await existing(client, { type, value: nameOrId }, options.signal);
    if (found) return found;
  }
  if (nameOrId.includes("/")) {
    const found = await byInventoryPath(client, type, nameOrId, options.signal);
    if (found) return found;
  }

  let container: MoRef | undefined;
  if (options.datacenter) {
    container = (await resolveEntity(client, "Datacenter", options.datacenter, signal)).ref;
  }
  if (options.folder) {
    container = (await resolveEntity(client, "Folder", options.folder, {
      ...signal,
      ...(options.datacenter ? { datacenter: options.datacenter } : {}),
    })).ref;
  }
  const matches: Resolved[] = [];
  for await (
    const object of retrieveView(client, {
      type,
      paths: ["name"],
      ...(container ? { container } : {}),
      ...signal,
    })
  ) {
    if (object.props.name === nameOrId) matches.push({ ref: object.ref, name: String(object.props.name) });
  }
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) {
    throw new ToolInputError("errors.not_found_by_name", { type, name: nameOrId }, "hints.not_found_by_name");
  }
  const paths = await inventoryPaths(client, matches.map((m) => m.ref), options.signal);
  throw new ToolInputError("errors.ambiguous_name", {
    type,
    name: nameOrId,
    candidates: matches.map((m) => `${m.ref.value} (${paths.get(m.ref.value) ?? "?"})`).join(", "),
  }, "hints.ambiguous_name");
}

async function existing(
  client: VSphereClient,
  ref: MoRef,
  signal?: AbortSignal,
): Promise<Resolved | undefined> {
  try {
    const props = await retrieveOne(client, ref, ["name"], signal ? { signal } : {});
    return { ref, name: String(props.name ?? ref.value) };
  } catch (error) {
    // Not an existing id of this type: fall back to other forms (names can look like ids too).
    if (error instanceof VSphereError && (error.kind === "NotFound" || error.kind === "InvalidArgument")) {
      return undefined;
    }
    throw error;
  }
}

/** SearchIndex.FindByInventoryPath, one round trip; only an object of the wanted type counts. */
async function byInventoryPath(
  client: VSphereClient,
  type: string,
  path: string,
  signal?: AbortSignal,
): Promise<Resolved | undefined> {
  const content = await client.serviceContent();
  const searchIndex = content.searchIndex as MoRef | undefined;
  if (!searchIndex) return undefined;
  const ref = await client.call("FindByInventoryPath", searchIndex, {
    inventoryPath: path.replace(/^\/+/, ""),
  }, signal ? { signal } : {}) as MoRef | null | undefined;
  if (!ref || typeof ref !== "object" || ref.type !== type) return undefined;
  return await existing(client, ref, signal);
}

/**
 * Inventory paths (`/DC0/vm/web/web-01`) for several objects in one round trip: a traversal up the
 * `parent` chain collects every ancestor's name and parent. The root folder is not part of the path.
 */
export async function inventoryPaths(
  client: VSphereClient,
  refs: readonly MoRef[],
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const content = await client.serviceContent();
  const nodes = new Map<string, { name: string; parent?: MoRef }>();
  const spec: VimObject = {
    _type: "PropertyFilterSpec",
    propSet: [{ _type: "PropertySpec", type: "ManagedEntity", pathSet: ["name", "parent"] }],
    objectSet: refs.map((obj) => ({
      _type: "ObjectSpec",
      obj,
      skip: false,
      selectSet: [{
        _type: "TraversalSpec",
        name: "toParent",
        type: "ManagedEntity",
        path: "parent",
        skip: false,
        selectSet: [{ _type: "SelectionSpec", name: "toParent" }],
      }],
    })),
  };
  for await (const object of retrieveAll(client, spec, signal ? { signal } : {})) {
    const parent = object.props.parent as MoRef | undefined;
    nodes.set(object.ref.value, { name: String(object.props.name ?? ""), ...(parent ? { parent } : {}) });
  }
  const paths = new Map<string, string>();
  for (const ref of refs) {
    const parts: string[] = [];
    let current: string | undefined = ref.value;
    for (let depth = 0; current && depth < 64; depth++) {
      if (current === content.rootFolder.value) break;
      const node = nodes.get(current);
      if (!node) break;
      parts.unshift(node.name.replaceAll("/", "%2f"));
      current = node.parent?.value;
    }
    paths.set(ref.value, `/${parts.join("/")}`);
  }
  return paths;
}
