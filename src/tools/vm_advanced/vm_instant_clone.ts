/**
 * Instant clone (InstantClone_Task): a new VM forked from a running VM's memory and disk state, sharing
 * them copy-on-write, on the same host. The source must be powered on.
 */
import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import type { MoRef, VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput, waitInput } from "../shared/inputs.ts";
import { readVm, resolveVm, str } from "../vm/common.ts";
import { operationOutput, vmOperation } from "./common.ts";

/** The InstantClone_Task request (also used by the WSDL contract test). */
export function instantCloneRequest(o: {
  name: string;
  folder?: MoRef | undefined;
  pool?: MoRef | undefined;
  datastore?: MoRef | undefined;
  config?: Record<string, string> | undefined;
  biosUuid?: string | undefined;
}): Record<string, VimValue | undefined> {
  const location: VimObject = {
    _type: "VirtualMachineRelocateSpec",
    ...(o.folder ? { folder: o.folder } : {}),
    ...(o.datastore ? { datastore: o.datastore } : {}),
    ...(o.pool ? { pool: o.pool } : {}),
  };
  const config = Object.entries(o.config ?? {}).map(([key, value]) => ({ _type: "OptionValue", key, value }));
  return {
    spec: {
      _type: "VirtualMachineInstantCloneSpec",
      name: o.name,
      location,
      ...(config.length ? { config } : {}),
      ...(o.biosUuid ? { biosUuid: o.biosUuid } : {}),
    },
  };
}

export const vmInstantClone = defineTool({
  name: "vm_instant_clone",
  toolset: "vm_advanced",
  input: (t) => ({
    vm: vmInput(t),
    name: z.string().min(1).max(80).describe(t("param.vm_instant_clone_name")),
    folder: z.string().min(1).max(300).optional().describe(t("param.vm_instant_clone_folder")),
    pool: z.string().min(1).max(300).optional().describe(t("param.vm_instant_clone_pool")),
    datastore: z.string().min(1).max(300).optional().describe(t("param.vm_instant_clone_datastore")),
    guestinfo: z.record(z.string().regex(/^guestinfo\.[\w.-]+$/), z.string().max(4096)).optional().describe(
      t("param.vm_instant_clone_guestinfo"),
    ),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: operationOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  // Creates a VM that runs at once, with the source's memory contents (and secrets): high, like clone.
  tier: "high",
  privileges: ["VirtualMachine.Provisioning.Clone", "VirtualMachine.Inventory.CreateFromExisting"],
  aliases: ["instant_clone_vm"],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm, args.datacenter);
    const power = str((await readVm(ctx, vm.ref, ["runtime.powerState"]))["runtime.powerState"]) ?? "";
    const params = { name: vm.display, clone: args.name, state: power };
    if (power !== "poweredOn") throw new ToolInputError("vm_guest_tools.needs_power", params, "hints.input");
    const dc = { signal: ctx.signal, ...(args.datacenter ? { datacenter: args.datacenter } : {}) };
    const find = async (type: string, name: string | undefined) =>
      name ? (await resolveEntity(ctx.vsphere, type, name, dc)).ref : undefined;
    const request = instantCloneRequest({
      name: args.name,
      folder: await find("Folder", args.folder),
      pool: await find("ResourcePool", args.pool),
      datastore: await find("Datastore", args.datastore),
      config: args.guestinfo,
    });
    const { result, ...out } = await vmOperation(ctx, vm, {
      method: "InstantClone_Task",
      args: request,
      summary: ctx.t("vm_instant_clone.summary", params),
      done: ctx.t("vm_instant_clone.done", params),
      state: { powerState: power },
      waitSeconds: args.wait_seconds,
    });
    const created = result as MoRef | undefined;
    return { ...out, ...(created?.value ? { moref: created.value, vm: args.name } : {}) };
  },
});
