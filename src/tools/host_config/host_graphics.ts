import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { asObject, asObjects, str } from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";
import { changeHost, type HostRequest } from "./common.ts";

export interface GraphicsSettings {
  defaultType: string;
  policy: string;
  devices: { pciId: string; type: string }[];
}

/** HostGraphicsManager.UpdateGraphicsConfig. */
export function graphicsRequest(s: GraphicsSettings): HostRequest {
  return {
    manager: "graphicsManager",
    method: "UpdateGraphicsConfig",
    args: {
      config: {
        _type: "HostGraphicsConfig",
        hostDefaultGraphicsType: s.defaultType,
        sharedPassthruAssignmentPolicy: s.policy,
        deviceType: s.devices.length
          ? s.devices.map((d) => ({
            _type: "HostGraphicsConfigDeviceType",
            deviceId: d.pciId,
            graphicsType: d.type,
          }))
          : undefined,
      },
    },
  };
}

export const hostGraphics = defineTool({
  name: "host_graphics",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    default_type: z.enum(["shared", "sharedDirect"]).optional().describe(t("param.host_graphics_type")),
    assignment_policy: z.enum(["performance", "consolidation"]).optional()
      .describe(t("param.host_graphics_policy")),
    devices: z.array(z.object({
      pci_id: z.string().regex(/^[0-9a-fA-F:.]{7,16}$/),
      type: z.enum(["shared", "sharedDirect"]),
    })).max(16).optional().describe(t("param.host_graphics_devices")),
    datacenter: datacenterInput(t),
  }),
  output: { host: z.string(), default_type: z.string(), assignment_policy: z.string(), message: z.string() },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "medium",
  privileges: ["Host.Config.Settings"],
  aliases: ["set_host_graphics_config"],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    const read = async () => {
      const c = asObject(
        (await retrieveOne(ctx.vsphere, host.ref, ["config.graphicsConfig"], { signal: ctx.signal }))[
          "config.graphicsConfig"
        ],
      );
      return {
        defaultType: str(c.hostDefaultGraphicsType) ?? "shared",
        policy: str(c.sharedPassthruAssignmentPolicy) ?? "performance",
        devices: asObjects(c.deviceType).map((d) => ({
          pciId: str(d.deviceId) ?? "",
          type: str(d.graphicsType) ?? "",
        })),
      };
    };
    const current = await read();
    const wanted: GraphicsSettings = {
      defaultType: args.default_type ?? current.defaultType,
      policy: args.assignment_policy ?? current.policy,
      devices: args.devices?.map((d) => ({ pciId: d.pci_id, type: d.type })) ?? current.devices,
    };
    const result = (s: GraphicsSettings, message: string) => ({
      host: host.name,
      default_type: s.defaultType,
      assignment_policy: s.policy,
      message,
    });
    if (JSON.stringify(wanted) === JSON.stringify(current)) {
      return result(current, ctx.t("host_config.already", { name: host.name }));
    }
    return await changeHost(ctx, host, graphicsRequest(wanted), {
      summary: ctx.t("host_graphics.summary", {
        name: host.name,
        from: `${current.defaultType}/${current.policy}`,
        to: `${wanted.defaultType}/${wanted.policy}`,
      }),
      state: { default_type: current.defaultType, assignment_policy: current.policy },
    }, async () => result(await read(), ctx.t("host_config.done", { name: host.name })));
  },
});
