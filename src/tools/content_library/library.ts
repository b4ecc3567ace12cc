import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { ContentLibraryManager, type LibraryUpdate } from "../../vsphere/rest/content_library.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { findLibrary, libraryInput, resolveLibrary } from "./shared.ts";

const ACTIONS = ["create_local", "create_subscribed", "update", "delete", "sync"] as const;

export const library = defineTool({
  name: "library",
  toolset: "content_library",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.library.library_action")),
    library: libraryInput(t),
    datastore: z.string().min(1).max(300).optional().describe(t("param.library.library_datastore")),
    description: z.string().max(2048).optional().describe(t("param.library.description")),
    new_name: z.string().min(1).max(256).optional().describe(t("param.library.new_name")),
    subscription_url: z.string().url().max(2048).optional().describe(t("param.library.subscription_url")),
    on_demand: z.boolean().default(true).describe(t("param.library.on_demand")),
    automatic_sync: z.boolean().default(false).describe(t("param.library.automatic_sync")),
    datacenter: datacenterInput(t),
  }),
  output: {
    action: z.enum(ACTIONS),
    id: z.string(),
    name: z.string(),
    type: z.string(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Deleting a library deletes every item's files on the datastore: permanent data loss.
  tier: "critical",
  privileges: [
    "ContentLibrary.CreateLocalLibrary",
    "ContentLibrary.CreateSubscribedLibrary",
    "ContentLibrary.UpdateLibrary",
    "ContentLibrary.DeleteLocalLibrary",
    "ContentLibrary.DeleteSubscribedLibrary",
    "ContentLibrary.SyncLibrary",
  ],
  aliases: [
    "create_local_content_library",
    "create_subscribed_library",
    "delete_content_library",
    "sync_subscribed_library",
  ],
  async handler(args, ctx) {
    const manager = new ContentLibraryManager(ctx.vsphere.rest);
    if (args.action === "create_local" || args.action === "create_subscribed") {
      const local = args.action === "create_local";
      const type = local ? "LOCAL" : "SUBSCRIBED";
      const name = sanitizeText(args.library);
      const existing = await findLibrary(manager, args.library);
      if (existing) {
        return {
          action: args.action,
          id: existing.id,
          name,
          type: existing.type,
          message: ctx.t("library.exists", { name }),
        };
      }
      if (!args.datastore) throw new ToolInputError("library.datastore_required", {}, "hints.input");
      if (!local && !args.subscription_url) {
        throw new ToolInputError("library.subscription_url_required", {}, "hints.input");
      }
      const ds = await resolveEntity(ctx.vsphere, "Datastore", args.datastore, {
        signal: ctx.signal,
        ...(args.datacenter ? { datacenter: args.datacenter } : {}),
      });
      const base = {
        name: args.library,
        ...(args.description !== undefined ? { description: args.description } : {}),
        storage_backings: [{ type: "DATASTORE" as const, datastore_id: ds.ref.value }],
      };
      const subscription = {
        subscription_url: args.subscription_url ?? "",
        authentication_method: "NONE" as const,
        automatic_sync_enabled: args.automatic_sync,
        on_demand: args.on_demand,
      };
      return await ctx.mutate({
        targets: [{ ref: ds.ref, name: sanitizeText(ds.name) }],
        summary: ctx.t(local ? "library.summary_create_local" : "library.summary_create_subscribed", {
          name,
          datastore: sanitizeText(ds.name),
          url: sanitizeText(subscription.subscription_url),
        }),
        method: local ? "content.LocalLibrary.create" : "content.SubscribedLibrary.create",
        args: local ? { ...base } : { ...base, subscription_info: subscription },
      }, async () => {
        const id = local
          ? await manager.createLocal(base)
          : await manager.createSubscribed({ ...base, subscription_info: subscription });
        return { action: args.action, id, name, type, message: ctx.t("library.created", { name }) };
      });
    }

    const lib = await resolveLibrary(manager, args.library);
    const name = sanitizeText(lib.name);
    const items = (await manager.listItems(lib.id)).length;
    const target = {
      ref: { type: "content.Library", value: lib.id },
      name,
      state: { type: lib.type, items, ...(lib.last_sync_time ? { last_sync_time: lib.last_sync_time } : {}) },
    };
    const done = (message: string, newName = name) => ({
      action: args.action,
      id: lib.id,
      name: newName,
      type: lib.type,
      message,
    });

    if (args.action === "delete") {
      return await ctx.mutate({
        targets: [target],
        summary: ctx.t("library.summary_delete", { name, items }),
        method: lib.type === "SUBSCRIBED"
          ? "content.SubscribedLibrary.delete"
          : "content.LocalLibrary.delete",
      }, async () => {
        await manager.delete(lib.id, lib.type);
        return done(ctx.t("library.deleted", { name }));
      });
    }

    if (args.action === "sync") {
      if (lib.type !== "SUBSCRIBED") {
        throw new ToolInputError("library.sync_subscribed_only", { name }, "hints.input");
      }
      return await ctx.mutate({
        targets: [target],
        summary: ctx.t("library.summary_sync", { name }),
        method: "content.SubscribedLibrary.sync",
      }, async () => {
        await manager.sync(lib.id);
        return done(ctx.t("library.synced", { name }));
      });
    }

    const spec: LibraryUpdate = {};
    if (args.new_name !== undefined && args.new_name !== lib.name) spec.name = args.new_name;
    if (args.description !== undefined && args.description !== (lib.description ?? "")) {
      spec.description = args.description;
    }
    if (Object.keys(spec).length === 0) return done(ctx.t("library.no_change", { name }));
    return await ctx.mutate({
      targets: [target],
      summary: ctx.t("library.summary_update", { name, changes: Object.keys(spec).join(", ") }),
      method: "content.Library.update",
      args: { ...spec },
    }, async () => {
      await manager.update(lib.id, spec);
      const after = sanitizeText((await manager.getLibrary(lib.id)).name);
      return done(ctx.t("library.updated", { name: after }), after);
    });
  },
});
