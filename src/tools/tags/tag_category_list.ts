import { mapBounded } from "../shared/bounded.ts";
import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { TaggingManager } from "../../vsphere/rest/tagging.ts";
import { allCategories, categoryOut, describeCategory, resolveCategory } from "./shared.ts";

export const tagCategoryList = defineTool({
  name: "tag_category_list",
  toolset: "tags",
  input: (t) => ({
    category: z.string().min(1).max(300).optional().describe(t("param.tags.tag_category_filter")),
  }),
  output: {
    categories: z.array(categoryOut.extend({ tags: z.number().int().describe("Tags in the category") })),
    total: z.number().int(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: ["list_tag_categories"],
  async handler(args, ctx) {
    const tagging = new TaggingManager(ctx.vsphere.rest);
    const categories = args.category
      ? [await resolveCategory(tagging, args.category)]
      : await allCategories(tagging);
    const described = await mapBounded(categories, async (c) => ({
      ...describeCategory(c),
      tags: (await tagging.listTagsForCategory(c.id)).length,
    }));
    described.sort((a, b) => a.name.localeCompare(b.name));
    return { categories: described, total: described.length };
  },
});
