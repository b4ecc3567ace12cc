import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { asObjects, bool, num, str } from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";
import { changeHost, type HostRequest } from "./common.ts";

const ACTIONS = ["enable", "disable", "enable_sriov", "disable_sriov"] as const;
type Action = typeof ACTIONS[number];

/** HostPciPassthruSystem.UpdatePassthruConfig: HostPciPassthruConfig, or HostSriovConfig for SR-IOV. */
export function passthroughRequest(action: Action, ids: string[], virtualFunctions = 0): HostRequest {
  const config: VimObject[] = ids.map((id) =>
    action.endsWith("_sriov")
      ? {
        _type: "HostSriovConfig",
        id,
        passthruEnabled: false,
        sriovEnabled: action === "enable_sriov",
        numVirtualFunction: action === "enable_sriov" ? virtualFunctions : 0,
      }
      : { _type: "HostPciPassthruConfig", id, passthruEnabled: action === "enable" }
  );
  return { manager: "pciPassthruSystem", method: "UpdatePassthruConfig", args: { config } };
}

export const hostPassthrough = defineTool({
  name: "host_passthrough",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    action: z.enum(ACTIONS).describe(t("param.host_passthrough_action")),
    devices: z.array(z.string().regex(/^[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]$/)).min(1).max(32)
      .describe(t("param.host_passthrough_devices")),
    virtual_functions: z.number().int().min(1).max(256).optional().describe(t("param.host_passthrough_vfs")),
    datacenter: datacenterInput(t),
  }),
  output: {
    host: z.string(),
    devices: z.array(z.object({
      id: z.string(),
      enabled: z.boolean(),
      active: z.boolean(),
      sriov_enabled: z.boolean().nullable(),
    })),
    reboot_needed: z.boolean().describe(
      "true when a device's new state takes effect only after a host reboot",
    ),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Taking a device away from the hypervisor (a NIC or HBA the host uses) can cut off its network or storage.
  tier: "high",
  privileges: ["Host.Config.PciPassthru"],
  aliases: ["enable_pci_passthrough"],
  async handler(args, ctx) {
    if (args.action === "enable_sriov" && !args.virtual_functions) {
      throw new ToolInputError("errors.param_required", { param: "virtual_functions", action: args.action });
    }
    const host = await readHost(ctx, args.host, args.datacenter);
    const read = async () =>
      asObjects(
        (await retrieveOne(ctx.vsphere, host.ref, ["config.pciPassthruInfo"], { signal: ctx.signal }))[
          "config.pciPassthruInfo"
        ],
      ).map((d) => ({
        id: str(d.id) ?? "",
        capable: bool(d.passthruCapable) ?? false,
        enabled: bool(d.passthruEnabled) ?? false,
        active: bool(d.passthruActive) ?? false,
        sriovCapable: d._type === "HostSriovInfo" ? bool(d.sriovCapable) ?? false : false,
        sriovEnabled: d._type === "HostSriovInfo" ? bool(d.sriovEnabled) ?? false : null,
        vfs: num(d.numVirtualFunction) ?? 0,
      }));
    const all = await read();
    const sriov = args.action.endsWith("_sriov");
    const chosen = args.devices.map((id) => {
      const found = all.find((d) => d.id === id && (sriov ? d.sriovCapable : d.capable));
      if (!found) {
        throw new ToolInputError("errors.host_passthrough_not_capable", {
          device: id,
          host: host.name,
          capable: all.filter((d) => (sriov ? d.sriovCapable : d.capable)).map((d) => d.id).join(", ") || "-",
        });
      }
      return found;
    });
    const view = (list: typeof all) =>
      list.filter((d) => args.devices.includes(d.id)).map((d) => ({
        id: d.id,
        enabled: d.enabled,
        active: d.active,
        sriov_enabled: d.sriovEnabled,
      }));
    const done = chosen.every((d) =>
      args.action === "enable"
        ? d.enabled
        : args.action === "disable"
        ? !d.enabled
        : args.action === "enable_sriov"
        ? d.sriovEnabled === true && d.vfs === args.virtual_functions
        : d.sriovEnabled === false
    );
    if (done) {
      return {
        host: host.name,
        devices: view(all),
        reboot_needed: false,
        message: ctx.t("host_config.already", { name: host.name }),
      };
    }
    return await changeHost(
      ctx,
      host,
      passthroughRequest(args.action, args.devices, args.virtual_functions),
      {
        summary: ctx.t(`host_passthrough.summary_${args.action}`, {
          name: host.name,
          devices: args.devices.join(", "),
          vfs: String(args.virtual_functions ?? 0),
        }),
        state: { devices: view(all) },
      },
      async () => {
        const after = view(await read());
        return {
          host: host.name,
          devices: after,
          reboot_needed: after.some((d) => d.enabled !== d.active),
          message: ctx.t("host_config.done", { name: host.name }),
        };
      },
    );
  },
});
