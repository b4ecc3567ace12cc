import { mapBounded } from "../shared/bounded.ts";
import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { TaggingManager } from "../../vsphere/rest/tagging.ts";
import { describeTag, resolveCategory, resolveTag, tagOut } from "./shared.ts";

export const tagList = defineTool({
  name: "tag_list",
  toolset: "tags",
  input: (t) => ({
    category: z.string().min(1).max(300).optional().describe(t("param.tags.tag_category_filter")),
    tag: z.string().min(1).max(300).optional().describe(t("param.tags.tag_filter")),
  }),
  output: { tags: z.array(tagOut), total: z.number().int() },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: ["list_tags"],
  async handler(args, ctx) {
    const tagging = new TaggingManager(ctx.vsphere.rest);
    const category = args.category ? await resolveCategory(tagging, args.category) : undefined;
    const tags = args.tag ? [await resolveTag(tagging, args.tag, category)] : await mapBounded(
      category ? await tagging.listTagsForCategory(category.id) : await tagging.listTags(),
      (id) => tagging.getTag(id),
    );
    const names = new Map<string, string>();
    if (category) names.set(category.id, category.name);
    for (const id of new Set(tags.map((tag) => tag.category_id))) {
      if (!names.has(id)) names.set(id, (await tagging.getCategory(id)).name);
    }
    const described = tags.map((tag) => describeTag(tag, names.get(tag.category_id) ?? ""));
    described.sort((a, b) => a.category.localeCompare(b.category) || a.name.localeCompare(b.name));
    return { tags: described, total: described.length };
  },
});
