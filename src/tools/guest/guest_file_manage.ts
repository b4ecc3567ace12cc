import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { datacenterInput, vmInput } from "../shared/inputs.ts";
import { credentialInput } from "./credentials.ts";
import { guestCall, guestTarget } from "./shared.ts";

const ACTIONS = ["make_directory", "delete_file", "delete_directory", "move_file", "move_directory"] as const;
type Action = typeof ACTIONS[number];

/** Each action's method and its own parameters (vm and auth are added by guestCall). */
export function fileManageCall(
  action: Action,
  path: string,
  options: { destination?: string | undefined; recursive: boolean; overwrite: boolean },
): { method: string; params: Record<string, string | boolean> } {
  switch (action) {
    case "make_directory":
      return {
        method: "MakeDirectoryInGuest",
        params: { directoryPath: path, createParentDirectories: true },
      };
    case "delete_file":
      return { method: "DeleteFileInGuest", params: { filePath: path } };
    case "delete_directory":
      return {
        method: "DeleteDirectoryInGuest",
        params: { directoryPath: path, recursive: options.recursive },
      };
    case "move_file":
      return {
        method: "MoveFileInGuest",
        params: { srcFilePath: path, dstFilePath: options.destination!, overwrite: options.overwrite },
      };
    case "move_directory":
      return {
        method: "MoveDirectoryInGuest",
        params: { srcDirectoryPath: path, dstDirectoryPath: options.destination! },
      };
  }
}

export const guestFileManage = defineTool({
  name: "guest_file_manage",
  toolset: "guest",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.guest.file_manage_action")),
    vm: vmInput(t),
    credential: credentialInput(t),
    path: z.string().min(1).max(1024).describe(t("param.guest.path")),
    destination: z.string().min(1).max(1024).optional().describe(t("param.guest.destination")),
    recursive: z.boolean().default(false).describe(t("param.guest.recursive")),
    overwrite: z.boolean().default(false).describe(t("param.guest.overwrite")),
    datacenter: datacenterInput(t),
  }),
  output: {
    action: z.enum(ACTIONS),
    vm: z.string(),
    path: z.string(),
    destination: z.string().optional(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // A recursive delete in the guest cannot be undone.
  tier: "high",
  privileges: ["VirtualMachine.GuestOperations.Modify"],
  aliases: [
    "create_guest_directory",
    "delete_guest_file",
    "delete_guest_directory",
    "move_guest_file",
    "create_guest_temp_directory",
  ],
  async handler(args, ctx) {
    const moving = args.action === "move_file" || args.action === "move_directory";
    if (moving && !args.destination) {
      throw new ToolInputError("guest_file.destination_required", {}, "hints.input");
    }
    const target = await guestTarget(ctx, args.vm, args.credential, args.datacenter);
    const { method, params } = fileManageCall(args.action, args.path, args);
    const path = sanitizeText(args.path, 1024);
    const destination = args.destination ? sanitizeText(args.destination, 1024) : undefined;
    return await ctx.mutate({
      targets: [{ ref: target.vm.ref, name: target.vm.name, state: { credential: target.credential.name } }],
      summary: ctx.t(`guest_file_manage.summary_${args.action}`, {
        vm: target.vm.name,
        path,
        destination: destination ?? "",
        recursive: args.recursive ? "yes" : "no",
      }),
      method,
      args: params,
    }, async () => {
      await guestCall(ctx, target, method, target.fileManager, params);
      return {
        action: args.action,
        vm: target.vm.name,
        path,
        ...(destination ? { destination } : {}),
        message: ctx.t("guest_file_manage.done", { vm: target.vm.name, action: args.action, path }),
      };
    });
  },
});
