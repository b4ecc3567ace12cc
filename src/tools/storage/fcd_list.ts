import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveDatastore } from "../shared/vim_values.ts";
import { fcdManager, fcdSnapshots, listFcds, resolveFcd } from "./fcd_common.ts";

const ACTIONS = ["list", "get", "snapshots"] as const;

export const fcdOut = z.object({
  id: z.string(),
  name: z.string(),
  capacity_mb: z.number().nullable(),
  path: z.string(),
  provisioning: z.string(),
  created: z.string(),
  consumers: z.array(z.string()).describe("VMs using the disk"),
});

export const fcdList = defineTool({
  name: "fcd_list",
  toolset: "storage",
  input: (t) => ({
    datastore: z.string().min(1).max(1024).describe(t("param.datastore_required")),
    action: z.enum(ACTIONS).default("list").describe(t("param.fcd_list_action")),
    disk: z.string().min(1).max(255).optional().describe(t("param.fcd_disk")),
  }),
  output: {
    datastore: z.string(),
    action: z.enum(ACTIONS),
    disks: z.array(fcdOut),
    snapshots: z.array(z.object({ id: z.string(), description: z.string(), created: z.string() })).optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["list_fcds", "get_fcd_info", "get_fcd_snapshots"],
  async handler(args, ctx) {
    if (args.action === "list") {
      const ds = await resolveDatastore(ctx.vsphere, args.datastore, ctx.signal);
      const disks = await listFcds(ctx, await fcdManager(ctx), ds.ref);
      return { datastore: sanitizeText(ds.name), action: args.action, disks };
    }
    if (!args.disk) throw new ToolInputError("errors.fcd_disk_missing", { action: args.action });
    const r = await resolveFcd(ctx, args.datastore, args.disk);
    return {
      datastore: sanitizeText(r.datastore.name),
      action: args.action,
      disks: [r.disk],
      ...(args.action === "snapshots" ? { snapshots: await fcdSnapshots(ctx, r) } : {}),
    };
  },
});
