/** Kills a VM's process on its host (TerminateVM): the last resort when power off hangs. */
import { defineTool } from "../../registry/define.ts";
import { datacenterInput, vmInput } from "../shared/inputs.ts";
import { resolveVm, str } from "../vm/common.ts";
import { operationOutput, vmOperation, vmRuntime } from "./common.ts";

export const vmTerminate = defineTool({
  name: "vm_terminate",
  toolset: "vm_advanced",
  input: (t) => ({ vm: vmInput(t), datacenter: datacenterInput(t) }),
  output: operationOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Like pulling the power cord, without any of power off's safeguards: unsaved guest data is lost.
  tier: "critical",
  privileges: ["VirtualMachine.Interact.PowerOff"],
  aliases: ["terminate_vm"],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm, args.datacenter);
    const power = str((await vmRuntime(ctx, vm.ref)).powerState) ?? "";
    const params = { name: vm.display, state: power };
    if (power === "poweredOff") {
      return { vm: vm.display, moref: vm.ref.value, message: ctx.t("vm_terminate.already_off", params) };
    }
    const { result: _ignored, ...out } = await vmOperation(ctx, vm, {
      method: "TerminateVM",
      args: {},
      summary: ctx.t("vm_terminate.summary", params),
      done: ctx.t("vm_terminate.done", params),
      state: { powerState: power },
    });
    return out;
  },
});
