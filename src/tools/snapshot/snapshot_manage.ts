import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import type { VimValue } from "../../vsphere/soap/types.ts";
import { vmInput, waitInput } from "../shared/inputs.ts";
import { bool, changeOutput, type ChangeResult, readVm, resolveVm, taskResult } from "../vm/common.ts";
import { findSnapshot, publicEntry, readSnapshots } from "./tree.ts";

const ACTIONS = ["revert", "remove", "remove_all", "rename", "consolidate"] as const;

/** The exact request of each action: method, on which object, with which arguments (also contract cases). */
export function snapshotRequest(
  action: typeof ACTIONS[number],
  options: {
    snapshot?: boolean;
    removeChildren?: boolean;
    suppressPowerOn?: boolean;
    newName?: string | undefined;
    newDescription?: string | undefined;
  },
): { method: string; on: "vm" | "snapshot"; args: Record<string, VimValue | undefined> } {
  switch (action) {
    case "revert":
      return options.snapshot
        ? {
          method: "RevertToSnapshot_Task",
          on: "snapshot",
          args: { suppressPowerOn: options.suppressPowerOn },
        }
        : {
          method: "RevertToCurrentSnapshot_Task",
          on: "vm",
          args: { suppressPowerOn: options.suppressPowerOn },
        };
    case "remove":
      return {
        method: "RemoveSnapshot_Task",
        on: "snapshot",
        args: { removeChildren: options.removeChildren ?? false, consolidate: true },
      };
    case "remove_all":
      return { method: "RemoveAllSnapshots_Task", on: "vm", args: { consolidate: true } };
    case "rename":
      return {
        method: "RenameSnapshot",
        on: "snapshot",
        args: { name: options.newName, description: options.newDescription },
      };
    case "consolidate":
      return { method: "ConsolidateVMDisks_Task", on: "vm", args: {} };
  }
}

export const snapshotManage = defineTool({
  name: "snapshot_manage",
  toolset: "snapshot",
  input: (t) => ({
    vm: vmInput(t),
    action: z.enum(ACTIONS).describe(t("param.snapshot_action")),
    snapshot: z.string().max(300).optional().describe(t("param.snapshot")),
    remove_children: z.boolean().default(false).describe(t("param.remove_children")),
    suppress_power_on: z.boolean().optional().describe(t("param.suppress_power_on")),
    new_name: z.string().min(1).max(80).optional().describe(t("param.snapshot_new_name")),
    new_description: z.string().max(1000).optional().describe(t("param.snapshot_new_description")),
    wait_seconds: waitInput(t),
  }),
  output: { ...changeOutput, snapshot: z.string().optional(), removed: z.number().int().optional() },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Revert discards the VM's current state and remove deletes delta disks: high in the seed's tiers, so
  // this tool is high; creating a snapshot (medium) is its own tool so medium-tier roles keep it.
  tier: "high",
  privileges: [
    "VirtualMachine.State.RevertToSnapshot",
    "VirtualMachine.State.RemoveSnapshot",
    "VirtualMachine.State.RenameSnapshot",
  ],
  aliases: [
    "revert_snapshot",
    "revert_to_current_snapshot",
    "remove_snapshot",
    "delete_vm_snapshot",
    "remove_all_snapshots",
    "rename_snapshot",
    "consolidate_vm_disks",
  ],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm);
    const snapshots = await readSnapshots(ctx, vm.ref);
    const base = { vm: vm.display, moref: vm.ref.value };
    const needsSnapshot = args.action === "remove" || args.action === "rename";
    if (needsSnapshot && !args.snapshot) {
      throw new ToolInputError(
        "errors.param_required",
        { param: "snapshot", action: args.action },
        "hints.input",
      );
    }
    const target = args.snapshot ? findSnapshot(snapshots, args.snapshot, vm.display) : undefined;
    if (args.action === "revert" && !target && !snapshots.some((s) => s.current)) {
      throw new ToolInputError(
        "errors.no_current_snapshot",
        { name: vm.display },
        "hints.snapshot_not_found",
      );
    }
    if (args.action === "remove_all" && snapshots.length === 0) {
      return { ...base, message: ctx.t("snapshot_manage.none", { name: vm.display }), removed: 0 };
    }
    if (args.action === "rename") {
      if (!args.new_name && args.new_description === undefined) {
        throw new ToolInputError("errors.param_required", {
          param: "new_name or new_description",
          action: "rename",
        }, "hints.input");
      }
      if (
        (args.new_name ?? target!.name) === target!.name &&
        (args.new_description ?? target!.description ?? "") === (target!.description ?? "")
      ) {
        return {
          ...base,
          snapshot: target!.id,
          message: ctx.t("snapshot_manage.same_name", { snapshot: target!.name }),
        };
      }
    }
    if (args.action === "consolidate") {
      const needed = bool(
        (await readVm(ctx, vm.ref, ["runtime.consolidationNeeded"]))["runtime.consolidationNeeded"],
      );
      if (!needed) {
        return { ...base, message: ctx.t("snapshot_manage.no_consolidation", { name: vm.display }) };
      }
    }

    const request = snapshotRequest(args.action, {
      snapshot: target !== undefined,
      removeChildren: args.remove_children,
      ...(args.suppress_power_on !== undefined ? { suppressPowerOn: args.suppress_power_on } : {}),
      newName: args.new_name,
      newDescription: args.new_description,
    });
    const thisRef = request.on === "snapshot" ? target!.ref : vm.ref;
    const current = snapshots.find((s) => s.current);
    const affected = args.action === "remove_all" ? snapshots.length : args.action === "remove"
      ? 1 +
        (args.remove_children ? snapshots.filter((s) => isDescendant(snapshots, s.id, target!.id)).length : 0)
      : undefined;
    const label = target?.name ?? current?.name ?? "";
    return await ctx.mutate({
      targets: [
        {
          ref: vm.ref,
          name: vm.display,
          state: { snapshots: snapshots.length, current: current?.name ?? null },
        },
        ...(target ? [{ ref: target.ref, name: target.name, state: { ...publicEntry(target) } }] : []),
      ],
      summary: ctx.t(`snapshot_manage.summary_${args.action}`, {
        name: vm.display,
        snapshot: label,
        count: affected ?? 0,
        new_name: args.new_name ?? label,
      }),
      method: request.method,
      args: request.args,
    }, async (): Promise<ChangeResult & { snapshot?: string; removed?: number }> => {
      const done = ctx.t(`snapshot_manage.done_${args.action}`, {
        name: vm.display,
        snapshot: label,
        count: affected ?? 0,
        new_name: args.new_name ?? label,
      });
      if (!request.method.endsWith("_Task")) {
        await ctx.vsphere.call(request.method, thisRef, request.args, {
          signal: ctx.signal,
          operationId: ctx.eventId,
        });
        return { ...base, message: done, ...(target ? { snapshot: target.id } : {}) };
      }
      const outcome = await taskResult(
        ctx,
        request.method,
        thisRef,
        request.args,
        args.wait_seconds,
        {
          ...base,
          message: done,
        },
      );
      return {
        ...outcome,
        ...(target
          ? { snapshot: target.id }
          : current && args.action === "revert"
          ? { snapshot: current.id }
          : {}),
        ...(affected !== undefined ? { removed: affected } : {}),
      };
    });
  },
});

function isDescendant(
  all: readonly { id: string; parent?: string | undefined }[],
  id: string,
  ancestor: string,
): boolean {
  let parent = all.find((s) => s.id === id)?.parent;
  while (parent) {
    if (parent === ancestor) return true;
    parent = all.find((s) => s.id === parent)?.parent;
  }
  return false;
}
