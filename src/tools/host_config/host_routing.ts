import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { asObject, str } from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";
import { changeHost, type HostRequest } from "./common.ts";

const ipv4 = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}$/);
const ipv6 = z.string().regex(/^[0-9A-Fa-f:]{2,45}$/);

export interface RouteSettings {
  gateway: string;
  device: string;
  ipv6Gateway: string;
  ipv6Device: string;
}

/** HostNetworkSystem.UpdateIpRouteConfig (the default TCP/IP stack's gateways). */
export function routingRequest(s: RouteSettings): HostRequest {
  return {
    manager: "networkSystem",
    method: "UpdateIpRouteConfig",
    args: {
      config: {
        _type: "HostIpRouteConfig",
        defaultGateway: s.gateway || undefined,
        gatewayDevice: s.device || undefined,
        ipV6DefaultGateway: s.ipv6Gateway || undefined,
        ipV6GatewayDevice: s.ipv6Device || undefined,
      },
    },
  };
}

export const hostRouting = defineTool({
  name: "host_routing",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    default_gateway: ipv4.optional().describe(t("param.host_routing_gateway")),
    gateway_device: z.string().regex(/^vmk\d{1,3}$/).optional().describe(t("param.host_routing_device")),
    ipv6_default_gateway: ipv6.optional().describe(t("param.host_routing_gateway6")),
    datacenter: datacenterInput(t),
  }),
  output: {
    host: z.string(),
    default_gateway: z.string(),
    gateway_device: z.string(),
    ipv6_default_gateway: z.string(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // A wrong gateway cuts the host off from vCenter and from every routed management client.
  tier: "high",
  privileges: ["Host.Config.Network"],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    const read = async (): Promise<RouteSettings> => {
      const r = asObject(
        (await retrieveOne(ctx.vsphere, host.ref, ["config.network.ipRouteConfig"], { signal: ctx.signal }))[
          "config.network.ipRouteConfig"
        ],
      );
      return {
        gateway: str(r.defaultGateway) ?? "",
        device: str(r.gatewayDevice) ?? "",
        ipv6Gateway: str(r.ipV6DefaultGateway) ?? "",
        ipv6Device: str(r.ipV6GatewayDevice) ?? "",
      };
    };
    const current = await read();
    const wanted: RouteSettings = {
      gateway: args.default_gateway ?? current.gateway,
      device: args.gateway_device ?? current.device,
      ipv6Gateway: args.ipv6_default_gateway ?? current.ipv6Gateway,
      ipv6Device: current.ipv6Device,
    };
    const result = (s: RouteSettings, message: string) => ({
      host: host.name,
      default_gateway: s.gateway,
      gateway_device: s.device,
      ipv6_default_gateway: s.ipv6Gateway,
      message,
    });
    if (JSON.stringify(wanted) === JSON.stringify(current)) {
      return result(current, ctx.t("host_config.already", { name: host.name }));
    }
    return await changeHost(ctx, host, routingRequest(wanted), {
      summary: ctx.t("host_routing.summary", {
        name: host.name,
        from: current.gateway || "-",
        to: wanted.gateway || "-",
      }),
      state: { ...current },
    }, async () => result(await read(), ctx.t("host_config.done", { name: host.name })));
  },
});
