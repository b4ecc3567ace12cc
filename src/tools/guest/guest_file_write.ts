import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { VSphereError } from "../../vsphere/errors.ts";
import { datacenterInput, vmInput } from "../shared/inputs.ts";
import { credentialInput, redact } from "./credentials.ts";
import { guestCall, guestTarget, sendTransfer, transferUrl } from "./shared.ts";

const MAX_WRITE = 1024 * 1024;

function decode(content: string, encoding: "utf-8" | "base64"): Uint8Array<ArrayBuffer> {
  if (encoding === "utf-8") return new TextEncoder().encode(content);
  try {
    return Uint8Array.from(atob(content), (c) => c.charCodeAt(0));
  } catch {
    throw new ToolInputError("guest_file.bad_base64", {}, "hints.input");
  }
}

export const guestFileWrite = defineTool({
  name: "guest_file_write",
  toolset: "guest",
  input: (t) => ({
    vm: vmInput(t),
    credential: credentialInput(t),
    path: z.string().min(1).max(1024).describe(t("param.guest.path")),
    content: z.string().max(MAX_WRITE * 2).describe(t("param.guest.content")),
    encoding: z.enum(["utf-8", "base64"]).default("utf-8").describe(t("param.guest.encoding")),
    overwrite: z.boolean().default(false).describe(t("param.guest.overwrite")),
    datacenter: datacenterInput(t),
  }),
  output: {
    vm: z.string(),
    path: z.string(),
    size: z.number(),
    sha256: z.string(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Writing into the guest can replace its configuration or binaries.
  tier: "high",
  privileges: ["VirtualMachine.GuestOperations.Modify"],
  aliases: ["upload_file_to_guest", "write_guest_file_content"],
  async handler(args, ctx) {
    const bytes = decode(args.content, args.encoding);
    if (bytes.length > MAX_WRITE) {
      throw new ToolInputError("guest_file.too_large", { size: bytes.length, max: MAX_WRITE }, "hints.input");
    }
    const target = await guestTarget(ctx, args.vm, args.credential, args.datacenter);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
    const path = sanitizeText(args.path, 1024);
    return await ctx.mutate({
      targets: [{ ref: target.vm.ref, name: target.vm.name, state: { credential: target.credential.name } }],
      summary: ctx.t("guest_file_write.summary", { vm: target.vm.name, path, size: bytes.length }),
      method: "InitiateFileTransferToGuest",
      args: { path: args.path, size: bytes.length, sha256, overwrite: args.overwrite },
    }, async () => {
      const url = await guestCall(ctx, target, "InitiateFileTransferToGuest", target.fileManager, {
        guestFilePath: args.path,
        fileAttributes: { _type: "GuestFileAttributes" },
        fileSize: bytes.length,
        overwrite: args.overwrite,
      });
      const response = await sendTransfer(
        ctx.vsphere,
        new Request(transferUrl(ctx.vsphere, String(url)), {
          method: "PUT",
          body: bytes,
          headers: { "content-type": "application/octet-stream" },
          signal: ctx.signal,
        }),
      );
      if (!response.ok) {
        throw new VSphereError("Fault", {
          faultType: `HTTP ${response.status}`,
          vcMessage: redact(response.statusText, target.credential),
          path: "PUT guest file",
        });
      }
      return {
        vm: target.vm.name,
        path,
        size: bytes.length,
        sha256,
        message: ctx.t("guest_file_write.done", { vm: target.vm.name, path, size: bytes.length }),
      };
    });
  },
});
