import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import { runTask, taskFields } from "../shared/task_result.ts";
import { serviceManager } from "../shared/vim_values.ts";
import { datastoreInput, dsPathInput, resolvePath } from "./common.ts";
import { searchFiles, statPath } from "./datastore_browse.ts";

/**
 * A virtual disk is deleted through VirtualDiskManager (descriptor and every extent); anything else,
 * folders included (recursively), through FileManager.
 */
export function deleteRequest(path: string, datacenter: MoRef, virtualDisk: boolean) {
  return virtualDisk
    ? { manager: "virtualDiskManager", method: "DeleteVirtualDisk_Task", args: { name: path, datacenter } }
    : { manager: "fileManager", method: "DeleteDatastoreFile_Task", args: { name: path, datacenter } };
}

export const datastoreFileDelete = defineTool({
  name: "datastore_file_delete",
  toolset: "datastore",
  input: (t) => ({
    datastore: datastoreInput(t),
    path: dsPathInput(t),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    path: z.string(),
    kind: z.string(),
    deleted: z.boolean(),
    message: z.string(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Deleted datastore files cannot be recovered: critical, as the seed rates it.
  tier: "critical",
  privileges: ["Datastore.DeleteFile"],
  aliases: ["delete_datastore_file", "delete_virtual_disk"],
  async handler(args, ctx) {
    const target = await resolvePath(ctx, args.datastore, args.path);
    if (!target.path) throw new ToolInputError("errors.ds_root_path", { path: target.full });
    const entry = await statPath(ctx, target);
    if (!entry) {
      return {
        path: target.full,
        kind: "absent",
        deleted: false,
        message: ctx.t("datastore_file_delete.absent", { path: target.full }),
      };
    }
    const contents = entry.kind === "folder"
      ? await searchFiles(ctx, target, { patterns: [], recursive: true })
      : [];
    const request = deleteRequest(target.full, target.datacenter, entry.kind === "vmdk");
    const manager = await serviceManager(ctx.vsphere, request.manager);
    return await ctx.mutate({
      targets: [{
        ref: target.datastore.ref,
        name: target.datastore.name,
        state: {
          path: target.full,
          kind: entry.kind,
          size_bytes: entry.size_bytes,
          ...(entry.kind === "folder"
            ? { entries: contents.length, sample: contents.slice(0, 10).map((f) => f.path) }
            : {}),
        },
      }],
      summary: ctx.t(
        entry.kind === "folder" ? "datastore_file_delete.summary_folder" : "datastore_file_delete.summary",
        {
          path: target.full,
          kind: entry.kind,
          entries: contents.length,
        },
      ),
      method: `${request.manager === "fileManager" ? "FileManager" : "VirtualDiskManager"}.${request.method}`,
    }, async () => {
      const task = await runTask(ctx, request.method, manager, request.args, args.wait_seconds);
      return {
        path: target.full,
        kind: entry.kind,
        deleted: task.state === "success",
        message: ctx.t(task.state === "success" ? "datastore_file_delete.done" : "datastore.task_pending", {
          path: target.full,
          action: "delete",
        }),
        task: task.task,
        task_state: task.state,
      };
    });
  },
});
