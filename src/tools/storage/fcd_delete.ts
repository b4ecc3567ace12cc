import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { waitInput } from "../shared/inputs.ts";
import { runTask } from "../shared/task_result.ts";
import { fcdId, fcdSnapshots, listFcds, resolveFcd } from "./fcd_common.ts";
import { notFoundByName } from "../shared/lookup.ts";

const ACTIONS = ["disk", "snapshot"] as const;

/** DeleteVStorageObject_Task / DeleteSnapshot_Task on the VStorageObjectManager. */
export function fcdDeleteRequest(
  action: typeof ACTIONS[number],
  id: string,
  datastore: MoRef,
  snapshotId?: string,
): { method: string; args: Record<string, VimValue | undefined> } {
  return action === "disk" ? { method: "DeleteVStorageObject_Task", args: { id: fcdId(id), datastore } } : {
    method: "DeleteSnapshot_Task",
    args: { id: fcdId(id), datastore, snapshotId: fcdId(snapshotId ?? "") },
  };
}

export const fcdDelete = defineTool({
  name: "fcd_delete",
  toolset: "storage",
  input: (t) => ({
    action: z.enum(ACTIONS).default("disk").describe(t("param.fcd_delete_action")),
    datastore: z.string().min(1).max(1024).describe(t("param.datastore_required")),
    disk: z.string().min(1).max(255).describe(t("param.fcd_disk")),
    snapshot: z.string().min(1).max(255).optional().describe(t("param.fcd_snapshot")),
    wait_seconds: waitInput(t),
  }),
  output: {
    action: z.enum(ACTIONS),
    datastore: z.string(),
    disk: z.string(),
    remaining: z.array(z.string()).describe("Disks (or the disk's snapshots) left afterwards"),
    task: z.string(),
    task_state: z.string(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  tier: "critical",
  privileges: ["Datastore.FileManagement"],
  aliases: ["delete_fcd", "delete_fcd_snapshot"],
  async handler(args, ctx) {
    const r = await resolveFcd(ctx, args.datastore, args.disk);
    const dsName = sanitizeText(r.datastore.name);
    let snapshotId: string | undefined;
    if (args.action === "snapshot") {
      if (!args.snapshot) throw new ToolInputError("errors.fcd_snapshot_missing", {});
      const snaps = await fcdSnapshots(ctx, r);
      const found = snaps.find((s) => s.id === args.snapshot) ??
        (snaps.filter((s) => s.description === args.snapshot).length === 1
          ? snaps.find((s) => s.description === args.snapshot)
          : undefined);
      if (!found) {
        notFoundByName("disk snapshot", args.snapshot);
      }
      snapshotId = found.id;
    }
    if (args.action === "disk" && r.disk.consumers.length) {
      throw new ToolInputError("errors.fcd_in_use", { name: r.disk.name, vms: r.disk.consumers.join(", ") });
    }
    const request = fcdDeleteRequest(args.action, r.disk.id, r.datastore.ref, snapshotId);
    return await ctx.mutate({
      targets: [{
        ref: r.datastore.ref,
        name: `${dsName}/${r.disk.name}`,
        state: {
          disk: r.disk.id,
          capacityMb: r.disk.capacity_mb,
          ...(snapshotId ? { snapshot: snapshotId } : {}),
        },
      }],
      summary: ctx.t(`fcd_delete.summary_${args.action}` as const, {
        name: r.disk.name,
        datastore: dsName,
        snapshot: snapshotId ?? "",
        size: r.disk.capacity_mb ?? 0,
      }),
      method: request.method,
      args: { id: r.disk.id, ...(snapshotId ? { snapshotId } : {}) },
    }, async () => {
      const task = await runTask(ctx, request.method, r.manager, request.args, args.wait_seconds);
      const remaining = args.action === "disk"
        ? (await listFcds(ctx, r.manager, r.datastore.ref)).map((d) => d.name)
        : (await fcdSnapshots(ctx, r)).map((s) => s.id);
      return {
        action: args.action,
        datastore: dsName,
        disk: r.disk.name,
        remaining,
        task: task.task,
        task_state: task.state,
        message: ctx.t("fcd_delete.done", { name: r.disk.name, action: args.action, state: task.state }),
      };
    });
  },
});
