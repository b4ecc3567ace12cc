import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput, waitInput } from "../shared/inputs.ts";
import { changeOutput, list, poolOfHost, readVm, resolveOptional, resolveVm, taskResult } from "./common.ts";
import { hasFields, wire } from "./wire.ts";

export const vmRelocate = defineTool({
  name: "vm_relocate",
  toolset: "vm",
  input: (t) => ({
    vm: vmInput(t),
    host: z.string().max(300).optional().describe(t("param.host")),
    pool: z.string().max(300).optional().describe(t("param.pool")),
    datastore: z.string().max(300).optional().describe(t("param.datastore")),
    folder: z.string().max(300).optional().describe(t("param.folder")),
    priority: z.enum(["defaultPriority", "highPriority", "lowPriority"]).default("defaultPriority").describe(
      t("param.priority"),
    ),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: { ...changeOutput, moved: z.array(z.string()) },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  // vMotion / storage vMotion: high in the seed's tiers.
  tier: "high",
  privileges: [
    "Resource.HotMigrate",
    "Resource.ColdMigrate",
    "Resource.AssignVMToPool",
    "Datastore.AllocateSpace",
  ],
  aliases: ["migrate_vm", "relocate_vm", "storage_vmotion", "batch_migrate_vms", "move_vm_to_resource_pool"],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm, args.datacenter);
    const p = await readVm(ctx, vm.ref, ["runtime.host", "resourcePool", "datastore", "parent"]);
    const current = {
      host: (p["runtime.host"] as MoRef | undefined)?.value,
      pool: (p.resourcePool as MoRef | undefined)?.value,
      datastore: list(p.datastore).map((d) => (d as MoRef).value),
      folder: (p.parent as MoRef | undefined)?.value,
    };
    const host = await resolveOptional(ctx, "HostSystem", args.host, args.datacenter);
    let pool = (await resolveOptional(ctx, "ResourcePool", args.pool, args.datacenter))?.ref;
    const datastore = await resolveOptional(ctx, "Datastore", args.datastore, args.datacenter);
    const folder = await resolveOptional(ctx, "Folder", args.folder, args.datacenter);
    if (!host && !pool && !datastore && !folder) {
      throw new ToolInputError("errors.param_required", {
        param: "host, pool, datastore or folder",
        action: "relocate",
      }, "hints.input");
    }
    // A move to a host of another cluster needs that cluster's pool too.
    if (host && !pool && host.ref.value !== current.host) {
      const hostPool = await poolOfHost(ctx, host.ref);
      const currentOwner = current.pool
        ? ((await readVm(ctx, { type: "ResourcePool", value: current.pool }, ["owner"])).owner as
          | MoRef
          | undefined)
        : undefined;
      const hostOwner = (await readVm(ctx, host.ref, ["parent"])).parent as MoRef;
      if (currentOwner?.value !== hostOwner.value) pool = hostPool;
    }
    const moved: string[] = [];
    const pick = (label: string, ref: MoRef | undefined, same: boolean) => {
      if (!ref || same) return undefined;
      moved.push(label);
      return ref;
    };
    const spec = wire("VirtualMachineRelocateSpec", {
      folder: pick("folder", folder?.ref, folder?.ref.value === current.folder),
      datastore: pick(
        "datastore",
        datastore?.ref,
        current.datastore.length === 1 && current.datastore[0] === datastore?.ref.value,
      ),
      pool: pick("pool", pool, pool?.value === current.pool),
      host: pick("host", host?.ref, host?.ref.value === current.host),
    });
    if (!hasFields(spec)) {
      return {
        vm: vm.display,
        moref: vm.ref.value,
        message: ctx.t("vm_relocate.already", { name: vm.display }),
        moved,
      };
    }
    const request: Record<string, VimValue> = { spec, priority: args.priority };
    return await ctx.mutate({
      targets: [{ ref: vm.ref, name: vm.display, state: current }],
      summary: ctx.t("vm_relocate.summary", {
        name: vm.display,
        to: [host?.name, args.pool && pool ? args.pool : undefined, datastore?.name, folder?.name].filter(
          Boolean,
        )
          .join(", "),
        moved: moved.join(", "),
      }),
      method: "RelocateVM_Task",
      args: request,
    }, async () => ({
      ...(await taskResult(ctx, "RelocateVM_Task", vm.ref, request, args.wait_seconds, {
        vm: vm.display,
        moref: vm.ref.value,
        message: ctx.t("vm_relocate.done", { name: vm.display, moved: moved.join(", ") }),
      })),
      moved,
    }));
  },
});
