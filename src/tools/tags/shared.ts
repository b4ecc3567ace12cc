/** Name-or-id resolution and input fields shared by the tagging tools. */
import { mapBounded } from "../shared/bounded.ts";
import { z } from "zod";
import type { Translate } from "../../i18n/mod.ts";
import type { ToolContext } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import type { Category, DynamicId, Tag, TaggingManager } from "../../vsphere/rest/tagging.ts";
import { ambiguousName as ambiguous, notFoundByName as notFound } from "../shared/lookup.ts";

/** vSphere object types tags and custom attributes are commonly set on (vim25 type names). */
export const OBJECT_TYPES = [
  "VirtualMachine",
  "HostSystem",
  "ClusterComputeResource",
  "Datacenter",
  "Datastore",
  "StoragePod",
  "Folder",
  "ResourcePool",
  "VirtualApp",
  "Network",
  "DistributedVirtualPortgroup",
  "VmwareDistributedVirtualSwitch",
] as const;

export const categoryOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  cardinality: z.string(),
  associable_types: z.array(z.string()),
});

export const tagOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  category_id: z.string(),
  category: z.string().describe("Category name"),
});

export function categoryInput(t: Translate) {
  return z.string().min(1).max(300).describe(t("param.tags.tag_category"));
}

export function tagInput(t: Translate) {
  return z.string().min(1).max(300).describe(t("param.tags.tag"));
}

export function objectTypeInput(t: Translate) {
  return z.enum(OBJECT_TYPES).describe(t("param.tags.object_type"));
}

export function objectInput(t: Translate) {
  return z.string().min(1).max(300).describe(t("param.tags.object"));
}

export function describeCategory(c: Category): z.infer<typeof categoryOut> {
  return {
    id: c.id,
    name: sanitizeText(c.name),
    description: sanitizeText(c.description ?? ""),
    cardinality: c.cardinality,
    associable_types: c.associable_types ?? [],
  };
}

export function describeTag(tag: Tag, categoryName: string): z.infer<typeof tagOut> {
  return {
    id: tag.id,
    name: sanitizeText(tag.name),
    description: sanitizeText(tag.description ?? ""),
    category_id: tag.category_id,
    category: sanitizeText(categoryName),
  };
}

const CATEGORY_ID = /^urn:vmomi:InventoryServiceCategory:/;
const TAG_ID = /^urn:vmomi:InventoryServiceTag:/;

export async function allCategories(tagging: TaggingManager): Promise<Category[]> {
  const ids = await tagging.listCategories();
  return await mapBounded(ids, (id) => tagging.getCategory(id));
}

/** A category by id (`urn:vmomi:InventoryServiceCategory:...`) or exact name; undefined if none. */
export async function findCategory(tagging: TaggingManager, nameOrId: string): Promise<Category | undefined> {
  if (CATEGORY_ID.test(nameOrId)) return await tagging.getCategory(nameOrId);
  const matches = (await allCategories(tagging)).filter((c) => c.name === nameOrId);
  if (matches.length > 1) ambiguous("tag category", nameOrId, matches.map((c) => c.id));
  return matches[0];
}

export async function resolveCategory(tagging: TaggingManager, nameOrId: string): Promise<Category> {
  const category = await findCategory(tagging, nameOrId);
  if (!category) notFound("tag category", nameOrId);
  return category;
}

/** A tag by id or exact name, optionally within a category (names are unique only per category). */
export async function findTag(
  tagging: TaggingManager,
  nameOrId: string,
  category?: Category,
): Promise<Tag | undefined> {
  if (TAG_ID.test(nameOrId)) return await tagging.getTag(nameOrId);
  const ids = category ? await tagging.listTagsForCategory(category.id) : await tagging.listTags();
  const tags = await mapBounded(ids, (id) => tagging.getTag(id));
  const matches = tags.filter((tag) => tag.name === nameOrId);
  if (matches.length > 1) ambiguous("tag", nameOrId, matches.map((m) => m.id));
  return matches[0];
}

export async function resolveTag(
  tagging: TaggingManager,
  nameOrId: string,
  category?: Category,
): Promise<Tag> {
  const tag = await findTag(tagging, nameOrId, category);
  if (!tag) notFound("tag", nameOrId);
  return tag;
}

/** A vSphere object by MoRef id or name, as the tagging service identifies it. */
export async function resolveObject(
  ctx: ToolContext,
  type: string,
  nameOrId: string,
  datacenter?: string,
): Promise<{ id: DynamicId; name: string }> {
  const resolved = await resolveEntity(ctx.vsphere, type, nameOrId, {
    signal: ctx.signal,
    ...(datacenter ? { datacenter } : {}),
  });
  return { id: { type, id: resolved.ref.value }, name: sanitizeText(resolved.name) };
}
