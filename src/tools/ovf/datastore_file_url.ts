import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { datastoreInput, dsPathInput, resolvePath } from "../datastore/common.ts";
import { datastoreFileUrl, httpGet } from "./transfer.ts";

const ACTIONS = ["url", "download"] as const;
export const MAX_DOWNLOAD = 1024 * 1024;

export const datastoreFileUrlTool = defineTool({
  name: "datastore_file_url",
  toolset: "ovf",
  input: (t) => ({
    action: z.enum(ACTIONS).default("url").describe(t("param.datastore_file_url_action")),
    datastore: datastoreInput(t),
    path: dsPathInput(t),
    encoding: z.enum(["text", "base64"]).default("text").describe(t("param.datastore_file_encoding")),
  }),
  output: {
    path: z.string(),
    url: z.string().describe("HTTPS URL of the file (needs a vCenter session or credentials)"),
    size: z.number().optional(),
    encoding: z.string().optional(),
    content: z.string().optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["Datastore.Browse"],
  aliases: ["get_datastore_file_url"],
  async handler(args, ctx) {
    const file = await resolvePath(ctx, args.datastore, args.path);
    if (!file.path || file.path.endsWith("/")) {
      throw new ToolInputError("errors.transfer_not_a_file", { path: file.full });
    }
    const url = await datastoreFileUrl(ctx, file, file.datastore.name);
    if (args.action === "url") return { path: file.full, url: url.href };
    const bytes = await httpGet(ctx, url, MAX_DOWNLOAD);
    let content: string;
    if (args.encoding === "base64") {
      let binary = "";
      for (const b of bytes) binary += String.fromCharCode(b);
      content = btoa(binary);
    } else {
      try {
        content = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        throw new ToolInputError("errors.transfer_not_text", { path: file.full });
      }
    }
    return { path: file.full, url: url.href, size: bytes.byteLength, encoding: args.encoding, content };
  },
});
