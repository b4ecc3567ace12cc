import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { vmInput, waitInput } from "../shared/inputs.ts";
import { changeOutput, readVm, type ResolvedVm, resolveVm, taskResult } from "../vm/common.ts";
import { readSnapshots } from "./tree.ts";

export const snapshotCreate = defineTool({
  name: "snapshot_create",
  toolset: "snapshot",
  input: (t) => ({
    vm: vmInput(t).optional(),
    vms: z.array(z.string().min(1).max(300)).min(1).max(100).optional().describe(t("param.vms")),
    name: z.string().min(1).max(80).describe(t("param.snapshot_name")),
    description: z.string().max(1000).optional().describe(t("param.snapshot_description")),
    memory: z.boolean().default(false).describe(t("param.snapshot_memory")),
    quiesce: z.boolean().default(false).describe(t("param.snapshot_quiesce")),
    wait_seconds: waitInput(t),
  }),
  output: {
    ...changeOutput,
    snapshot: z.string().optional(),
    vms: z.array(z.object({ vm: z.string(), moref: z.string(), task_state: z.string().optional() }))
      .optional(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  tier: "medium",
  privileges: ["VirtualMachine.State.CreateSnapshot"],
  aliases: ["create_snapshot", "create_vm_snapshot", "batch_create_snapshots"],
  async handler(args, ctx) {
    if ((args.vm === undefined) === (args.vms === undefined)) {
      throw new ToolInputError("errors.vm_or_vms", {}, "hints.input");
    }
    if (args.vms) {
      // One confirmation, one CreateSnapshot_Task per VM (memory only where the VM runs).
      const vms: { vm: ResolvedVm; power: string }[] = [];
      for (const name of args.vms) {
        const vm = await resolveVm(ctx, name);
        if (vms.some((v) => v.vm.ref.value === vm.ref.value)) continue;
        vms.push({
          vm,
          power: String((await readVm(ctx, vm.ref, ["runtime.powerState"]))["runtime.powerState"]),
        });
      }
      const request = (power: string) => ({
        name: args.name,
        description: args.description,
        memory: args.memory && power === "poweredOn",
        quiesce: args.quiesce,
      });
      const label = ctx.t("vm_power.batch_label", { count: vms.length });
      return await ctx.mutate({
        targets: vms.map(({ vm, power }) => ({
          ref: vm.ref,
          name: vm.display,
          state: { powerState: power },
        })),
        summary: ctx.t("snapshot_create.batch_summary", {
          count: vms.length,
          names: vms.map((v) => v.vm.display).join(", "),
          snapshot: args.name,
        }),
        method: "CreateSnapshot_Task",
        args: request("poweredOn"),
      }, async () => {
        const rows = [];
        let ok = 0;
        for (const { vm, power } of vms) {
          const outcome = await taskResult(
            ctx,
            "CreateSnapshot_Task",
            vm.ref,
            request(power),
            args.wait_seconds,
            {
              vm: vm.display,
              message: "",
            },
          );
          if (outcome.task_state === "success") ok++;
          rows.push({ vm: vm.display, moref: vm.ref.value, task_state: outcome.task_state ?? "" });
        }
        return {
          vm: label,
          message: ctx.t("snapshot_create.batch_done", { count: vms.length, ok, snapshot: args.name }),
          vms: rows,
        };
      });
    }
    const vm = await resolveVm(ctx, args.vm!);
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
