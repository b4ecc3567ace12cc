/**
 * Virtual disk files no VM uses: every .vmdk descriptor found on the datastores (SearchDatastoreSubFolders)
 * that no registered VM or template lists among its files (layoutEx) or disk backings. Candidates only:
 * a disk can belong to an unregistered VM or a First Class Disk; check before deleting.
 */
import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { resolvePath } from "../datastore/common.ts";
import { searchFiles } from "../datastore/datastore_browse.ts";
import { DISK, obj, objects, str } from "../vm/common.ts";

/** Extents and sidecars of a disk; only descriptors (name.vmdk, name-000001.vmdk) are disks. */
const NOT_A_DESCRIPTOR = /-(flat|delta|sesparse|ctk|rdm|rdmp|digest|digest-flat|digest-delta|s\d+)\.vmdk$/i;

export const vmOrphanedDisks = defineTool({
  name: "vm_orphaned_disks",
  toolset: "vm_advanced",
  input: (t) => ({
    datastore: z.string().min(1).max(300).optional().describe(t("param.vm_orphaned_disks_datastore")),
    limit: z.number().int().min(1).max(1000).default(200).describe(t("param.vm_orphaned_disks_limit")),
  }),
  output: {
    datastores: z.number().int(),
    scanned: z.number().int(),
    count: z.number().int(),
    truncated: z.boolean(),
    disks: z.array(z.object({
      path: z.string(),
      datastore: z.string(),
      size_bytes: z.number().nullable(),
      modified: z.string().nullable(),
    })),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["Datastore.Browse"],
  aliases: ["find_orphaned_vmdks"],
  async handler(args, ctx) {
    const used = new Set<string>();
    for await (
      const vm of retrieveView(ctx.vsphere, {
        type: "VirtualMachine",
        paths: ["layoutEx.file", "config.hardware.device"],
        signal: ctx.signal,
      })
    ) {
      for (const file of objects(vm.props["layoutEx.file"])) used.add(normalize(str(file.name) ?? ""));
      for (const disk of objects(vm.props["config.hardware.device"]).filter(DISK)) {
        used.add(normalize(str(obj(disk.backing)?.fileName) ?? ""));
      }
    }
    const names: string[] = [];
    for await (
      const ds of retrieveView(ctx.vsphere, { type: "Datastore", paths: ["name"], signal: ctx.signal })
    ) {
      const name = str(ds.props.name) ?? "";
      if (!args.datastore || args.datastore === name || args.datastore === ds.ref.value) names.push(name);
    }
    const disks = [];
    let scanned = 0;
    for (const name of names) {
      const target = await resolvePath(ctx, name, "");
      const files = await searchFiles(ctx, target, { patterns: ["*.vmdk"], recursive: true });
      for (const file of files) {
        if (NOT_A_DESCRIPTOR.test(file.name)) continue;
        scanned++;
        if (used.has(normalize(file.path))) continue;
        disks.push({
          path: normalize(file.path),
          datastore: name,
          size_bytes: file.size_bytes,
          modified: file.modified,
        });
      }
    }
    return {
      datastores: names.length,
      scanned,
      count: disks.length,
      truncated: disks.length > args.limit,
      disks: disks.slice(0, args.limit),
    };
  },
});

/** "[ds] a/b.vmdk", "[ds]/a/b.vmdk" and "[ds]a//b.vmdk" compare equal. */
function normalize(path: string): string {
  return path.replace(/^\[([^\]]+)\]\s*\/*/, "[$1] ").replace(/\/+/g, "/");
}
