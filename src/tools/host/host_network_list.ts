import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { asArray, asObject, asObjects, bool, hostManager, num, str, text } from "../shared/vim_values.ts";
import { hostInput, readHost } from "./common.ts";

export const hostNetworkList = defineTool({
  name: "host_network_list",
  toolset: "host",
  input: (t) => ({ host: hostInput(t), datacenter: datacenterInput(t) }),
  output: {
    host: z.string(),
    vswitches: z.array(z.object({
      name: z.string(),
      num_ports: z.number().nullable(),
      mtu: z.number().nullable(),
      uplinks: z.array(z.string()),
      portgroups: z.array(z.string()),
    })),
    portgroups: z.array(z.object({
      name: z.string(),
      vswitch: z.string(),
      vlan_id: z.number().nullable(),
      active_ports: z.number(),
    })),
    physical_nics: z.array(z.object({
      device: z.string(),
      mac: z.string(),
      driver: z.string(),
      link_speed_mb: z.number().nullable().describe("null when the link is down"),
    })),
    vmkernel_adapters: z.array(z.object({
      device: z.string(),
      portgroup: z.string(),
      ip: z.string(),
      subnet_mask: z.string(),
      dhcp: z.boolean(),
      mac: z.string(),
      mtu: z.number().nullable(),
    })),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: [
    "get_host_vswitches",
    "get_host_portgroups",
    "get_host_physical_nics",
    "get_host_vmkernel_adapters",
  ],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    const network = await hostManager(ctx, host.ref, "networkSystem");
    const info = await retrieveOne(ctx.vsphere, network, ["networkInfo.vswitch", "networkInfo.portgroup"], {
      signal: ctx.signal,
    });
    // Physical and VMkernel NICs from the host's config (the network system's copy can be empty on vcsim).
    const config = await retrieveOne(ctx.vsphere, host.ref, ["config.network.pnic", "config.network.vnic"], {
      signal: ctx.signal,
    });
    const physical_nics = asObjects(config["config.network.pnic"]).map((n) => ({
      device: text(n.device),
      mac: text(n.mac),
      driver: text(n.driver),
      link_speed_mb: num(asObject(n.linkSpeed).speedMb) ?? null,
    }));
    const vmkernel_adapters = asObjects(config["config.network.vnic"]).map((v) => {
      const spec = asObject(v.spec);
      const ip = asObject(spec.ip);
      return {
        device: text(v.device),
        portgroup: text(v.portgroup),
        ip: text(ip.ipAddress),
        subnet_mask: text(ip.subnetMask),
        dhcp: bool(ip.dhcp) ?? false,
        mac: text(spec.mac),
        mtu: num(spec.mtu) ?? null,
      };
    });
    const portgroups = asObjects(info["networkInfo.portgroup"]).map((pg) => {
      const spec = asObject(pg.spec);
      return {
        name: text(spec.name),
        vswitch: text(spec.vswitchName),
        vlan_id: num(spec.vlanId) ?? null,
        active_ports: asArray(pg.port).length,
      };
    });
    const vswitches = asObjects(info["networkInfo.vswitch"]).map((vs) => {
      const name = text(vs.name);
      return {
        name,
        num_ports: num(vs.numPorts) ?? null,
        mtu: num(vs.mtu) ?? null,
        uplinks: asArray(vs.pnic).map((p) => text(str(p)?.replace(/^key-vim\.host\.PhysicalNic-/, ""))),
        portgroups: portgroups.filter((pg) => pg.vswitch === name).map((pg) => pg.name),
      };
    });
    return { host: host.name, vswitches, portgroups, physical_nics, vmkernel_adapters };
  },
});
