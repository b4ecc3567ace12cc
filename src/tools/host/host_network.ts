import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { asArray, asObject, asObjects, callVim, hostManager, num, str, text } from "../shared/vim_values.ts";
import { networkPolicy } from "./network_policy.ts";
import { hostInput, readHost } from "./common.ts";

const ACTIONS = [
  "add_vswitch",
  "update_vswitch",
  "remove_vswitch",
  "add_portgroup",
  "update_portgroup",
  "remove_portgroup",
] as const;
type Action = typeof ACTIONS[number];

export interface NetworkChange {
  action: Action;
  vswitch?: string | undefined;
  portgroup?: string | undefined;
  vlanId?: number | undefined;
  numPorts?: number | undefined;
  mtu?: number | undefined;
  uplinks?: string[] | undefined;
  standbyUplinks?: string[] | undefined;
  /** For updates: the current spec as read from vCenter; only the asked fields change. */
  current?: VimObject | undefined;
}

/** HostNetworkSystem calls with their arguments in the WSDL's order. */
export function hostNetworkRequest(c: NetworkChange): { method: string; args: Record<string, VimValue> } {
  switch (c.action) {
    case "add_vswitch": {
      const spec: VimObject = { _type: "HostVirtualSwitchSpec", numPorts: c.numPorts ?? 128 };
      if (c.uplinks?.length) spec.bridge = { _type: "HostVirtualSwitchBondBridge", nicDevice: c.uplinks };
      if (c.mtu !== undefined) spec.mtu = c.mtu;
      return { method: "AddVirtualSwitch", args: { vswitchName: c.vswitch!, spec } };
    }
    case "update_vswitch": {
      const cur = c.current ?? {};
      const bridge = asObject(cur.bridge);
      const nics = c.uplinks ?? asArray(bridge.nicDevice).map((n) => str(n)).filter((n): n is string => !!n);
      const spec: VimObject = {
        _type: "HostVirtualSwitchSpec",
        numPorts: c.numPorts ?? num(cur.numPorts) ?? 128,
      };
      if (nics.length) spec.bridge = { _type: "HostVirtualSwitchBondBridge", nicDevice: nics };
      const teamingChange = c.uplinks || c.standbyUplinks
        ? {
          ...(c.uplinks ? { active: c.uplinks } : {}),
          ...(c.standbyUplinks ? { standby: c.standbyUplinks } : {}),
        }
        : undefined;
      spec.policy = networkPolicy(cur.policy, teamingChange);
      const mtu = c.mtu ?? num(cur.mtu);
      if (mtu !== undefined) spec.mtu = mtu;
      return { method: "UpdateVirtualSwitch", args: { vswitchName: c.vswitch!, spec } };
    }
    case "update_portgroup": {
      const cur = c.current ?? {};
      return {
        method: "UpdatePortGroup",
        args: {
          pgName: c.portgroup!,
          portgrp: {
            _type: "HostPortGroupSpec",
            name: c.portgroup!,
            vlanId: c.vlanId ?? num(cur.vlanId) ?? 0,
            vswitchName: c.vswitch ?? str(cur.vswitchName) ?? "",
            policy: networkPolicy(cur.policy),
          },
        },
      };
    }
    case "remove_vswitch":
      return { method: "RemoveVirtualSwitch", args: { vswitchName: c.vswitch! } };
    case "add_portgroup":
      return {
        method: "AddPortGroup",
        args: {
          portgrp: {
            _type: "HostPortGroupSpec",
            name: c.portgroup!,
            vlanId: c.vlanId ?? 0,
            vswitchName: c.vswitch!,
            policy: { _type: "HostNetworkPolicy" },
          },
        },
      };
    case "remove_portgroup":
      return { method: "RemovePortGroup", args: { pgName: c.portgroup! } };
  }
}

