import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { vmInput } from "../shared/inputs.ts";
import { resolveVm } from "../vm/common.ts";
import { publicEntry, readSnapshots, snapshotSummary } from "./tree.ts";

export const snapshotList = defineTool({
  name: "snapshot_list",
  toolset: "snapshot",
  input: (t) => ({ vm: vmInput(t) }),
  output: {
    vm: z.string(),
    moref: z.string(),
    total: z.number().int(),
    current: z.string().optional().describe("Id of the current snapshot"),
    snapshots: z.array(snapshotSummary).describe("Depth-first; parent and depth give the tree"),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["list_snapshots", "list_vm_snapshots", "list_vm_snapshots_disk_usage"],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm);
    const snapshots = await readSnapshots(ctx, vm.ref);
    const current = snapshots.find((s) => s.current);
    return {
      vm: vm.display,
      moref: vm.ref.value,
      total: snapshots.length,
      ...(current ? { current: current.id } : {}),
      snapshots: snapshots.map(publicEntry),
    };
  },
});
