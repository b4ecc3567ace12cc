import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import { runTask } from "../shared/task_result.ts";
import { callVim, serviceManager } from "../shared/vim_values.ts";
import { datastoreInput, dsPathInput, pathChangeOutput, type ResolvedPath, resolvePath } from "./common.ts";
import { statPath } from "./datastore_browse.ts";

const ACTIONS = ["mkdir", "copy", "move"] as const;

/** FileManager calls with their arguments in the WSDL's order. */
export function fileRequest(
  action: typeof ACTIONS[number],
  source: { full: string; datacenter: MoRef },
  destination?: { full: string; datacenter: MoRef },
  options: { force?: boolean; createParents?: boolean } = {},
): { method: string; args: Record<string, VimValue | undefined> } {
  if (action === "mkdir") {
    return {
      method: "MakeDirectory",
      args: {
        name: source.full,
        datacenter: source.datacenter,
        createParentDirectories: options.createParents,
      },
    };
  }
  return {
    method: action === "copy" ? "CopyDatastoreFile_Task" : "MoveDatastoreFile_Task",
    args: {
      sourceName: source.full,
      sourceDatacenter: source.datacenter,
      destinationName: destination!.full,
      destinationDatacenter: destination!.datacenter,
      force: options.force,
    },
  };
}

export const datastoreFile = defineTool({
  name: "datastore_file",
  toolset: "datastore",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.file_action")),
    datastore: datastoreInput(t),
    path: dsPathInput(t),
    destination: z.string().max(2048).optional().describe(t("param.destination_path")),
    force: z.boolean().default(false).describe(t("param.overwrite")),
    create_parents: z.boolean().default(true).describe(t("param.create_parents")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: pathChangeOutput(ACTIONS),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Moving or overwriting files can detach a VM from its disks; copying can fill a datastore.
  tier: "medium",
  privileges: ["Datastore.FileManagement"],
  aliases: ["create_datastore_directory", "copy_datastore_file", "move_datastore_file"],
  async handler(args, ctx) {
    const source = await resolvePath(ctx, args.datastore, args.path);
    if (!source.path) throw new ToolInputError("errors.ds_root_path", { path: source.full });
    let destination: ResolvedPath | undefined;
    if (args.action !== "mkdir") {
      if (!args.destination) throw new ToolInputError("errors.destination_missing", { action: args.action });
      destination = await resolvePath(ctx, source.datastore.name, args.destination);
      if (!destination.path) throw new ToolInputError("errors.ds_root_path", { path: destination.full });
    }
    const existing = await statPath(ctx, source);
    if (args.action === "mkdir" && existing) {
      return {
        action: args.action,
        path: source.full,
        message: ctx.t(existing.kind === "folder" ? "datastore_file.exists" : "datastore_file.exists_file", {
          path: source.full,
        }),
      };
    }
    if (args.action !== "mkdir" && !existing) {
      throw new ToolInputError("errors.ds_path_not_found", { path: source.full });
    }
    const destExisting = destination ? await statPath(ctx, destination) : undefined;
    if (destination && destExisting && !args.force) {
      throw new ToolInputError("errors.destination_exists", { path: destination.full });
    }
    const request = fileRequest(args.action, source, destination, {
      force: args.force,
      createParents: args.create_parents,
    });
    const fileManager = await serviceManager(ctx.vsphere, "fileManager");
    const targets = [{
      ref: source.datastore.ref,
      name: source.datastore.name,
      state: {
        path: source.full,
        ...(existing ? { kind: existing.kind, size_bytes: existing.size_bytes } : {}),
      },
    }];
    if (destination) {
      targets.push({
        ref: destination.datastore.ref,
        name: destination.datastore.name,
        state: {
          path: destination.full,
          ...(destExisting
            ? { kind: `${destExisting.kind} (overwritten)`, size_bytes: destExisting.size_bytes }
            : {}),
        },
      });
    }
    return await ctx.mutate({
      targets,
      summary: ctx.t(`datastore_file.summary_${args.action}` as const, {
        path: source.full,
        destination: destination?.full ?? "",
      }),
      method: `FileManager.${request.method}`,
      args: {
        path: source.full,
        ...(destination ? { destination: destination.full, force: args.force } : {}),
      },
    }, async () => {
      let task: Awaited<ReturnType<typeof runTask>> | undefined;
      if (args.action === "mkdir") await callVim(ctx, request.method, fileManager, request.args);
      else task = await runTask(ctx, request.method, fileManager, request.args, args.wait_seconds);
      return {
        action: args.action,
        path: source.full,
        ...(destination ? { destination: destination.full } : {}),
        message: ctx.t(task && task.state !== "success" ? "datastore.task_pending" : "datastore_file.done", {
          action: args.action,
          path: source.full,
        }),
        ...(task ? { task: task.task, task_state: task.state } : {}),
      };
    });
  },
});
