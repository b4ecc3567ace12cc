import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput, waitInput } from "../shared/inputs.ts";
import { findSnapshot, readSnapshots } from "../snapshot/tree.ts";
import {
  bool,
  changeOutput,
  customizationSpec,
  poolOfHost,
  readVm,
  resolveOptional,
  resolveVm,
  taskResult,
} from "./common.ts";
import { wire } from "./wire.ts";

export const vmClone = defineTool({
  name: "vm_clone",
  toolset: "vm",
  input: (t) => ({
    vm: vmInput(t).describe(t("param.clone_source")),
    name: z.string().min(1).max(80).describe(t("param.clone_name")),
    folder: z.string().max(300).optional().describe(t("param.folder")),
    host: z.string().max(300).optional().describe(t("param.host")),
    pool: z.string().max(300).optional().describe(t("param.pool")),
    datastore: z.string().max(300).optional().describe(t("param.datastore")),
    template: z.boolean().default(false).describe(t("param.clone_template")),
    linked: z.boolean().default(false).describe(t("param.clone_linked")),
    snapshot: z.string().max(300).optional().describe(t("param.clone_snapshot")),
    customization_spec: z.string().max(300).optional().describe(t("param.customization_spec")),
    power_on: z.boolean().default(false).describe(t("param.power_on")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: changeOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  // Clone and deploy are high in the seed's tiers (capacity use, duplicate identities on the network).
  tier: "high",
  privileges: [
    "VirtualMachine.Provisioning.Clone",
    "VirtualMachine.Provisioning.DeployTemplate",
    "Resource.AssignVMToPool",
  ],
  aliases: [
    "clone_vm",
    "linked_clone_vm",
    "deploy_from_template",
    "deploy_vm_from_template",
    "clone_to_template",
    "apply_customization_to_vm",
  ],
  async handler(args, ctx) {
    const source = await resolveVm(ctx, args.vm, args.datacenter);
    const p = await readVm(ctx, source.ref, ["parent", "config.template", "runtime.host", "resourcePool"]);
    const isTemplate = bool(p["config.template"]) ?? false;
    const folder = (await resolveOptional(ctx, "Folder", args.folder, args.datacenter))?.ref ??
      (p.parent as MoRef);
    const host = await resolveOptional(ctx, "HostSystem", args.host, args.datacenter);
    let pool = (await resolveOptional(ctx, "ResourcePool", args.pool, args.datacenter))?.ref;
    // A template has no pool; a deployed VM needs one: the target host's (or the template's host's).
    if (!pool && isTemplate && !args.template) {
      const onHost = host?.ref ?? (p["runtime.host"] as MoRef | undefined);
      if (!onHost) throw new ToolInputError("errors.pool_needed", { name: source.display }, "hints.input");
      pool = await poolOfHost(ctx, onHost);
    }
    const datastore = await resolveOptional(ctx, "Datastore", args.datastore, args.datacenter);
    let snapshot: MoRef | undefined;
    if (args.linked || args.snapshot) {
      const snapshots = await readSnapshots(ctx, source.ref);
      const chosen = args.snapshot
        ? findSnapshot(snapshots, args.snapshot, source.display)
        : snapshots.find((s) => s.current);
      if (!chosen) {
        throw new ToolInputError("errors.linked_needs_snapshot", { name: source.display }, "hints.input");
      }
      snapshot = chosen.ref;
    }
    const customization = args.customization_spec
      ? await customizationSpec(ctx, args.customization_spec)
      : undefined;
    const spec = wire("VirtualMachineCloneSpec", {
      location: wire("VirtualMachineRelocateSpec", {
        datastore: datastore?.ref,
        // A linked clone shares the source's disks below the snapshot and writes to new child disks.
        diskMoveType: args.linked ? "createNewChildDiskBacking" : undefined,
        pool,
        host: host?.ref,
      }),
      template: args.template,
      customization,
      powerOn: args.power_on && !args.template,
      snapshot,
    });
    const request: Record<string, VimValue> = { folder, name: args.name, spec };
    const kind = ctx.t(
      `vm_clone.kind_${args.template ? "template" : isTemplate ? "deploy" : args.linked ? "linked" : "full"}`,
    );
    return await ctx.mutate({
      targets: [{ ref: source.ref, name: source.display, state: { template: isTemplate } }],
      summary: ctx.t("vm_clone.summary", {
        name: source.display,
        clone: args.name,
        kind,
        spec: args.customization_spec ?? "-",
      }),
      method: "CloneVM_Task",
      args: {
        ...request,
        ...(customization ? { spec: { ...spec, customization: args.customization_spec! } } : {}),
      },
    }, async () => {
      return await taskResult(ctx, "CloneVM_Task", source.ref, request, args.wait_seconds, {
        vm: args.name,
        message: ctx.t("vm_clone.done", { name: source.display, clone: args.name, kind }),
        created: true,
      });
    });
  },
});
