/** Turns vSphere Fault Tolerance on (a secondary VM on another host) or off for a VM. */
import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import type { MoRef, VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput, waitInput } from "../shared/inputs.ts";
import { DISK, objects, readVm, resolveVm, str } from "../vm/common.ts";
import { operationOutput, vmOperation } from "./common.ts";

/** The request of one action (also used by the WSDL contract test). */
export function ftRequest(
  action: "enable" | "disable",
  o: { host?: MoRef | undefined; datastore?: MoRef | undefined; disks?: readonly VimObject[] } = {},
): { method: string; args: Record<string, VimValue | undefined> } {
  if (action === "disable") return { method: "TurnOffFaultToleranceForVM_Task", args: {} };
  const spec: VimObject | undefined = o.datastore
    ? {
      _type: "FaultToleranceConfigSpec",
      metaDataPath: { _type: "FaultToleranceMetaSpec", metaDataDatastore: o.datastore },
      secondaryVmSpec: {
        _type: "FaultToleranceVMConfigSpec",
        vmConfig: o.datastore,
        disks: (o.disks ?? []).map((disk) => ({
          _type: "FaultToleranceDiskSpec",
          disk,
          datastore: o.datastore!,
        })),
      },
    }
    : undefined;
  return {
    method: "CreateSecondaryVMEx_Task",
    args: { ...(o.host ? { host: o.host } : {}), ...(spec ? { spec } : {}) },
  };
}

export const vmFaultTolerance = defineTool({
  name: "vm_fault_tolerance",
  toolset: "vm_advanced",
  input: (t) => ({
    vm: vmInput(t),
    action: z.enum(["enable", "disable"]).describe(t("param.vm_fault_tolerance_action")),
    host: z.string().min(1).max(300).optional().describe(t("param.vm_fault_tolerance_host")),
    datastore: z.string().min(1).max(300).optional().describe(t("param.vm_fault_tolerance_datastore")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: operationOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Creates or deletes a secondary VM and changes how the primary runs: high, like a migration.
  tier: "high",
  privileges: ["VirtualMachine.Interact.CreateSecondary", "VirtualMachine.Interact.TurnOffFaultTolerance"],
  aliases: ["enable_fault_tolerance", "disable_fault_tolerance"],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm, args.datacenter);
    const props = await readVm(ctx, vm.ref, ["runtime.faultToleranceState", "config.hardware.device"]);
    const state = str(props["runtime.faultToleranceState"]) ?? "notConfigured";
    const params = { name: vm.display, state };
    const configured = state !== "notConfigured";
    if ((args.action === "enable") === configured) {
      return {
        vm: vm.display,
        moref: vm.ref.value,
        message: ctx.t(`vm_fault_tolerance.already_${args.action}` as const, params),
      };
    }
    const dc = { signal: ctx.signal, ...(args.datacenter ? { datacenter: args.datacenter } : {}) };
    const host = args.host ? (await resolveEntity(ctx.vsphere, "HostSystem", args.host, dc)).ref : undefined;
    const datastore = args.datastore
      ? (await resolveEntity(ctx.vsphere, "Datastore", args.datastore, dc)).ref
      : undefined;
    const request = ftRequest(args.action, {
      host,
      datastore,
      disks: objects(props["config.hardware.device"]).filter(DISK),
    });
    const { result: _ignored, ...out } = await vmOperation(ctx, vm, {
      ...request,
      summary: ctx.t(`vm_fault_tolerance.summary_${args.action}` as const, params),
      done: ctx.t(`vm_fault_tolerance.done_${args.action}` as const, params),
      state: { faultToleranceState: state },
      waitSeconds: args.wait_seconds,
    });
    return out;
  },
});
