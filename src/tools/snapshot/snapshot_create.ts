import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { vmInput, waitInput } from "../shared/inputs.ts";
import { changeOutput, readVm, resolveVm, taskResult } from "../vm/common.ts";
import { readSnapshots } from "./tree.ts";

export const snapshotCreate = defineTool({
  name: "snapshot_create",
  toolset: "snapshot",
  input: (t) => ({
    vm: vmInput(t),
    name: z.string().min(1).max(80).describe(t("param.snapshot_name")),
    description: z.string().max(1000).optional().describe(t("param.snapshot_description")),
    memory: z.boolean().default(false).describe(t("param.snapshot_memory")),
    quiesce: z.boolean().default(false).describe(t("param.snapshot_quiesce")),
    wait_seconds: waitInput(t),
  }),
  output: { ...changeOutput, snapshot: z.string().optional() },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  tier: "medium",
  privileges: ["VirtualMachine.State.CreateSnapshot"],
  aliases: ["create_snapshot", "create_vm_snapshot", "batch_create_snapshots"],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm);
    const power = String((await readVm(ctx, vm.ref, ["runtime.powerState"]))["runtime.powerState"]);
    const existing = await readSnapshots(ctx, vm.ref);
    const request = {
      name: args.name,
      description: args.description,
      // Memory can only be captured from a running VM; vCenter rejects it otherwise.
      memory: args.memory && power === "poweredOn",
      quiesce: args.quiesce,
    };
    return await ctx.mutate({
      targets: [{ ref: vm.ref, name: vm.display, state: { powerState: power, snapshots: existing.length } }],
      summary: ctx.t("snapshot_create.summary", {
        name: vm.display,
        snapshot: args.name,
        memory: String(request.memory),
        quiesce: String(args.quiesce),
      }),
      method: "CreateSnapshot_Task",
      args: request,
    }, async () => {
      const outcome = await taskResult(ctx, "CreateSnapshot_Task", vm.ref, request, args.wait_seconds, {
        vm: vm.display,
        moref: vm.ref.value,
        message: ctx.t("snapshot_create.done", { name: vm.display, snapshot: args.name }),
      });
      // The new snapshot becomes the VM's current one.
      const snapshot = outcome.task_state === "success"
        ? (await readSnapshots(ctx, vm.ref)).find((s) => s.current)?.id
        : undefined;
      return { ...outcome, ...(snapshot ? { snapshot } : {}) };
    });
  },
});
