import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { type CategoryUpdate, TaggingManager } from "../../vsphere/rest/tagging.ts";
import { categoryInput, findCategory, OBJECT_TYPES, resolveCategory } from "./shared.ts";

const ACTIONS = ["create", "update", "delete"] as const;

export const tagCategory = defineTool({
  name: "tag_category",
  toolset: "tags",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.tags.tag_category_action")),
    category: categoryInput(t),
    new_name: z.string().min(1).max(256).optional().describe(t("param.tags.new_name")),
    description: z.string().max(2048).optional().describe(t("param.tags.description")),
    cardinality: z.enum(["SINGLE", "MULTIPLE"]).optional().describe(t("param.tags.cardinality")),
    associable_types: z.array(z.enum(OBJECT_TYPES)).max(20).optional().describe(
      t("param.tags.associable_types"),
    ),
  }),
  output: {
    action: z.enum(ACTIONS),
    id: z.string(),
    name: z.string(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Deleting a category deletes its tags and every assignment of them: high, like other removals.
  tier: "high",
  privileges: ["InventoryService.Tagging.CreateCategory", "InventoryService.Tagging.EditCategory"],
  aliases: ["create_tag_category", "delete_tag_category"],
  async handler(args, ctx) {
    const tagging = new TaggingManager(ctx.vsphere.rest);
    if (args.action === "create") {
      const existing = await findCategory(tagging, args.category);
      const name = sanitizeText(args.category);
      if (existing) {
        return {
          action: args.action,
          id: existing.id,
          name,
          message: ctx.t("tag_category.exists", { name }),
        };
      }
      const spec = {
        name: args.category,
        description: args.description ?? "",
        cardinality: args.cardinality ?? "SINGLE",
        // Empty means "any type" to vCenter.
        associable_types: args.associable_types ?? [],
      };
      return await ctx.mutate({
        targets: [],
        summary: ctx.t("tag_category.summary_create", { name, cardinality: spec.cardinality }),
        method: "cis.tagging.Category.create",
        args: { ...spec },
      }, async () => {
        const id = await tagging.createCategory(spec);
        return { action: args.action, id, name, message: ctx.t("tag_category.created", { name }) };
      });
    }

    const category = await resolveCategory(tagging, args.category);
    const name = sanitizeText(category.name);
    const tagCount = (await tagging.listTagsForCategory(category.id)).length;
    const target = {
      ref: { type: "cis.tagging.Category", value: category.id },
      name,
      state: {
        cardinality: category.cardinality,
        associable_types: category.associable_types,
        tags: tagCount,
      },
    };
    if (args.action === "delete") {
      return await ctx.mutate({
        targets: [target],
        summary: ctx.t("tag_category.summary_delete", { name, tags: tagCount }),
        method: "cis.tagging.Category.delete",
      }, async () => {
        await tagging.deleteCategory(category.id);
        return {
          action: args.action,
          id: category.id,
          name,
          message: ctx.t("tag_category.deleted", { name }),
        };
      });
    }

    const spec: CategoryUpdate = {};
    if (args.new_name !== undefined && args.new_name !== category.name) spec.name = args.new_name;
    if (args.description !== undefined && args.description !== category.description) {
      spec.description = args.description;
    }
    if (args.cardinality !== undefined && args.cardinality !== category.cardinality) {
      spec.cardinality = args.cardinality;
    }
    if (args.associable_types !== undefined) {
      const current = category.associable_types ?? [];
      // vCenter only lets the set grow (and an empty set already means "all types").
      const shrinks = current.length === 0
        ? args.associable_types.length > 0
        : current.some((type) => !args.associable_types!.includes(type as never));
      if (shrinks) {
        throw new ToolInputError("tag_category.types_only_grow", {
          current: current.join(", ") || "(all)",
        }, "hints.input");
      }
      if (args.associable_types.length !== current.length) spec.associable_types = args.associable_types;
    }
    if (Object.keys(spec).length === 0) {
      return {
        action: args.action,
        id: category.id,
        name,
        message: ctx.t("tag_category.no_change", { name }),
      };
    }
    return await ctx.mutate({
      targets: [target],
      summary: ctx.t("tag_category.summary_update", { name, changes: Object.keys(spec).join(", ") }),
      method: "cis.tagging.Category.update",
      args: { ...spec },
    }, async () => {
      await tagging.updateCategory(category.id, spec);
      const after = await tagging.getCategory(category.id);
      const newName = sanitizeText(after.name);
      return {
        action: args.action,
        id: category.id,
        name: newName,
        message: ctx.t("tag_category.updated", { name: newName }),
      };
    });
  },
});
