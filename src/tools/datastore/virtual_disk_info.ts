import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { callVim, serviceManager, str } from "../shared/vim_values.ts";
import { datastoreInput, dsPathInput, resolvePath } from "./common.ts";
import { statPath } from "./datastore_browse.ts";

export const virtualDiskInfo = defineTool({
  name: "virtual_disk_info",
  toolset: "datastore",
  input: (t) => ({ datastore: datastoreInput(t), path: dsPathInput(t) }),
  output: {
    path: z.string(),
    uuid: z.string(),
    size_bytes: z.number().nullable().describe(
      "Size of the descriptor file as the datastore browser reports it",
    ),
    modified: z.string().nullable(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["get_virtual_disk_uuid"],
  async handler(args, ctx) {
    const target = await resolvePath(ctx, args.datastore, args.path);
    if (!target.path.endsWith(".vmdk")) throw new ToolInputError("errors.not_vmdk", { path: target.full });
    const entry = await statPath(ctx, target);
    if (!entry) throw new ToolInputError("errors.ds_path_not_found", { path: target.full });
    const manager = await serviceManager(ctx.vsphere, "virtualDiskManager");
    const uuid = await callVim(ctx, "QueryVirtualDiskUuid", manager, {
      name: target.full,
      datacenter: target.datacenter,
    });
    return {
      path: target.full,
      uuid: str(uuid) ?? "",
      size_bytes: entry.size_bytes,
      modified: entry.modified,
    };
  },
});
