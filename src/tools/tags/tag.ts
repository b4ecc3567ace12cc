import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { TaggingManager, type TagUpdate } from "../../vsphere/rest/tagging.ts";
import { findTag, resolveCategory, resolveTag, tagInput } from "./shared.ts";

const ACTIONS = ["create", "update", "delete"] as const;

export const tag = defineTool({
  name: "tag",
  toolset: "tags",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.tags.tag_action")),
    tag: tagInput(t),
    category: z.string().min(1).max(300).optional().describe(t("param.tags.tag_category_scope")),
    new_name: z.string().min(1).max(256).optional().describe(t("param.tags.new_name")),
    description: z.string().max(2048).optional().describe(t("param.tags.description")),
  }),
  output: {
    action: z.enum(ACTIONS),
    id: z.string(),
    name: z.string(),
    category: z.string(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Deleting a tag removes it from every object it is attached to.
  tier: "high",
  privileges: ["InventoryService.Tagging.CreateTag", "InventoryService.Tagging.EditTag"],
  aliases: ["create_tag", "delete_tag"],
  async handler(args, ctx) {
    const tagging = new TaggingManager(ctx.vsphere.rest);
    const category = args.category ? await resolveCategory(tagging, args.category) : undefined;
    if (args.action === "create") {
      if (!category) throw new ToolInputError("tag.category_required", {}, "hints.input");
      const categoryName = sanitizeText(category.name);
      const name = sanitizeText(args.tag);
      const existing = await findTag(tagging, args.tag, category);
      if (existing) {
        return {
          action: args.action,
          id: existing.id,
          name,
          category: categoryName,
          message: ctx.t("tag.exists", { name, category: categoryName }),
        };
      }
      const spec = { name: args.tag, description: args.description ?? "", category_id: category.id };
      return await ctx.mutate({
        targets: [{
          ref: { type: "cis.tagging.Category", value: category.id },
          name: categoryName,
        }],
        summary: ctx.t("tag.summary_create", { name, category: categoryName }),
        method: "cis.tagging.Tag.create",
        args: { ...spec },
      }, async () => {
        const id = await tagging.createTag(spec);
        return {
          action: args.action,
          id,
          name,
          category: categoryName,
          message: ctx.t("tag.created", { name, category: categoryName }),
        };
      });
    }

    const found = await resolveTag(tagging, args.tag, category);
    const categoryName = sanitizeText(category?.name ?? (await tagging.getCategory(found.category_id)).name);
    const name = sanitizeText(found.name);
    const attached = (await tagging.listAttachedObjects(found.id)).length;
    const target = {
      ref: { type: "cis.tagging.Tag", value: found.id },
      name,
      state: { category: categoryName, attached_objects: attached },
    };
    if (args.action === "delete") {
      return await ctx.mutate({
        targets: [target],
        summary: ctx.t("tag.summary_delete", { name, category: categoryName, objects: attached }),
        method: "cis.tagging.Tag.delete",
      }, async () => {
        await tagging.deleteTag(found.id);
        return {
          action: args.action,
          id: found.id,
          name,
          category: categoryName,
          message: ctx.t("tag.deleted", { name }),
        };
      });
    }

    const spec: TagUpdate = {};
    if (args.new_name !== undefined && args.new_name !== found.name) spec.name = args.new_name;
    if (args.description !== undefined && args.description !== found.description) {
      spec.description = args.description;
    }
    if (Object.keys(spec).length === 0) {
      return {
        action: args.action,
        id: found.id,
        name,
        category: categoryName,
        message: ctx.t("tag.no_change", { name }),
      };
    }
    return await ctx.mutate({
      targets: [target],
      summary: ctx.t("tag.summary_update", { name, changes: Object.keys(spec).join(", ") }),
      method: "cis.tagging.Tag.update",
      args: { ...spec },
    }, async () => {
      await tagging.updateTag(found.id, spec);
      const newName = sanitizeText((await tagging.getTag(found.id)).name);
      return {
        action: args.action,
        id: found.id,
        name: newName,
        category: categoryName,
        message: ctx.t("tag.updated", { name: newName }),
      };
    });
  },
});
