/**
 * Rebuilds a HostNetworkPolicy read from vCenter as a request value: typed fields in the WSDL's order,
 * unset fields left out. Updates send the current policy back so that nothing but the asked change moves
 * (an omitted policy on UpdatePortGroup would reset the portgroup's overrides to "inherit").
 */
import type { VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { asArray, asObject, bool, num, str } from "../shared/vim_values.ts";

type Kind = "bool" | "int" | "string" | "strings";

function pick(source: VimObject, type: string, fields: [string, Kind][]): VimObject | undefined {
  const out: VimObject = { _type: type };
  let any = false;
  for (const [name, kind] of fields) {
    const raw = source[name];
    let value: VimValue | undefined;
    if (kind === "bool") value = bool(raw);
    else if (kind === "int") value = num(raw);
    else if (kind === "string") value = str(raw);
    else {
      const list = asArray(raw).map((v) => str(v)).filter((v): v is string => v !== undefined && v !== "");
      value = list.length ? list : undefined;
    }
    if (value !== undefined) {
      out[name] = value;
      any = true;
    }
  }
  return any ? out : undefined;
}

function nested(parent: VimObject, value: VimObject | undefined, name: string): void {
  if (value) parent[name] = value;
}

export function networkPolicy(
  decoded: VimValue | undefined,
  nicOrder?: { active?: string[]; standby?: string[] },
) {
  const p = asObject(decoded);
  const policy: VimObject = { _type: "HostNetworkPolicy" };
  nested(
    policy,
    pick(asObject(p.security), "HostNetworkSecurityPolicy", [
      ["allowPromiscuous", "bool"],
      ["macChanges", "bool"],
      ["forgedTransmits", "bool"],
    ]),
    "security",
  );
  const teamingIn = asObject(p.nicTeaming);
  const teaming = pick(teamingIn, "HostNicTeamingPolicy", [
    ["policy", "string"],
    ["reversePolicy", "bool"],
    ["notifySwitches", "bool"],
    ["rollingOrder", "bool"],
  ]) ?? { _type: "HostNicTeamingPolicy" };
  nested(
    teaming,
    pick(asObject(teamingIn.failureCriteria), "HostNicFailureCriteria", [
      ["checkSpeed", "string"],
      ["speed", "int"],
      ["checkDuplex", "bool"],
      ["fullDuplex", "bool"],
      ["checkErrorPercent", "bool"],
      ["percentage", "int"],
      ["checkBeacon", "bool"],
    ]),
    "failureCriteria",
  );
  const order = nicOrder?.active || nicOrder?.standby
    ? {
      _type: "HostNicOrderPolicy",
      ...(nicOrder.active ? { activeNic: nicOrder.active } : {}),
      ...(nicOrder.standby ? { standbyNic: nicOrder.standby } : {}),
    }
    : pick(asObject(teamingIn.nicOrder), "HostNicOrderPolicy", [["activeNic", "strings"], [
      "standbyNic",
      "strings",
    ]]);
  nested(teaming, order, "nicOrder");
  if (Object.keys(teaming).length > 1) policy.nicTeaming = teaming;
  nested(
    policy,
    pick(asObject(p.offloadPolicy), "HostNetOffloadCapabilities", [
      ["csumOffload", "bool"],
      ["tcpSegmentation", "bool"],
      ["zeroCopyXmit", "bool"],
    ]),
    "offloadPolicy",
  );
  nested(
    policy,
    pick(asObject(p.shapingPolicy), "HostNetworkTrafficShapingPolicy", [
      ["enabled", "bool"],
      ["averageBandwidth", "int"],
      ["peakBandwidth", "int"],
      ["burstSize", "int"],
    ]),
    "shapingPolicy",
  );
  return policy;
}
