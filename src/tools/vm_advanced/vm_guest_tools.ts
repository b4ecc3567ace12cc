/**
 * VMware Tools on a VM: upgrade (UpgradeTools_Task), mount or unmount the Tools installer ISO, and the guest
 * display layout that Tools applies (SetDisplayTopology).
 */
import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { datacenterInput, vmInput, waitInput } from "../shared/inputs.ts";
import { bool, resolveVm, str } from "../vm/common.ts";
import { operationOutput, vmOperation, vmRuntime } from "./common.ts";

const ACTIONS = ["upgrade", "mount_installer", "unmount_installer", "display_topology"] as const;

export interface Display {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const TOOLS_METHODS = {
  upgrade: "UpgradeTools_Task",
  mount_installer: "MountToolsInstaller",
  unmount_installer: "UnmountToolsInstaller",
  display_topology: "SetDisplayTopology",
} as const;

/** The request of one action (also used by the WSDL contract test). */
export function toolsRequest(
  action: typeof ACTIONS[number],
  o: { installerOptions?: string | undefined; displays?: readonly Display[] | undefined } = {},
) {
  const args = action === "upgrade" && o.installerOptions
    ? { installerOptions: o.installerOptions }
    : action === "display_topology"
    ? { displays: (o.displays ?? []).map((d) => ({ _type: "VirtualMachineDisplayTopology", ...d })) }
    : {};
  return { method: TOOLS_METHODS[action], args };
}

export const vmGuestTools = defineTool({
  name: "vm_guest_tools",
  toolset: "vm_advanced",
  input: (t) => ({
    vm: vmInput(t),
    action: z.enum(ACTIONS).describe(t("param.vm_guest_tools_action")),
    installer_options: z.string().max(500).optional().describe(t("param.vm_guest_tools_installer_options")),
    displays: z.array(z.object({
      x: z.number().int().min(-32768).max(32767),
      y: z.number().int().min(-32768).max(32767),
      width: z.number().int().min(1).max(16384),
      height: z.number().int().min(1).max(16384),
    })).min(1).max(10).optional().describe(t("param.vm_guest_tools_displays")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: operationOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  // An upgrade may reboot the guest (Windows); mounting the ISO only changes the CD-ROM.
  tier: "medium",
  privileges: ["VirtualMachine.Interact.ToolsInstall"],
  aliases: [
    "upgrade_vmware_tools",
    "upgrade_vm_tools_rest",
    "install_vm_tools",
    "mount_tools_installer",
    "unmount_tools_installer",
    "set_vm_display_topology",
  ],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm, args.datacenter);
    const runtime = await vmRuntime(ctx, vm.ref);
    const power = str(runtime.powerState) ?? "";
    const mounted = bool(runtime.toolsInstallerMounted) ?? false;
    const base = { vm: vm.display, moref: vm.ref.value };
    const params = { name: vm.display, state: power };
    if (args.action === "unmount_installer" && !mounted) {
      return { ...base, message: ctx.t("vm_guest_tools.not_mounted", params) };
    }
    if (args.action === "mount_installer" && mounted) {
      return { ...base, message: ctx.t("vm_guest_tools.already_mounted", params) };
    }
    if (args.action !== "unmount_installer" && power !== "poweredOn") {
      throw new ToolInputError("vm_guest_tools.needs_power", params, "hints.input");
    }
    if (args.action === "display_topology" && !args.displays) {
      throw new ToolInputError(
        "errors.param_required",
        { param: "displays", action: args.action },
        "hints.input",
      );
    }
    const request = toolsRequest(args.action, {
      installerOptions: args.installer_options,
      displays: args.displays,
    });
    const { result: _ignored, ...out } = await vmOperation(ctx, vm, {
      ...request,
      summary: ctx.t(`vm_guest_tools.summary_${args.action}` as const, params),
      done: ctx.t(`vm_guest_tools.done_${args.action}` as const, params),
      state: { powerState: power, toolsInstallerMounted: mounted },
      waitSeconds: args.wait_seconds,
    });
    return out;
  },
});
