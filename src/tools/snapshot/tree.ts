/** A VM's snapshot tree, flattened depth-first, with each snapshot's own file sizes from layoutEx. */
import { z } from "zod";
import type { ToolContext } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { bool, list, num, obj, objects, readVm, str } from "../vm/common.ts";

export const snapshotSummary = z.object({
  id: z.string().describe("Snapshot MoRef id"),
  name: z.string(),
  description: z.string().optional(),
  created: z.string().optional(),
  power_state: z.string().optional(),
  quiesced: z.boolean().optional(),
  size_mb: z.number().optional().describe("Own files: state, memory and delta disks"),
  current: z.boolean(),
  parent: z.string().optional(),
  depth: z.number().int(),
});
export type SnapshotSummary = z.infer<typeof snapshotSummary>;

export interface SnapshotEntry extends SnapshotSummary {
  ref: MoRef;
}

export async function readSnapshots(ctx: ToolContext, vm: MoRef): Promise<SnapshotEntry[]> {
  const p = await readVm(ctx, vm, ["snapshot", "layoutEx.file", "layoutEx.snapshot"]);
  const info = obj(p.snapshot);
  const current = obj(info?.currentSnapshot) as MoRef | undefined;
  const fileSize = new Map<number, number>();
  for (const f of objects(p["layoutEx.file"])) fileSize.set(num(f.key) ?? -1, num(f.size) ?? 0);
  const sizeOf = new Map<string, number>();
  for (const layout of objects(p["layoutEx.snapshot"])) {
    const keys = [num(layout.dataKey), num(layout.memoryKey)];
    for (const disk of objects(layout.disk)) {
      const last = objects(disk.chain).at(-1);
      for (const k of list(last?.fileKey)) keys.push(num(k));
    }
    const bytes = keys.reduce<number>((sum, k) => sum + (k === undefined ? 0 : fileSize.get(k) ?? 0), 0);
    const ref = obj(layout.key) as MoRef | undefined;
    if (ref) sizeOf.set(ref.value, bytes);
  }
  const out: SnapshotEntry[] = [];
  const walk = (nodes: VimObject[], parent: string | undefined, depth: number) => {
    for (const node of nodes) {
      const ref = obj(node.snapshot) as MoRef | undefined;
      if (!ref) continue;
      const bytes = sizeOf.get(ref.value);
      const description = str(node.description);
      out.push({
        ref,
        id: ref.value,
        name: sanitizeText(str(node.name) ?? ""),
        ...(description ? { description: sanitizeText(description) } : {}),
        ...(str(node.createTime) ? { created: str(node.createTime)! } : {}),
        ...(str(node.state) ? { power_state: str(node.state)! } : {}),
        ...(bool(node.quiesced) !== undefined ? { quiesced: bool(node.quiesced)! } : {}),
        ...(bytes !== undefined ? { size_mb: Math.round((bytes / 1048576) * 100) / 100 } : {}),
        current: current?.value === ref.value,
        ...(parent ? { parent } : {}),
        depth,
      });
      walk(objects(node.childSnapshotList), ref.value, depth + 1);
    }
  };
  walk(objects(info?.rootSnapshotList), undefined, 0);
  return out;
}

/** One snapshot by MoRef id or exact name; an ambiguous name lists the candidates' ids. */
export function findSnapshot(
  snapshots: readonly SnapshotEntry[],
  selector: string,
  vmName: string,
): SnapshotEntry {
  const byId = snapshots.find((s) => s.id === selector);
  if (byId) return byId;
  const named = snapshots.filter((s) => s.name === selector);
  if (named.length === 1) return named[0]!;
  if (named.length > 1) {
    throw new ToolInputError("errors.ambiguous_name", {
      type: "snapshot",
      name: selector,
      candidates: named.map((s) => `${s.id} (${s.created ?? "?"})`).join(", "),
    }, "hints.ambiguous_snapshot");
  }
  throw new ToolInputError("errors.snapshot_not_found", {
    name: selector,
    vm: vmName,
    candidates: snapshots.map((s) => s.name).join(", ") || "none",
  }, "hints.snapshot_not_found");
}

/** The public part of an entry (without the MoRef object). */
export function publicEntry({ ref: _ref, ...rest }: SnapshotEntry): SnapshotSummary {
  return rest;
}
