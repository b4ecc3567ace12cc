import { mapBounded } from "../shared/bounded.ts";
import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ContentLibraryManager } from "../../vsphere/rest/content_library.ts";
import { allLibraries, describeLibrary, libraryOut, resolveLibrary } from "./shared.ts";

export const libraryList = defineTool({
  name: "library_list",
  toolset: "content_library",
  input: (t) => ({
    library: z.string().min(1).max(300).optional().describe(t("param.library.library_filter")),
  }),
  output: {
    libraries: z.array(libraryOut.extend({ items: z.number().int().describe("Items in the library") })),
    total: z.number().int(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: ["list_content_libraries", "get_library_subscription_info"],
  async handler(args, ctx) {
    const manager = new ContentLibraryManager(ctx.vsphere.rest);
    const libraries = args.library
      ? [await resolveLibrary(manager, args.library)]
      : await allLibraries(manager);
    const described = await mapBounded(libraries, async (l) => ({
      ...describeLibrary(l),
      items: (await manager.listItems(l.id)).length,
    }));
    described.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    return { libraries: described, total: described.length };
  },
});
