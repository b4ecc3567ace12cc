import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { asArray, asObject, asObjects, bool, hostManager, num, str } from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";
import { networkPolicy } from "../host/network_policy.ts";
import { changeHost, type HostRequest } from "./common.ts";
import { notFoundByName } from "../shared/lookup.ts";

const BALANCING = ["loadbalance_srcid", "loadbalance_ip", "loadbalance_srcmac", "failover_explicit"] as const;

export interface PolicyChange {
  loadBalancing?: string | undefined;
  notifySwitches?: boolean | undefined;
  failback?: boolean | undefined;
  beaconProbing?: boolean | undefined;
  allowPromiscuous?: boolean | undefined;
  macChanges?: boolean | undefined;
  forgedTransmits?: boolean | undefined;
}

/** The current HostNetworkPolicy with only the asked teaming/security fields changed (rollingOrder = !failback). */
export function changedPolicy(current: VimObject | undefined, c: PolicyChange): VimObject {
  const policy = networkPolicy(current);
  const teaming = asObject(policy.nicTeaming ?? { _type: "HostNicTeamingPolicy" });
  const set = (o: VimObject, key: string, value: string | boolean | undefined) => {
    if (value !== undefined) o[key] = value;
  };
  const t: VimObject = { _type: "HostNicTeamingPolicy" };
  set(t, "policy", c.loadBalancing ?? str(teaming.policy));
  set(t, "reversePolicy", bool(teaming.reversePolicy));
  set(t, "notifySwitches", c.notifySwitches ?? bool(teaming.notifySwitches));
  set(t, "rollingOrder", c.failback === undefined ? bool(teaming.rollingOrder) : !c.failback);
  if (c.beaconProbing !== undefined || teaming.failureCriteria) {
    const criteria = asObject(teaming.failureCriteria ?? { _type: "HostNicFailureCriteria" });
    t.failureCriteria = {
      ...criteria,
      _type: "HostNicFailureCriteria",
      ...(c.beaconProbing !== undefined ? { checkBeacon: c.beaconProbing } : {}),
    };
  }
  if (teaming.nicOrder) t.nicOrder = teaming.nicOrder;
  const security = asObject(policy.security ?? { _type: "HostNetworkSecurityPolicy" });
  const s: VimObject = { _type: "HostNetworkSecurityPolicy" };
  set(s, "allowPromiscuous", c.allowPromiscuous ?? bool(security.allowPromiscuous));
  set(s, "macChanges", c.macChanges ?? bool(security.macChanges));
  set(s, "forgedTransmits", c.forgedTransmits ?? bool(security.forgedTransmits));
  // Rebuilt in the WSDL's order: security, nicTeaming, offloadPolicy, shapingPolicy.
  const out: VimObject = { _type: "HostNetworkPolicy" };
  if (Object.keys(s).length > 1) out.security = s;
  if (Object.keys(t).length > 1) out.nicTeaming = t;
  if (policy.offloadPolicy) out.offloadPolicy = policy.offloadPolicy;
  if (policy.shapingPolicy) out.shapingPolicy = policy.shapingPolicy;
  return out;
}

/** HostNetworkSystem.UpdateVirtualSwitch (whole spec, current values kept) or UpdatePortGroup. */
export function vswitchPolicyRequest(
  target: { vswitch: string; spec: VimObject } | { portgroup: string; spec: VimObject },
  change: PolicyChange,
): HostRequest {
  if ("vswitch" in target) {
    const cur = target.spec;
    const spec: VimObject = { _type: "HostVirtualSwitchSpec", numPorts: num(cur.numPorts) ?? 128 };
    const nics = asArray(asObject(cur.bridge).nicDevice).map((n) => str(n)).filter((n): n is string => !!n);
    if (nics.length) spec.bridge = { _type: "HostVirtualSwitchBondBridge", nicDevice: nics };
    spec.policy = changedPolicy(asObject(cur.policy), change);
    if (num(cur.mtu) !== undefined) spec.mtu = num(cur.mtu);
    return {
      manager: "networkSystem",
      method: "UpdateVirtualSwitch",
      args: { vswitchName: target.vswitch, spec },
    };
  }
  const cur = target.spec;
  return {
    manager: "networkSystem",
    method: "UpdatePortGroup",
    args: {
      pgName: target.portgroup,
      portgrp: {
        _type: "HostPortGroupSpec",
        name: target.portgroup,
        vlanId: num(cur.vlanId) ?? 0,
        vswitchName: str(cur.vswitchName) ?? "",
        policy: changedPolicy(asObject(cur.policy), change),
      },
    },
  };
}

