import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { ContentLibraryManager } from "../../vsphere/rest/content_library.ts";
import { itemInput, resolveItem, resolveLibrary } from "./shared.ts";

const ACTIONS = ["delete", "sync"] as const;

export const libraryItem = defineTool({
  name: "library_item",
  toolset: "content_library",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.library.library_item_action")),
    item: itemInput(t),
    library: z.string().min(1).max(300).optional().describe(t("param.library.library_scope")),
    force_content: z.boolean().default(false).describe(t("param.library.force_content")),
  }),
  output: {
    action: z.enum(ACTIONS),
    id: z.string(),
    name: z.string(),
    library_id: z.string(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Deleting an item deletes its files (OVF, disks, template VM): permanent data loss.
  tier: "critical",
  privileges: ["ContentLibrary.DeleteLibraryItem", "ContentLibrary.SyncLibraryItem"],
  aliases: ["delete_library_item", "sync_library_item"],
  async handler(args, ctx) {
    const manager = new ContentLibraryManager(ctx.vsphere.rest);
    const library = args.library ? await resolveLibrary(manager, args.library) : undefined;
    const item = await resolveItem(manager, args.item, library);
    const lib = library ?? await manager.getLibrary(item.library_id);
    const name = sanitizeText(item.name);
    const target = {
      ref: { type: "content.library.Item", value: item.id },
      name,
      state: { library: sanitizeText(lib.name), type: item.type ?? "", size_bytes: item.size ?? null },
    };
    const done = (message: string) => ({
      action: args.action,
      id: item.id,
      name,
      library_id: lib.id,
      message,
    });
    if (args.action === "sync") {
      if (lib.type !== "SUBSCRIBED") {
        throw new ToolInputError(
          "library.sync_subscribed_only",
          { name: sanitizeText(lib.name) },
          "hints.input",
        );
      }
      return await ctx.mutate({
        targets: [target],
        summary: ctx.t("library_item.summary_sync", { name }),
        method: "content.library.SubscribedItem.sync",
        args: { force_sync_content: args.force_content },
      }, async () => {
        await manager.syncItem(item.id, args.force_content);
        return done(ctx.t("library_item.synced", { name }));
      });
    }
    return await ctx.mutate({
      targets: [target],
      summary: ctx.t("library_item.summary_delete", { name, library: sanitizeText(lib.name) }),
      method: "content.library.Item.delete",
    }, async () => {
      await manager.deleteItem(item.id);
      return done(ctx.t("library_item.deleted", { name }));
    });
  },
});
