import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import { runTask } from "../shared/task_result.ts";
import { callVim, serviceManager } from "../shared/vim_values.ts";
import { datastoreInput, dsPathInput, pathChangeOutput, type ResolvedPath, resolvePath } from "./common.ts";
import { statPath } from "./datastore_browse.ts";

const ACTIONS = ["create", "copy", "move", "extend", "set_uuid"] as const;
type Action = typeof ACTIONS[number];
const DISK_TYPES = ["thin", "preallocated", "eagerZeroedThick"] as const;
const ADAPTERS = ["lsiLogic", "busLogic", "ide"] as const;

export interface DiskChange {
  action: Action;
  source: { full: string; datacenter: MoRef };
  destination?: { full: string; datacenter: MoRef } | undefined;
  capacityKb?: number | undefined;
  diskType?: typeof DISK_TYPES[number] | undefined;
  adapterType?: typeof ADAPTERS[number] | undefined;
  uuid?: string | undefined;
  force?: boolean | undefined;
}

/** VirtualDiskManager calls with their arguments in the WSDL's order. */
export function virtualDiskRequest(
  c: DiskChange,
): { method: string; args: Record<string, VimValue | undefined> } {
  const { full, datacenter } = c.source;
  switch (c.action) {
    case "create":
      return {
        method: "CreateVirtualDisk_Task",
        args: {
          name: full,
          datacenter,
          spec: {
            _type: "FileBackedVirtualDiskSpec",
            diskType: c.diskType ?? "thin",
            adapterType: c.adapterType ?? "lsiLogic",
            capacityKb: c.capacityKb!,
          },
        },
      };
    case "copy":
    case "move":
      return {
        method: c.action === "copy" ? "CopyVirtualDisk_Task" : "MoveVirtualDisk_Task",
        args: {
          sourceName: full,
          sourceDatacenter: datacenter,
          destName: c.destination!.full,
          destDatacenter: c.destination!.datacenter,
          force: c.force,
        },
      };
    case "extend":
      return {
        method: "ExtendVirtualDisk_Task",
        args: { name: full, datacenter, newCapacityKb: c.capacityKb!, eagerZero: false },
      };
    case "set_uuid":
      return { method: "SetVirtualDiskUuid", args: { name: full, datacenter, uuid: c.uuid! } };
  }
}

/** "6000C29a-..." or spaced hex as vCenter prints it; 16 bytes either way. */
const UUID = /^[0-9a-fA-F]{2}([ -]?[0-9a-fA-F]{2}){15}$/;

export const virtualDisk = defineTool({
  name: "virtual_disk",
  toolset: "datastore",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.virtual_disk_action")),
    datastore: datastoreInput(t),
    path: dsPathInput(t),
    destination: z.string().max(2048).optional().describe(t("param.disk_destination")),
    capacity_gb: z.number().positive().max(65536).optional().describe(t("param.disk_capacity_gb")),
    disk_type: z.enum(DISK_TYPES).default("thin").describe(t("param.disk_type")),
    adapter_type: z.enum(ADAPTERS).default("lsiLogic").describe(t("param.adapter_type")),
    uuid: z.string().regex(UUID).optional().describe(t("param.disk_uuid")),
    force: z.boolean().default(false).describe(t("param.overwrite")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: pathChangeOutput(ACTIONS),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Creating and copying disks uses space; moving or re-identifying one can detach it from its VM.
  tier: "medium",
  privileges: ["Datastore.FileManagement", "Datastore.AllocateSpace"],
  aliases: ["copy_virtual_disk", "move_virtual_disk", "set_virtual_disk_uuid"],
  async handler(args, ctx) {
    const source = await resolvePath(ctx, args.datastore, args.path);
    if (!source.path.endsWith(".vmdk")) throw new ToolInputError("errors.not_vmdk", { path: source.full });
    const needs = (ok: boolean) => {
      if (!ok) throw new ToolInputError("errors.disk_fields", { action: args.action });
    };
    needs((args.action !== "create" && args.action !== "extend") || args.capacity_gb !== undefined);
    needs(args.action !== "set_uuid" || args.uuid !== undefined);
    needs((args.action !== "copy" && args.action !== "move") || args.destination !== undefined);
    let destination: ResolvedPath | undefined;
    if (args.destination && (args.action === "copy" || args.action === "move")) {
      destination = await resolvePath(ctx, source.datastore.name, args.destination);
      if (!destination.path.endsWith(".vmdk")) {
        throw new ToolInputError("errors.not_vmdk", { path: destination.full });
      }
    }
    const existing = await statPath(ctx, source);
    if (args.action === "create" && existing) {
      throw new ToolInputError("errors.destination_exists", { path: source.full });
    }
    if (args.action !== "create" && !existing) {
      throw new ToolInputError("errors.ds_path_not_found", { path: source.full });
    }
    if (destination && !args.force && await statPath(ctx, destination)) {
      throw new ToolInputError("errors.destination_exists", { path: destination.full });
    }
    const capacityKb = args.capacity_gb !== undefined
      ? Math.round(args.capacity_gb * 1024 * 1024)
      : undefined;
    const request = virtualDiskRequest({
      action: args.action,
      source,
      destination,
      capacityKb,
      diskType: args.disk_type,
      adapterType: args.adapter_type,
      uuid: args.uuid,
      force: args.force,
    });
    const manager = await serviceManager(ctx.vsphere, "virtualDiskManager");
    return await ctx.mutate({
      targets: [{
        ref: source.datastore.ref,
        name: source.datastore.name,
        state: {
          path: source.full,
          exists: existing !== undefined,
          ...(existing ? { size_bytes: existing.size_bytes } : {}),
        },
      }],
      summary: ctx.t(`virtual_disk.summary_${args.action}` as const, {
        path: source.full,
        destination: destination?.full ?? "",
        gb: args.capacity_gb ?? 0,
        type: args.disk_type,
        uuid: args.uuid ?? "",
      }),
      method: `VirtualDiskManager.${request.method}`,
      args: {
        path: source.full,
        ...(destination ? { destination: destination.full, force: args.force } : {}),
        ...(capacityKb !== undefined ? { capacity_kb: capacityKb } : {}),
        ...(args.action === "create" ? { disk_type: args.disk_type, adapter_type: args.adapter_type } : {}),
        ...(args.uuid ? { uuid: args.uuid } : {}),
      },
    }, async () => {
      let task: Awaited<ReturnType<typeof runTask>> | undefined;
      if (args.action === "set_uuid") await callVim(ctx, request.method, manager, request.args);
      else task = await runTask(ctx, request.method, manager, request.args, args.wait_seconds);
      return {
        action: args.action,
        path: source.full,
        ...(destination ? { destination: destination.full } : {}),
        message: ctx.t(task && task.state !== "success" ? "datastore.task_pending" : "virtual_disk.done", {
          action: args.action,
          path: source.full,
        }),
        ...(task ? { task: task.task, task_state: task.state } : {}),
      };
    });
  },
});