export const hostVswitchPolicy = defineTool({
  name: "host_vswitch_policy",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    vswitch: z.string().min(1).max(32).optional().describe(t("param.vswitch")),
    portgroup: z.string().min(1).max(64).optional().describe(t("param.portgroup")),
    load_balancing: z.enum(BALANCING).optional().describe(t("param.host_vswitch_balancing")),
    notify_switches: z.boolean().optional().describe(t("param.host_vswitch_notify")),
    failback: z.boolean().optional().describe(t("param.host_vswitch_failback")),
    beacon_probing: z.boolean().optional().describe(t("param.host_vswitch_beacon")),
    allow_promiscuous: z.boolean().optional().describe(t("param.host_vswitch_promiscuous")),
    mac_changes: z.boolean().optional().describe(t("param.host_vswitch_mac_changes")),
    forged_transmits: z.boolean().optional().describe(t("param.host_vswitch_forged")),
    datacenter: datacenterInput(t),
  }),
  output: {
    host: z.string(),
    target: z.string(),
    policy: z.record(z.string(), z.unknown()),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // A load-balancing mode the physical switch does not match (IP hash without a port channel) drops traffic.
  tier: "high",
  privileges: ["Host.Config.Network"],
  async handler(args, ctx) {
    if (!args.vswitch === !args.portgroup) {
      throw new ToolInputError("errors.param_required", { param: "vswitch | portgroup", action: "policy" });
    }
    const host = await readHost(ctx, args.host, args.datacenter);
    const network = await hostManager(ctx, host.ref, "networkSystem");
    const read = async () => {
      const info = await retrieveOne(ctx.vsphere, network, ["networkInfo.vswitch", "networkInfo.portgroup"], {
        signal: ctx.signal,
      });
      return args.vswitch
        ? asObjects(info["networkInfo.vswitch"]).find((v) => str(v.name) === args.vswitch)
        : asObjects(info["networkInfo.portgroup"]).find((p) => str(asObject(p.spec).name) === args.portgroup);
    };
    const found = await read();
    if (!found) {
      notFoundByName(args.vswitch ? "vSwitch" : "portgroup", args.vswitch ?? args.portgroup!);
    }
    const spec = asObject(found.spec);
    const change: PolicyChange = {
      loadBalancing: args.load_balancing,
      notifySwitches: args.notify_switches,
      failback: args.failback,
      beaconProbing: args.beacon_probing,
      allowPromiscuous: args.allow_promiscuous,
      macChanges: args.mac_changes,
      forgedTransmits: args.forged_transmits,
    };
    const request = vswitchPolicyRequest(
      args.vswitch ? { vswitch: args.vswitch, spec } : { portgroup: args.portgroup!, spec },
      change,
    );
    const targetName = args.vswitch ?? args.portgroup!;
    // Both sides normalized the same way, so "no change" compares equal.
    const before = changedPolicy(asObject(spec.policy), {});
    const after = args.vswitch
      ? asObject(asObject(request.args.spec).policy)
      : asObject(asObject(request.args.portgrp).policy);
    if (JSON.stringify(before) === JSON.stringify(after)) {
      return {
        host: host.name,
        target: targetName,
        policy: before,
        message: ctx.t("host_config.already", { name: host.name }),
      };
    }
    return await changeHost(ctx, host, request, {
      summary: ctx.t("host_vswitch_policy.summary", {
        name: host.name,
        target: targetName,
        changes: Object.entries(args)
          .filter(([k, v]) => v !== undefined && !["host", "vswitch", "portgroup", "datacenter"].includes(k))
          .map(([k, v]) => `${k}=${String(v)}`).join(", "),
      }),
      state: { policy: before },
    }, async () => ({
      host: host.name,
      target: targetName,
      policy: networkPolicy(asObject((await read())?.spec).policy),
      message: ctx.t("host_config.done", { name: host.name }),
    }));
  },
});
