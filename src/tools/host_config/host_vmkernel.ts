import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { asArray, asObject, asObjects, str } from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";
import { changeHost, type HostRequest } from "./common.ts";

const ACTIONS = ["add", "update_ip", "remove", "enable_service", "disable_service"] as const;
/** HostVirtualNicManagerNicType values. */
const SERVICES = [
  "management",
  "vmotion",
  "vSphereProvisioning",
  "faultToleranceLogging",
  "vSphereReplication",
  "vSphereReplicationNFC",
  "vsan",
  "vsanWitness",
  "nvmeTcp",
  "nvmeRdma",
] as const;
const ipv4 = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}$/);

export interface VmkernelOptions {
  action: typeof ACTIONS[number];
  device?: string | undefined;
  portgroup?: string | undefined;
  ip?: string | undefined;
  subnetMask?: string | undefined;
  mtu?: number | undefined;
  netstack?: string | undefined;
  service?: string | undefined;
}

function ipConfig(o: VmkernelOptions): VimObject {
  return o.ip
    ? { _type: "HostIpConfig", dhcp: false, ipAddress: o.ip, subnetMask: o.subnetMask }
    : { _type: "HostIpConfig", dhcp: true };
}

/** HostNetworkSystem.AddVirtualNic / UpdateVirtualNic / RemoveVirtualNic, HostVirtualNicManager (de)select. */
export function vmkernelRequest(o: VmkernelOptions): HostRequest {
  switch (o.action) {
    case "add":
      return {
        manager: "networkSystem",
        method: "AddVirtualNic",
        args: {
          portgroup: o.portgroup!,
          nic: {
            _type: "HostVirtualNicSpec",
            ip: ipConfig(o),
            mtu: o.mtu,
            netStackInstanceKey: o.netstack,
          },
        },
      };
    case "update_ip":
      return {
        manager: "networkSystem",
        method: "UpdateVirtualNic",
        args: { device: o.device!, nic: { _type: "HostVirtualNicSpec", ip: ipConfig(o), mtu: o.mtu } },
      };
    case "remove":
      return { manager: "networkSystem", method: "RemoveVirtualNic", args: { device: o.device! } };
    case "enable_service":
      return {
        manager: "virtualNicManager",
        method: "SelectVnicForNicType",
        args: { nicType: o.service!, device: o.device! },
      };
    case "disable_service":
      return {
        manager: "virtualNicManager",
        method: "DeselectVnicForNicType",
        args: { nicType: o.service!, device: o.device! },
      };
  }
}

interface Vmknic {
  device: string;
  portgroup: string;
  ip: string;
  services: string[];
}

export const hostVmkernel = defineTool({
  name: "host_vmkernel",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    action: z.enum(ACTIONS).describe(t("param.host_vmkernel_action")),
    device: z.string().regex(/^vmk\d{1,3}$/).optional().describe(t("param.host_vmkernel_device")),
    portgroup: z.string().min(1).max(80).optional().describe(t("param.host_vmkernel_portgroup")),
    ip: ipv4.optional().describe(t("param.host_vmkernel_ip")),
    subnet_mask: ipv4.optional().describe(t("param.host_vmkernel_mask")),
    mtu: z.number().int().min(1280).max(9000).optional().describe(t("param.host_vmkernel_mtu")),
    netstack: z.enum(["defaultTcpipStack", "vmotion", "vSphereProvisioning"]).optional()
      .describe(t("param.host_vmkernel_netstack")),
    service: z.enum(SERVICES).optional().describe(t("param.host_vmkernel_service")),
    datacenter: datacenterInput(t),
  }),
  output: {
    host: z.string(),
    device: z.string(),
    adapters: z.array(z.object({
      device: z.string(),
      portgroup: z.string(),
      ip: z.string(),
      services: z.array(z.string()),
    })),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Removing or re-addressing the management VMkernel adapter disconnects the host.
  tier: "high",
  privileges: ["Host.Config.Network"],
  aliases: ["add_vmkernel_adapter", "remove_vmkernel_adapter", "set_host_vmkernel_nic_service"],
  async handler(args, ctx) {
    const need = (param: string, value: unknown) => {
      if (value === undefined) {
        throw new ToolInputError("errors.param_required", { param, action: args.action });
      }
    };
    if (args.action === "add") need("portgroup", args.portgroup);
    else need("device", args.device);
    if (args.action.endsWith("_service")) need("service", args.service);
    if (args.ip) need("subnet_mask", args.subnet_mask);
    const host = await readHost(ctx, args.host, args.datacenter);
    const read = async (): Promise<Vmknic[]> => {
      const p = await retrieveOne(ctx.vsphere, host.ref, [
        "config.network.vnic",
        "config.virtualNicManagerInfo",
      ], {
        signal: ctx.signal,
      });
      const nets = asObjects(asObject(p["config.virtualNicManagerInfo"]).netConfig);
      return asObjects(p["config.network.vnic"]).map((v) => {
        const device = str(v.device) ?? "";
        return {
          device,
          portgroup: str(v.portgroup) ?? "",
          ip: str(asObject(asObject(v.spec).ip).ipAddress) ?? "",
          services: nets.filter((n) =>
            asArray(n.selectedVnic).some((key) => (str(key) ?? "").endsWith(`VirtualNic-${device}`))
          ).map((n) => str(n.nicType) ?? ""),
        };
      });
    };
    const adapters = await read();
    const existing = adapters.find((a) => a.device === args.device);
    if (args.action !== "add" && !existing) {
      throw new ToolInputError("errors.host_vmknic_not_found", {
        device: args.device!,
        host: host.name,
        known: adapters.map((a) => a.device).join(", ") || "-",
      });
    }
    const result = (list: Vmknic[], device: string, message: string) => ({
      host: host.name,
      device,
      adapters: list,
      message,
    });
    const has = existing?.services.includes(args.service ?? "");
    if ((args.action === "enable_service" && has) || (args.action === "disable_service" && !has)) {
      return result(adapters, existing!.device, ctx.t("host_config.already", { name: host.name }));
    }
    const request = vmkernelRequest({
      action: args.action,
      device: args.device,
      portgroup: args.portgroup,
      ip: args.ip,
      subnetMask: args.subnet_mask,
      mtu: args.mtu,
      netstack: args.netstack,
      service: args.service,
    });
    return await changeHost(ctx, host, request, {
      summary: ctx.t(`host_vmkernel.summary_${args.action}`, {
        name: host.name,
        device: args.device ?? "",
        portgroup: args.portgroup ?? existing?.portgroup ?? "",
        ip: args.ip ?? "DHCP",
        service: args.service ?? "",
        services: existing?.services.join(", ") || "-",
      }),
      state: existing ? { ...existing } : { adapters: adapters.map((a) => a.device) },
    }, async () => {
      const after = await read();
      const device = args.device ?? after.find((a) => !adapters.some((b) => b.device === a.device))?.device ??
        "";
      return result(after, device, ctx.t("host_config.done", { name: host.name }));
    });
  },
});