export const hostNetwork = defineTool({
  name: "host_network",
  toolset: "host",
  input: (t) => ({
    host: hostInput(t),
    action: z.enum(ACTIONS).describe(t("param.host_network_action")),
    vswitch: z.string().min(1).max(32).optional().describe(t("param.vswitch")),
    portgroup: z.string().min(1).max(64).optional().describe(t("param.portgroup")),
    vlan_id: z.number().int().min(0).max(4095).optional().describe(t("param.vlan_id")),
    num_ports: z.number().int().min(8).max(4096).optional().describe(t("param.num_ports")),
    mtu: z.number().int().min(1280).max(9000).optional().describe(t("param.mtu")),
    uplinks: z.array(z.string().min(1).max(32)).max(32).optional().describe(t("param.uplinks")),
    standby_uplinks: z.array(z.string().min(1).max(32)).max(32).optional().describe(
      t("param.standby_uplinks"),
    ),
    datacenter: datacenterInput(t),
  }),
  output: {
    host: z.string(),
    action: z.enum(ACTIONS),
    vswitches: z.array(z.string()).describe("Standard vSwitches on the host afterwards"),
    portgroups: z.array(z.string()).describe("Standard portgroups on the host afterwards"),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Removing a portgroup or vSwitch cuts off every VM and VMkernel port on it.
  tier: "high",
  privileges: ["Host.Config.Network"],
  aliases: [
    "create_vswitch",
    "update_vswitch",
    "remove_vswitch",
    "add_host_portgroup",
    "remove_host_portgroup",
    "configure_host_vswitch_nic_teaming",
  ],
  async handler(args, ctx) {
    const needsSwitch = args.action.endsWith("vswitch") || args.action === "add_portgroup";
    const needsGroup = args.action.endsWith("portgroup");
    if ((needsSwitch && !args.vswitch) || (needsGroup && !args.portgroup)) {
      throw new ToolInputError("errors.host_network_fields", { action: args.action });
    }
    const host = await readHost(ctx, args.host, args.datacenter);
    const system = await hostManager(ctx, host.ref, "networkSystem");
    const read = async () => {
      const info = await retrieveOne(ctx.vsphere, system, ["networkInfo.vswitch", "networkInfo.portgroup"]);
      const switches = asObjects(info["networkInfo.vswitch"]);
      const groups = asObjects(info["networkInfo.portgroup"]);
      return {
        vswitches: switches.map((v) => text(v.name)),
        switchSpecs: new Map(switches.map((v) => [str(v.name) ?? "", asObject(v.spec)])),
        portgroups: groups.map((p) => ({
          name: text(asObject(p.spec).name),
          vswitch: text(asObject(p.spec).vswitchName),
          ports: asArray(p.port).length,
          spec: asObject(p.spec),
        })),
      };
    };
    const before = await read();
    const switchExists = before.vswitches.includes(args.vswitch ?? "");
    const group = before.portgroups.find((p) => p.name === args.portgroup);
    const noop = (args.action === "add_vswitch" && switchExists) ||
      (args.action === "remove_vswitch" && !switchExists) ||
      (args.action === "add_portgroup" && group?.vswitch === args.vswitch) ||
      (args.action === "remove_portgroup" && !group);
    if (args.action === "update_vswitch" && !switchExists) {
      throw new ToolInputError("errors.vswitch_not_found", { vswitch: args.vswitch!, host: host.name });
    }
    if (args.action === "update_portgroup" && !group) {
      throw new ToolInputError("errors.portgroup_not_found", { portgroup: args.portgroup!, host: host.name });
    }
    const result = (after: Awaited<ReturnType<typeof read>>, message: string) => ({
      host: host.name,
      action: args.action,
      vswitches: after.vswitches,
      portgroups: after.portgroups.map((p) => p.name),
      message,
    });
    const subject = args.action.endsWith("vswitch") ? args.vswitch! : args.portgroup!;
    if (noop) {
      return result(before, ctx.t("host_network.noop", { name: host.name, action: args.action, subject }));
    }
    const request = hostNetworkRequest({
      action: args.action,
      vswitch: args.vswitch,
      portgroup: args.portgroup,
      vlanId: args.vlan_id,
      numPorts: args.num_ports,
      mtu: args.mtu,
      uplinks: args.uplinks,
      standbyUplinks: args.standby_uplinks,
      current: args.action === "update_vswitch"
        ? before.switchSpecs.get(args.vswitch!)
        : args.action === "update_portgroup"
        ? group?.spec
        : undefined,
    });
    const inUse = args.action === "remove_vswitch"
      ? before.portgroups.filter((p) => p.vswitch === args.vswitch).map((p) => p.name)
      : [];
    return await ctx.mutate({
      targets: [{
        ref: host.ref,
        name: host.name,
        state: {
          vswitches: before.vswitches,
          ...(group ? { portgroup: { name: group.name, vswitch: group.vswitch, ports: group.ports } } : {}),
          ...(inUse.length ? { portgroupsOnSwitch: inUse } : {}),
        },
      }],
      summary: ctx.t("host_network.summary", { name: host.name, action: args.action, subject }),
      method: `HostNetworkSystem.${request.method}`,
      args: request.args as Record<string, unknown>,
    }, async () => {
      await callVim(ctx, request.method, system, request.args);
      return result(
        await read(),
        ctx.t("host_network.done", { name: host.name, action: args.action, subject: str(subject) ?? "" }),
      );
    });
  },
});
