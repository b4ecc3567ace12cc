import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { datastoreInput, dsPathInput, resolvePath } from "../datastore/common.ts";
import { datastoreFileUrl, httpExists, httpGet, httpPut } from "./transfer.ts";

// Tool arguments land in the audit log as given: uploads stay small (larger files belong on the datastore
// already, or in a content library through library_item_upload).
export const MAX_UPLOAD = 1024 * 1024;

function decode(content: string, encoding: "text" | "base64"): Uint8Array {
  if (encoding === "text") return new TextEncoder().encode(content);
  try {
    return Uint8Array.from(atob(content.replace(/\s+/g, "")), (c) => c.charCodeAt(0));
  } catch {
    throw new ToolInputError("errors.transfer_bad_base64", {});
  }
}

export const datastoreFileUpload = defineTool({
  name: "datastore_file_upload",
  toolset: "ovf",
  input: (t) => ({
    datastore: datastoreInput(t),
    path: dsPathInput(t),
    content: z.string().max(Math.ceil(MAX_UPLOAD * 4 / 3) + 16).describe(t("param.datastore_file_content")),
    encoding: z.enum(["text", "base64"]).default("text").describe(t("param.datastore_file_encoding")),
    overwrite: z.boolean().default(false).describe(t("param.overwrite")),
  }),
  output: {
    path: z.string(),
    url: z.string(),
    size: z.number(),
    replaced: z.boolean(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Overwriting (only when asked) replaces a file's content for good.
  tier: "high",
  privileges: ["Datastore.FileManagement"],
  aliases: ["upload_file_to_datastore"],
  async handler(args, ctx) {
    const file = await resolvePath(ctx, args.datastore, args.path);
    if (!file.path || file.path.endsWith("/")) {
      throw new ToolInputError("errors.transfer_not_a_file", { path: file.full });
    }
    const bytes = decode(args.content, args.encoding);
    if (bytes.byteLength > MAX_UPLOAD) {
      throw new ToolInputError("errors.transfer_too_large", { size: bytes.byteLength, max: MAX_UPLOAD });
    }
    const url = await datastoreFileUrl(ctx, file, file.datastore.name);
    const exists = await httpExists(ctx, url);
    if (exists) {
      const current = await httpGet(ctx, url, MAX_UPLOAD).catch(() => undefined);
      if (current && current.byteLength === bytes.byteLength && current.every((b, i) => b === bytes[i])) {
        return {
          path: file.full,
          url: url.href,
          size: bytes.byteLength,
          replaced: false,
          message: ctx.t("datastore_file_upload.same", { path: file.full }),
        };
      }
      if (!args.overwrite) throw new ToolInputError("errors.transfer_exists", { path: file.full });
    }
    return await ctx.mutate({
      targets: [{ ref: file.datastore.ref, name: file.full, state: { exists } }],
      summary: ctx.t(
        exists ? "datastore_file_upload.summary_replace" : "datastore_file_upload.summary_create",
        {
          path: file.full,
          size: bytes.byteLength,
        },
      ),
      method: "HTTP PUT /folder",
      args: { path: file.full, size: bytes.byteLength, overwrite: args.overwrite },
    }, async () => {
      await httpPut(ctx, url, bytes, bytes.byteLength);
      return {
        path: file.full,
        url: url.href,
        size: bytes.byteLength,
        replaced: exists,
        message: ctx.t("datastore_file_upload.done", { path: file.full, size: bytes.byteLength }),
      };
    });
  },
});
