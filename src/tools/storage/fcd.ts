import { z } from "zod";
import { type ChangeTarget, defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { waitInput } from "../shared/inputs.ts";
import { runTask } from "../shared/task_result.ts";
import { resolveDatastore, text } from "../shared/vim_values.ts";
import { fcdId, fcdManager, fcdSnapshots, fcdView, listFcds, resolveFcd } from "./fcd_common.ts";
import { fcdOut } from "./fcd_list.ts";

const ACTIONS = ["create", "clone", "relocate", "snapshot_create", "attach", "detach"] as const;
type Action = typeof ACTIONS[number];
const PROVISIONING = ["thin", "lazyZeroedThick", "eagerZeroedThick"] as const;

export interface FcdChange {
  action: Action;
  manager: MoRef;
  datastore: MoRef;
  id?: string | undefined;
  name?: string | undefined;
  capacityMb?: number | undefined;
  provisioning?: typeof PROVISIONING[number] | undefined;
  targetDatastore?: MoRef | undefined;
  description?: string | undefined;
  vm?: MoRef | undefined;
  controllerKey?: number | undefined;
  unitNumber?: number | undefined;
}

function backing(datastore: MoRef, provisioning?: string) {
  return {
    _type: "VslmCreateSpecDiskFileBackingSpec",
    datastore,
    ...(provisioning ? { provisioningType: provisioning } : {}),
  };
}

/** The vim25 call of each action (VStorageObjectManager, or the VM for attach/detach). */
export function fcdRequest(
  c: FcdChange,
): { method: string; this: MoRef; args: Record<string, VimValue | undefined> } {
  const id = fcdId(c.id ?? "");
  switch (c.action) {
    case "create":
      return {
        method: "CreateDisk_Task",
        this: c.manager,
        args: {
          spec: {
            _type: "VslmCreateSpec",
            name: c.name!,
            backingSpec: backing(c.datastore, c.provisioning),
            capacityInMB: c.capacityMb!,
          },
        },
      };
    case "clone":
      return {
        method: "CloneVStorageObject_Task",
        this: c.manager,
        args: {
          id,
          datastore: c.datastore,
          spec: {
            _type: "VslmCloneSpec",
            backingSpec: backing(c.targetDatastore ?? c.datastore, c.provisioning),
            name: c.name!,
          },
        },
      };
    case "relocate":
      return {
        method: "RelocateVStorageObject_Task",
        this: c.manager,
        args: {
          id,
          datastore: c.datastore,
          spec: { _type: "VslmRelocateSpec", backingSpec: backing(c.targetDatastore!, c.provisioning) },
        },
      };
    case "snapshot_create":
      return {
        method: "VStorageObjectCreateSnapshot_Task",
        this: c.manager,
        args: { id, datastore: c.datastore, description: c.description ?? "" },
      };
    case "attach":
      return {
        method: "AttachDisk_Task",
        this: c.vm!,
        args: {
          diskId: id,
          datastore: c.datastore,
          controllerKey: c.controllerKey,
          unitNumber: c.unitNumber,
        },
      };
    case "detach":
      return { method: "DetachDisk_Task", this: c.vm!, args: { diskId: id } };
  }
}

export const fcd = defineTool({
  name: "fcd",
  toolset: "storage",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.fcd_action")),
    datastore: z.string().min(1).max(1024).describe(t("param.datastore_required")),
    disk: z.string().min(1).max(255).optional().describe(t("param.fcd_disk")),
    name: z.string().min(1).max(255).optional().describe(t("param.fcd_name")),
    capacity_gb: z.number().positive().max(65536).optional().describe(t("param.fcd_capacity_gb")),
    provisioning: z.enum(PROVISIONING).optional().describe(t("param.fcd_provisioning")),
    target_datastore: z.string().min(1).max(1024).optional().describe(t("param.fcd_target_datastore")),
    description: z.string().max(1000).optional().describe(t("param.fcd_description")),
    vm: z.string().min(1).max(300).optional().describe(t("param.fcd_vm")),
    controller_key: z.number().int().min(0).optional().describe(t("param.fcd_controller_key")),
    unit_number: z.number().int().min(0).max(64).optional().describe(t("param.fcd_unit_number")),
    wait_seconds: waitInput(t),
  }),
  output: {
    action: z.enum(ACTIONS),
    datastore: z.string(),
    disk: fcdOut.optional(),
    snapshots: z.array(z.object({ id: z.string(), description: z.string(), created: z.string() })).optional(),
    task: z.string(),
    task_state: z.string(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  // Relocating a disk moves its data between datastores and detaching takes it from a running VM.
  tier: "high",
  privileges: [
    "Datastore.FileManagement",
    "VirtualMachine.Config.AddExistingDisk",
    "VirtualMachine.Config.RemoveDisk",
  ],
  aliases: ["create_fcd", "clone_fcd", "relocate_fcd", "create_fcd_snapshot", "attach_detach_fcd"],
  async handler(args, ctx) {
    const manager = await fcdManager(ctx);
    const targets: ChangeTarget[] = [];
    let change: FcdChange;
    let dsName: string;
    let diskName: string;
    if (args.action === "create") {
      if (!args.name || !args.capacity_gb) throw new ToolInputError("errors.fcd_create_fields", {});
      const ds = await resolveDatastore(ctx.vsphere, args.datastore, ctx.signal);
      dsName = sanitizeText(ds.name);
      diskName = args.name;
      const existing = (await listFcds(ctx, manager, ds.ref)).find((d) => d.name === args.name);
      if (existing) {
        return {
          action: args.action,
          datastore: dsName,
          disk: existing,
          task: "",
          task_state: "success",
          message: ctx.t("fcd.exists", { name: existing.name, datastore: dsName }),
        };
      }
      targets.push({ ref: ds.ref, name: dsName });
      change = {
        action: "create",
        manager,
        datastore: ds.ref,
        name: args.name,
        capacityMb: Math.ceil(args.capacity_gb * 1024),
        provisioning: args.provisioning,
      };
    } else {
      if (!args.disk) throw new ToolInputError("errors.fcd_disk_missing", { action: args.action });
      const r = await resolveFcd(ctx, args.datastore, args.disk);
      dsName = sanitizeText(r.datastore.name);
      diskName = r.disk.name;
      targets.push({
        ref: r.datastore.ref,
        name: `${dsName}/${r.disk.name}`,
        state: { disk: r.disk.id, capacityMb: r.disk.capacity_mb, consumers: r.disk.consumers },
      });
      let target: MoRef | undefined;
      if (args.action === "clone" || args.action === "relocate") {
        if (
          (args.action === "clone" && !args.name) || (args.action === "relocate" && !args.target_datastore)
        ) {
          throw new ToolInputError("errors.fcd_copy_fields", { action: args.action });
        }
        if (args.target_datastore) {
          const t = await resolveDatastore(ctx.vsphere, args.target_datastore, ctx.signal);
          target = t.ref;
          targets.push({ ref: t.ref, name: sanitizeText(t.name) });
        }
      }
      let vm: MoRef | undefined;
      if (args.action === "attach" || args.action === "detach") {
        if (!args.vm) throw new ToolInputError("errors.fcd_vm_missing", { action: args.action });
        const v = await resolveEntity(ctx.vsphere, "VirtualMachine", args.vm, { signal: ctx.signal });
        vm = v.ref;
        targets.push({ ref: v.ref, name: sanitizeText(v.name) });
      }
      change = {
        action: args.action,
        manager,
        datastore: r.datastore.ref,
        id: r.disk.id,
        name: args.name,
        provisioning: args.provisioning,
        targetDatastore: target,
        description: args.description,
        vm,
        controllerKey: args.controller_key,
        unitNumber: args.unit_number,
      };
    }
    const request = fcdRequest(change);
    return await ctx.mutate({
      targets,
      summary: ctx.t(`fcd.summary_${args.action}` as const, {
        name: diskName,
        datastore: dsName,
        target: targets[1]?.name ?? "",
        size: args.capacity_gb ?? 0,
        new_name: args.name ?? "",
      }),
      method: request.method,
      args: { action: args.action, ...(args.name ? { name: args.name } : {}) },
    }, async () => {
      const task = await runTask(ctx, request.method, request.this, request.args, args.wait_seconds);
      let disk = task.result !== undefined && args.action !== "snapshot_create"
        ? fcdView(task.result)
        : undefined;
      if (disk && !disk.id) disk = undefined;
      let snapshots;
      if (args.action === "snapshot_create" && task.state === "success") {
        const r = await resolveFcd(ctx, args.datastore, change.id!);
        snapshots = await fcdSnapshots(ctx, r);
        disk = r.disk;
      }
      return {
        action: args.action,
        datastore: dsName,
        ...(disk ? { disk } : {}),
        ...(snapshots ? { snapshots } : {}),
        task: task.task,
        task_state: task.state,
        message: ctx.t("fcd.done", {
          name: text(disk?.name ?? diskName),
          action: args.action,
          state: task.state,
        }),
      };
    });
  },
});
