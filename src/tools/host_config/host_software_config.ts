import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { text } from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";
import { changeHost, type HostRequest, requestTarget } from "./common.ts";

const ACTIONS = ["set_boot_device", "set_acceptance_level", "set_module_options"] as const;
type Action = typeof ACTIONS[number];
const LEVELS = ["vmware_certified", "vmware_accepted", "partner", "community"] as const;

/** HostBootDeviceSystem.UpdateBootDevice, HostImageConfigManager.UpdateHostImageAcceptanceLevel, HostKernelModuleSystem.UpdateModuleOptionString. */
export function softwareConfigRequest(
  action: Action,
  o: { key?: string; level?: string; module?: string; options?: string },
): HostRequest {
  switch (action) {
    case "set_boot_device":
      return { manager: "bootDeviceSystem", method: "UpdateBootDevice", args: { key: o.key! } };
    case "set_acceptance_level":
      return {
        manager: "imageConfigManager",
        method: "UpdateHostImageAcceptanceLevel",
        args: { newAcceptanceLevel: o.level! },
      };
    case "set_module_options":
      return {
        manager: "kernelModuleSystem",
        method: "UpdateModuleOptionString",
        args: { name: o.module!, options: o.options ?? "" },
      };
  }
}

export const hostSoftwareConfig = defineTool({
  name: "host_software_config",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    action: z.enum(ACTIONS).describe(t("param.host_software_config_action")),
    boot_device: z.string().min(1).max(200).optional().describe(t("param.host_software_boot_device")),
    acceptance_level: z.enum(LEVELS).optional().describe(t("param.host_software_acceptance")),
    module: z.string().regex(/^[\w-]{1,64}$/).optional().describe(t("param.host_software_module")),
    options: z.string().max(1000).regex(/^[\w=,. -]*$/).optional().describe(
      t("param.host_software_module_options"),
    ),
    datacenter: datacenterInput(t),
  }),
  output: { host: z.string(), message: z.string() },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // A wrong boot device or module option can leave the host unbootable; a lower acceptance level admits unsigned VIBs.
  tier: "high",
  privileges: ["Host.Config.Settings", "Host.Config.Image"],
  aliases: ["set_host_boot_device"],
  async handler(args, ctx) {
    const param = {
      set_boot_device: "boot_device",
      set_acceptance_level: "acceptance_level",
      set_module_options: "module",
    }[
      args.action
    ];
    const value = {
      set_boot_device: args.boot_device,
      set_acceptance_level: args.acceptance_level,
      set_module_options: args.module,
    }[
      args.action
    ];
    if (!value) throw new ToolInputError("errors.param_required", { param, action: args.action });
    const host = await readHost(ctx, args.host, args.datacenter);
    const request = softwareConfigRequest(args.action, {
      ...(args.boot_device ? { key: args.boot_device } : {}),
      ...(args.acceptance_level ? { level: args.acceptance_level } : {}),
      ...(args.module ? { module: args.module } : {}),
      ...(args.options !== undefined ? { options: args.options } : {}),
    });
    // Current state for the preview, where the host can tell it.
    let current = "";
    if (args.action === "set_acceptance_level") {
      const target = await requestTarget(ctx, host.ref, request);
      current = text(
        await ctx.vsphere.call("HostImageConfigGetAcceptance", target, {}, { signal: ctx.signal }).catch(() =>
          ""
        ),
      );
      if (current === args.acceptance_level) {
        return { host: host.name, message: ctx.t("host_config.already", { name: host.name }) };
      }
    }
    return await changeHost(ctx, host, request, {
      summary: ctx.t(`host_software_config.summary_${args.action}`, {
        name: host.name,
        value,
        from: current || "-",
        options: args.options ?? "",
      }),
      state: current ? { current } : {},
    }, () => Promise.resolve({ host: host.name, message: ctx.t("host_config.done", { name: host.name }) }));
  },
});
