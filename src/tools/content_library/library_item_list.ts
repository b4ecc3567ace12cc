import { mapBounded } from "../shared/bounded.ts";
import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { ContentLibraryManager } from "../../vsphere/rest/content_library.ts";
import { page, pagingInput } from "../shared/paging.ts";
import { describeItem, itemOut, libraryInput, resolveItem, resolveLibrary } from "./shared.ts";

export const libraryItemList = defineTool({
  name: "library_item_list",
  toolset: "content_library",
  input: (t) => ({
    library: libraryInput(t),
    item: z.string().min(1).max(300).optional().describe(t("param.library.library_item_filter")),
    ...pagingInput(t),
  }),
  output: {
    library: z.object({ id: z.string(), name: z.string() }),
    items: z.array(itemOut),
    total: z.number().int(),
    next_cursor: z.string().optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: ["list_library_items"],
  async handler(args, ctx) {
    const manager = new ContentLibraryManager(ctx.vsphere.rest);
    const library = await resolveLibrary(manager, args.library);
    const items = args.item
      ? [await resolveItem(manager, args.item, library)]
      : await mapBounded(await manager.listItems(library.id), (id) => manager.getItem(id));
    const described = items.map(describeItem).sort((a, b) => a.name.localeCompare(b.name));
    const { items: pageItems, total, next_cursor } = page(described, args.limit, args.cursor);
    return {
      library: { id: library.id, name: sanitizeText(library.name) },
      items: pageItems,
      total,
      ...(next_cursor ? { next_cursor } : {}),
    };
  },
});
