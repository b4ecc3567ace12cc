/** Library and item resolution (by id or exact name) and output shapes shared by the library tools. */
import { mapBounded } from "../shared/bounded.ts";
import { z } from "zod";
import type { Translate } from "../../i18n/mod.ts";
import type { ToolContext } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { ContentLibraryManager, Library, LibraryItem } from "../../vsphere/rest/content_library.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { ambiguousName as ambiguous, notFoundByName as notFound } from "../shared/lookup.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const libraryOut = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string().describe("LOCAL or SUBSCRIBED"),
  description: z.string(),
  datastore: z.string().nullable().describe("Backing datastore MoRef id"),
  subscription_url: z.string().optional(),
  publish_url: z.string().optional(),
  last_sync_time: z.string().optional(),
});

export const itemOut = z.object({
  id: z.string(),
  name: z.string(),
  type: z.string().describe("ovf, vm-template, iso, file..."),
  description: z.string(),
  size_bytes: z.number().nullable(),
  library_id: z.string(),
  created: z.string().optional(),
});

export function libraryInput(t: Translate) {
  return z.string().min(1).max(300).describe(t("param.library.library"));
}

export function itemInput(t: Translate) {
  return z.string().min(1).max(300).describe(t("param.library.library_item"));
}

export function describeLibrary(l: Library): z.infer<typeof libraryOut> {
  const subscription = l.subscription_info?.subscription_url;
  const publish = l.publish_info?.publish_url;
  return {
    id: l.id,
    name: sanitizeText(l.name),
    type: l.type,
    description: sanitizeText(l.description ?? ""),
    datastore: l.storage_backings?.[0]?.datastore_id ?? null,
    ...(subscription ? { subscription_url: sanitizeText(subscription) } : {}),
    ...(publish ? { publish_url: sanitizeText(publish) } : {}),
    ...(l.last_sync_time ? { last_sync_time: l.last_sync_time } : {}),
  };
}

export function describeItem(i: LibraryItem): z.infer<typeof itemOut> {
  return {
    id: i.id,
    name: sanitizeText(i.name),
    type: i.type ?? "",
    description: sanitizeText(i.description ?? ""),
    size_bytes: typeof i.size === "number" ? i.size : null,
    library_id: i.library_id,
    ...(i.creation_time ? { created: i.creation_time } : {}),
  };
}

export async function allLibraries(manager: ContentLibraryManager): Promise<Library[]> {
  return await mapBounded(await manager.listLibraries(), (id) => manager.getLibrary(id));
}

export async function findLibrary(
  manager: ContentLibraryManager,
  nameOrId: string,
): Promise<Library | undefined> {
  if (UUID.test(nameOrId)) {
    const ids = await manager.listLibraries();
    if (ids.includes(nameOrId)) return await manager.getLibrary(nameOrId);
  }
  const matches = (await allLibraries(manager)).filter((l) => l.name === nameOrId);
  if (matches.length > 1) ambiguous("content library", nameOrId, matches.map((m) => m.id));
  return matches[0];
}

export async function resolveLibrary(manager: ContentLibraryManager, nameOrId: string): Promise<Library> {
  const library = await findLibrary(manager, nameOrId);
  if (!library) notFound("content library", nameOrId);
  return library;
}

/** An item by id, or by exact name within `library` (or across all libraries). */
export async function findItem(
  manager: ContentLibraryManager,
  nameOrId: string,
  library?: Library,
): Promise<LibraryItem | undefined> {
  const libraries = library ? [library] : await allLibraries(manager);
  const items: LibraryItem[] = [];
  for (const l of libraries) {
    for (const id of await manager.listItems(l.id)) {
      if (id === nameOrId) return await manager.getItem(id);
      items.push(await manager.getItem(id));
    }
  }
  const matches = items.filter((i) => i.name === nameOrId);
  if (matches.length > 1) {
    ambiguous(
      "library item",
      nameOrId,
      matches.map((m) => `${m.id} (${m.library_id})`),
    );
  }
  return matches[0];
}

export async function resolveItem(
  manager: ContentLibraryManager,
  nameOrId: string,
  library?: Library,
): Promise<LibraryItem> {
  const item = await findItem(manager, nameOrId, library);
  if (!item) notFound("library item", nameOrId);
  return item;
}

/** Walks `parent` links up to the Datacenter and returns its VM folder (vcsim needs one for clones). */
export async function vmFolderOf(ctx: ToolContext, start: MoRef): Promise<MoRef> {
  let current: MoRef = start;
  for (let depth = 0; depth < 20; depth++) {
    if (current.type === "Datacenter") {
      const props = await retrieveOne(ctx.vsphere, current, ["vmFolder"], { signal: ctx.signal });
      return props.vmFolder as MoRef;
    }
    const props = await retrieveOne(ctx.vsphere, current, ["parent"], { signal: ctx.signal });
    if (!props.parent) break;
    current = props.parent as MoRef;
  }
  throw new ToolInputError("library.no_folder", {}, "hints.input");
}
