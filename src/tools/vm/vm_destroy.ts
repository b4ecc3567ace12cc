import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { vmInput } from "../shared/inputs.ts";
import {
  bool,
  changeOutput,
  DEFAULT_WAIT_SECONDS,
  list,
  readVm,
  resolveVm,
  str,
  taskResult,
} from "./common.ts";

/**
 * Deleting a VM and its disks is the one critical-tier VM operation, so it is its own tool: policies
 * (and `--allow-critical`) can keep it out of reach while every other VM tool stays available.
 */
export const vmDestroy = defineTool({
  name: "vm_destroy",
  toolset: "vm",
  input: (t) => ({ vm: vmInput(t) }),
  output: changeOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  tier: "critical",
  privileges: ["VirtualMachine.Inventory.Delete"],
  aliases: ["delete_vm", "destroy_vm"],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm);
    const p = await readVm(ctx, vm.ref, [
      "runtime.powerState",
      "config.template",
      "config.files.vmPathName",
      "config.hardware.numCPU",
      "config.hardware.memoryMB",
      "datastore",
    ]);
    const power = String(p["runtime.powerState"] ?? "");
    if (power !== "poweredOff") {
      throw new ToolInputError(
        "errors.destroy_powered_on",
        { name: vm.display, state: power },
        "hints.destroy_powered_on",
      );
    }
    const state = {
      powerState: power,
      template: bool(p["config.template"]) ?? false,
      vmx: str(p["config.files.vmPathName"]) ?? "",
      datastores: list(p.datastore).length,
    };
    return await ctx.mutate({
      targets: [{ ref: vm.ref, name: vm.display, state }],
      summary: ctx.t("vm_destroy.summary", { name: vm.display, vmx: state.vmx }),
      method: "Destroy_Task",
    }, async () =>
      await taskResult(ctx, "Destroy_Task", vm.ref, {}, DEFAULT_WAIT_SECONDS, {
        vm: vm.display,
        moref: vm.ref.value,
        message: ctx.t("vm_destroy.done", { name: vm.display }),
      }));
  },
});
