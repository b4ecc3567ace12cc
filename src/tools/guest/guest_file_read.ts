import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { VSphereError } from "../../vsphere/errors.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput } from "../shared/inputs.ts";
import { credentialInput, redact } from "./credentials.ts";
import { guestCall, guestTarget, sendTransfer, transferUrl } from "./shared.ts";

const ACTIONS = ["list", "read"] as const;
const MAX_READ = 1024 * 1024;

export const guestFileRead = defineTool({
  name: "guest_file_read",
  toolset: "guest",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.guest.file_read_action")),
    vm: vmInput(t),
    credential: credentialInput(t),
    path: z.string().min(1).max(1024).describe(t("param.guest.path")),
    pattern: z.string().max(200).optional().describe(t("param.guest.pattern")),
    index: z.number().int().min(0).default(0).describe(t("param.guest.index")),
    limit: z.number().int().min(1).max(500).default(100).describe(t("param.guest.limit")),
    max_bytes: z.number().int().min(1).max(MAX_READ).default(64 * 1024).describe(t("param.guest.max_bytes")),
    datacenter: datacenterInput(t),
  }),
  output: {
    vm: z.string(),
    path: z.string(),
    files: z.array(z.object({
      path: z.string(),
      type: z.string().describe("file, directory or symlink"),
      size: z.number(),
      modified: z.string().nullable(),
    })).optional(),
    remaining: z.number().int().optional().describe("More entries after this page: call again with index"),
    content: z.string().optional(),
    encoding: z.enum(["utf-8", "base64"]).optional(),
    size: z.number().optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["VirtualMachine.GuestOperations.Query"],
  aliases: ["list_guest_files", "download_file_from_guest", "read_guest_file_content"],
  async handler(args, ctx) {
    const target = await guestTarget(ctx, args.vm, args.credential, args.datacenter);
    const base = { vm: target.vm.name, path: sanitizeText(args.path, 1024) };
    if (args.action === "list") {
      const result = await guestCall(ctx, target, "ListFilesInGuest", target.fileManager, {
        filePath: args.path,
        index: args.index,
        maxResults: args.limit,
        ...(args.pattern ? { matchPattern: args.pattern } : {}),
      }) as VimObject | undefined;
      const files = ((result?.files ?? []) as VimObject[]).map((f) => ({
        path: sanitizeText(String(f.path ?? ""), 1024),
        type: String(f.type ?? ""),
        size: Number(f.size ?? 0),
        modified: typeof (f.attributes as VimObject | undefined)?.modificationTime === "string"
          ? String((f.attributes as VimObject).modificationTime)
          : null,
      }));
      return { ...base, files, remaining: Number(result?.remaining ?? 0) };
    }
    const info = await guestCall(ctx, target, "InitiateFileTransferFromGuest", target.fileManager, {
      guestFilePath: args.path,
    }) as VimObject;
    const size = Number(info.size ?? 0);
    if (size > args.max_bytes) {
      throw new ToolInputError(
        "guest_file.too_large",
        { size, max: args.max_bytes },
        "hints.guest_file_too_large",
      );
    }
    const response = await sendTransfer(
      ctx.vsphere,
      new Request(transferUrl(ctx.vsphere, String(info.url)), { method: "GET", signal: ctx.signal }),
    );
    if (!response.ok) {
      throw new VSphereError("Fault", {
        faultType: `HTTP ${response.status}`,
        vcMessage: redact(response.statusText, target.credential),
        path: "GET guest file",
      });
    }
    const bytes = response.body.slice(0, args.max_bytes);
    try {
      const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      return {
        ...base,
        content: sanitizeText(text, args.max_bytes),
        encoding: "utf-8" as const,
        size: bytes.length,
      };
    } catch {
      let binary = "";
      for (const b of bytes) binary += String.fromCharCode(b);
      return { ...base, content: btoa(binary), encoding: "base64" as const, size: bytes.length };
    }
  },
});
