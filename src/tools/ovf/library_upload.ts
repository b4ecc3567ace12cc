/**
 * A datastore file into a content library item through an update session (PUSH): the file streams from the
 * datastore's /folder URL to the session's upload endpoint, both on vCenter's own host.
 */
import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { type RestOperation, seg } from "../../vsphere/rest/client.ts";
import { ContentLibraryManager } from "../../vsphere/rest/content_library.ts";
import { datastoreInput, dsPathInput, resolvePath } from "../datastore/common.ts";
import { findItem, resolveLibrary } from "../content_library/shared.ts";
import { datastoreFileUrl, httpCopy, httpSize, leaseUrl } from "./transfer.ts";

const API = "/api/content/library/item";
const REST = "/rest/com/vmware/content/library/item";

/** The update-session calls in both wire flavours (/rest wraps specs, /api sends them bare). */
export const uploadOps = {
  createItem(libraryId: string, name: string, type: string): RestOperation {
    const spec = { library_id: libraryId, name, ...(type ? { type } : {}) };
    return {
      api: { method: "POST", path: API, body: spec },
      rest: { method: "POST", path: REST, body: { create_spec: spec } },
    };
  },
  createSession(itemId: string): RestOperation {
    const spec = { library_item_id: itemId };
    return {
      api: { method: "POST", path: `${API}/update-session`, body: spec },
      rest: { method: "POST", path: `${REST}/update-session`, body: { create_spec: spec } },
    };
  },
  addFile(session: string, name: string, size: number): RestOperation {
    const spec = { name, source_type: "PUSH", size };
    return {
      api: { method: "POST", path: `${API}/update-session/${seg(session)}/file`, body: spec },
      rest: {
        method: "POST",
        path: `/rest/com/vmware/content/library/item/updatesession/file/id:${seg(session)}?~action=add`,
        body: { file_spec: spec },
      },
    };
  },
  finish(session: string, action: "complete" | "cancel"): RestOperation {
    return {
      api: { method: "POST", path: `${API}/update-session/${seg(session)}?action=${action}` },
      rest: { method: "POST", path: `${REST}/update-session/id:${seg(session)}?~action=${action}` },
    };
  },
  listFiles(itemId: string): RestOperation {
    return {
      api: { method: "GET", path: `${API}/${seg(itemId)}/file` },
      rest: { method: "GET", path: `${REST}/file`, query: { library_item_id: itemId } },
    };
  },
};

function typeOf(file: string): string {
  const ext = file.toLowerCase().split(".").pop() ?? "";
  return ext === "iso" ? "iso" : ext === "ovf" || ext === "vmdk" || ext === "mf" ? "ovf" : "file";
}

export const libraryItemUpload = defineTool({
  name: "library_item_upload",
  toolset: "ovf",
  input: (t) => ({
    library: z.string().min(1).max(300).describe(t("param.library.library")),
    item: z.string().min(1).max(255).describe(t("param.library_upload_item")),
    source: dsPathInput(t).describe(t("param.library_upload_source")),
    source_datastore: datastoreInput(t),
    file_name: z.string().min(1).max(255).regex(/^[^/\\]+$/).optional().describe(
      t("param.library_upload_file"),
    ),
  }),
  output: {
    library: z.string(),
    item: z.string().describe("Library item id"),
    item_name: z.string(),
    created: z.boolean().describe("Whether the item was created"),
    files: z.array(z.object({ name: z.string(), size: z.number().nullable() })),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // A file of the same name in an existing item is replaced (a new content version); nothing else changes.
  tier: "medium",
  privileges: ["ContentLibrary.AddLibraryItem", "ContentLibrary.UpdateLibraryItem", "Datastore.Browse"],
  aliases: ["upload_file_to_library_item"],
  async handler(args, ctx) {
    const manager = new ContentLibraryManager(ctx.vsphere.rest);
    const library = await resolveLibrary(manager, args.library);
    if (library.type !== "LOCAL") {
      throw new ToolInputError("errors.library_upload_subscribed", { name: library.name });
    }
    const source = await resolvePath(ctx, args.source_datastore, args.source);
    const fileName = args.file_name ?? source.path.split("/").pop() ?? "";
    if (!fileName) throw new ToolInputError("errors.transfer_not_a_file", { path: source.full });
    const sourceUrl = await datastoreFileUrl(ctx, source, source.datastore.name);
    const size = await httpSize(ctx, sourceUrl);
    const existing = await findItem(manager, args.item, library);
    const libName = sanitizeText(library.name);
    const itemName = sanitizeText(existing?.name ?? args.item);
    return await ctx.mutate({
      targets: [{
        ref: { type: "ContentLibrary", value: library.id },
        name: `${libName}/${itemName}`,
        state: { item: existing?.id ?? null },
      }],
      summary: ctx.t(existing ? "library_item_upload.summary_update" : "library_item_upload.summary_create", {
        source: source.full,
        file: fileName,
        item: itemName,
        library: libName,
        size,
      }),
      method: "content.library.item.UpdateSession (PUSH)",
      args: { source: source.full, file: fileName, size, item: existing?.id ?? args.item },
    }, async () => {
      const rest = ctx.vsphere.rest;
      const itemId = existing?.id ??
        await rest.call<string>(uploadOps.createItem(library.id, args.item, typeOf(fileName)), {
          signal: ctx.signal,
        });
      const session = await rest.call<string>(uploadOps.createSession(itemId), { signal: ctx.signal });
      try {
        const info = await rest.call<{ upload_endpoint?: { uri?: string } }>(
          uploadOps.addFile(session, fileName, size),
          { signal: ctx.signal },
        );
        const uri = info?.upload_endpoint?.uri;
        if (!uri) throw new ToolInputError("errors.library_upload_no_endpoint", { file: fileName });
        // The upload endpoint gets the REST session token: it must be vCenter itself.
        const endpoint = await leaseUrl(ctx, uri);
        if (endpoint.host !== ctx.vsphere.soap.baseUrl.host) {
          throw new ToolInputError("errors.transfer_foreign_host", { host: endpoint.hostname });
        }
        await httpCopy(ctx, sourceUrl, endpoint, "application/octet-stream", await rest.sessionHeaders());
        await rest.call(uploadOps.finish(session, "complete"), { signal: ctx.signal });
      } catch (error) {
        await rest.call(uploadOps.finish(session, "cancel")).catch(() => {});
        throw error;
      }
      const files =
        (await rest.call<{ name: string; size?: number }[] | null>(uploadOps.listFiles(itemId))) ?? [];
      return {
        library: library.id,
        item: itemId,
        item_name: itemName,
        created: !existing,
        files: files.map((f) => ({
          name: sanitizeText(f.name),
          size: typeof f.size === "number" ? f.size : null,
        })),
        message: ctx.t("library_item_upload.done", { file: fileName, item: itemName, library: libName }),
      };
    });
  },
});
