/**
 * Virtualization-based security (VBS) for a Windows guest: on sets EFI firmware with secure boot, nested
 * hardware virtualization, the virtual IOMMU and the VBS flag in one ReconfigVM_Task; off clears the VBS
 * flag, nested virtualization and the IOMMU (firmware and secure boot stay, so the guest keeps booting).
 */
import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput, waitInput } from "../shared/inputs.ts";
import { bool, obj, readVm, resolveVm, str } from "../vm/common.ts";
import { operationOutput, vmOperation } from "./common.ts";

/** The ReconfigVM_Task spec (also used by the WSDL contract test). */
export function vbsSpec(enabled: boolean): VimObject {
  return enabled
    ? {
      _type: "VirtualMachineConfigSpec",
      nestedHVEnabled: true,
      flags: { _type: "VirtualMachineFlagInfo", vvtdEnabled: true, vbsEnabled: true },
      bootOptions: { _type: "VirtualMachineBootOptions", efiSecureBootEnabled: true },
      firmware: "efi",
    }
    : {
      _type: "VirtualMachineConfigSpec",
      nestedHVEnabled: false,
      flags: { _type: "VirtualMachineFlagInfo", vvtdEnabled: false, vbsEnabled: false },
    };
}

export const vmVbs = defineTool({
  name: "vm_vbs",
  toolset: "vm_advanced",
  input: (t) => ({
    vm: vmInput(t),
    enabled: z.boolean().describe(t("param.vm_vbs_enabled")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: operationOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Switching a BIOS-installed guest to EFI leaves it unbootable: high.
  tier: "high",
  privileges: ["VirtualMachine.Config.Settings"],
  aliases: ["configure_vm_vbs"],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm, args.datacenter);
    const props = await readVm(ctx, vm.ref, ["config", "runtime.powerState"]);
    const config = obj(props.config) ?? {};
    const current = bool(obj(config.flags)?.vbsEnabled) ?? false;
    const firmware = str(config.firmware) ?? "bios";
    const power = str(props["runtime.powerState"]) ?? "";
    const params = { name: vm.display, state: power, firmware };
    if (current === args.enabled) {
      return {
        vm: vm.display,
        moref: vm.ref.value,
        message: ctx.t(args.enabled ? "vm_vbs.already_on" : "vm_vbs.already_off", params),
      };
    }
    if (power !== "poweredOff") {
      throw new ToolInputError(
        "vm_disk_maintenance.needs_off",
        { ...params, disk: "", file: "" },
        "hints.input",
      );
    }
    const spec = vbsSpec(args.enabled);
    const { result: _ignored, ...out } = await vmOperation(ctx, vm, {
      method: "ReconfigVM_Task",
      args: { spec },
      summary: ctx.t(args.enabled ? "vm_vbs.summary_on" : "vm_vbs.summary_off", params),
      done: ctx.t(args.enabled ? "vm_vbs.done_on" : "vm_vbs.done_off", params),
      state: { vbsEnabled: current, firmware, powerState: power },
      waitSeconds: args.wait_seconds,
    });
    return out;
  },
});
