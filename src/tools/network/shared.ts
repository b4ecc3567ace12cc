/** What the network tools share: VLAN specs in both directions, switch and portgroup lookups. */
import { z } from "zod";
import type { Translate } from "../../i18n/mod.ts";
import type { ToolContext } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { type Resolved, resolveEntity } from "../../vsphere/objects/resolve.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { onlyMatch } from "../shared/lookup.ts";

export const DVS = "DistributedVirtualSwitch";
export const DVPG = "DistributedVirtualPortgroup";

export function switchInput(t: Translate) {
  return z.string().min(1).max(300).describe(t("param.network.switch"));
}

export async function resolveNamed(
  ctx: ToolContext,
  type: string,
  nameOrId: string,
  datacenter?: string,
): Promise<Resolved> {
  if (type === DVS) return await resolveSwitch(ctx, nameOrId, datacenter);
  const found = await resolveEntity(ctx.vsphere, type, nameOrId, {
    signal: ctx.signal,
    ...(datacenter ? { datacenter } : {}),
  });
  return { ref: found.ref, name: sanitizeText(found.name) };
}

/**
 * Switches are `VmwareDistributedVirtualSwitch` objects on vCenter (a subtype): matching the id against the
 * view's real MoRefs keeps the exact type instead of guessing it from "dvs-21".
 */
async function resolveSwitch(ctx: ToolContext, nameOrId: string, datacenter?: string): Promise<Resolved> {
  const container = datacenter
    ? (await resolveEntity(ctx.vsphere, "Datacenter", datacenter, { signal: ctx.signal })).ref
    : undefined;
  const byId: Resolved[] = [];
  const byName: Resolved[] = [];
  for await (
    const s of retrieveView(ctx.vsphere, {
      type: DVS,
      paths: ["name"],
      signal: ctx.signal,
      ...(container ? { container } : {}),
    })
  ) {
    const found = { ref: s.ref, name: sanitizeText(String(s.props.name ?? s.ref.value)) };
    if (s.ref.value === nameOrId) byId.push(found);
    else if (s.props.name === nameOrId) byName.push(found);
  }
  const matches = byId.length ? byId : byName;
  return onlyMatch(matches, DVS, sanitizeText(nameOrId), (m) => m.ref.value);
}

/** A portgroup's VLAN as one short text: "none", "120", "trunk 0-4094", "pvlan 300" or "unknown". */
export function vlanText(vlan: VimObject | undefined): { vlan: string; vlan_id: number | null } {
  switch (vlan?._type) {
    case "VmwareDistributedVirtualSwitchVlanIdSpec": {
      const id = Number(vlan.vlanId ?? 0);
      return { vlan: id === 0 ? "none" : String(id), vlan_id: id };
    }
    case "VmwareDistributedVirtualSwitchTrunkVlanSpec": {
      const ranges = (Array.isArray(vlan.vlanId) ? vlan.vlanId as VimObject[] : [])
        .map((r) => (r.start === r.end ? String(r.start) : `${r.start}-${r.end}`));
      return { vlan: `trunk ${ranges.join(",")}`, vlan_id: null };
    }
    case "VmwareDistributedVirtualSwitchPvlanSpec":
      return { vlan: `pvlan ${vlan.pvlanId}`, vlan_id: Number(vlan.pvlanId) };
    default:
      return { vlan: "unknown", vlan_id: null };
  }
}

/** "100-200,300" → NumericRange list; every id 0-4094, start ≤ end. */
export function parseTrunk(text: string): VimObject[] {
  const ranges = text.split(",").map((part) => part.trim()).filter(Boolean).map((part) => {
    const m = /^(\d{1,4})(?:-(\d{1,4}))?$/.exec(part);
    const start = Number(m?.[1]);
    const end = Number(m?.[2] ?? m?.[1]);
    if (!m || start > end || end > 4094) {
      throw new ToolInputError("network.bad_trunk", { value: sanitizeText(part) }, "hints.input");
    }
    return { _type: "NumericRange", start, end };
  });
  if (ranges.length === 0) throw new ToolInputError("network.bad_trunk", { value: "" }, "hints.input");
  return ranges;
}

/** The VLAN part of a port setting: one id (0 = none) or a trunk. */
export function vlanSpec(vlanId: number | undefined, trunk: string | undefined): VimObject | undefined {
  if (trunk !== undefined) {
    return {
      _type: "VmwareDistributedVirtualSwitchTrunkVlanSpec",
      inherited: false,
      vlanId: parseTrunk(trunk),
    };
  }
  if (vlanId !== undefined) {
    return { _type: "VmwareDistributedVirtualSwitchVlanIdSpec", inherited: false, vlanId };
  }
  return undefined;
}

export const securityShape = z.object({
  allow_promiscuous: z.boolean().nullable(),
  mac_changes: z.boolean().nullable(),
  forged_transmits: z.boolean().nullable(),
});
export type Security = z.infer<typeof securityShape>;

/** A port setting's security policy; null where the portgroup does not say. */
export function securityOf(policy: VimObject | undefined): Security {
  const value = (p: unknown) => {
    const v = (p as VimObject | undefined)?.value;
    return typeof v === "boolean" ? v : null;
  };
  return {
    allow_promiscuous: value(policy?.allowPromiscuous),
    mac_changes: value(policy?.macChanges),
    forged_transmits: value(policy?.forgedTransmits),
  };
}

export function securitySpec(security: Partial<Security>): VimObject {
  const policy = (v: boolean | null | undefined) =>
    typeof v === "boolean" ? { _type: "BoolPolicy", inherited: false, value: v } : undefined;
  return {
    _type: "DVSSecurityPolicy",
    inherited: false,
    allowPromiscuous: policy(security.allow_promiscuous),
    macChanges: policy(security.mac_changes),
    forgedTransmits: policy(security.forged_transmits),
  };
}
