import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { page, pagingInput } from "../shared/paging.ts";
import { DVPG, DVS, resolveNamed, switchInput, vlanText } from "./shared.ts";

const sum = (stats: VimObject, ...keys: string[]) => keys.reduce((n, k) => n + Number(stats[k] ?? 0), 0);

export const dvswitchPortList = defineTool({
  name: "dvswitch_port_list",
  toolset: "network",
  input: (t) => ({
    switch: switchInput(t),
    portgroup: z.string().min(1).max(300).optional().describe(t("param.network.port_portgroup")),
    connected_only: z.boolean().default(false).describe(t("param.network.connected_only")),
    datacenter: datacenterInput(t),
    ...pagingInput(t),
  }),
  output: {
    switch: z.string(),
    ports: z.array(z.object({
      key: z.string(),
      portgroup: z.string().nullable(),
      connected_to: z.string().nullable().describe("VM or host name, and its NIC key"),
      link_up: z.boolean().nullable(),
      blocked: z.boolean().nullable(),
      vlan: z.string(),
      packets_in: z.number(),
      packets_out: z.number(),
      bytes_in: z.number(),
      bytes_out: z.number(),
      dropped: z.number(),
    })),
    total: z.number().int(),
    next_cursor: z.string().optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["list_dvswitch_ports", "get_dvs_port_statistics"],
  async handler(args, ctx) {
    const dvs = await resolveNamed(ctx, DVS, args.switch, args.datacenter);
    const portgroup = args.portgroup
      ? await resolveNamed(ctx, DVPG, args.portgroup, args.datacenter)
      : undefined;
    const pgKey = portgroup
      ? String((await retrieveOne(ctx.vsphere, portgroup.ref, ["key"], { signal: ctx.signal })).key ?? "")
      : undefined;
    const criteria: VimObject = {
      _type: "DistributedVirtualSwitchPortCriteria",
      ...(args.connected_only ? { connected: true } : {}),
      ...(pgKey ? { portgroupKey: [pgKey] } : {}),
    };
    const result = await ctx.vsphere.call("FetchDVPorts", dvs.ref, { criteria }, { signal: ctx.signal });
    const pgNames = new Map<string, string>();
    for (const ref of ((await retrieveOne(ctx.vsphere, dvs.ref, ["portgroup"])).portgroup ?? []) as MoRef[]) {
      const p = await retrieveOne(ctx.vsphere, ref, ["key", "name"], { signal: ctx.signal });
      pgNames.set(String(p.key ?? ref.value), sanitizeText(String(p.name ?? "")));
    }
    const entityNames = new Map<string, string>();
    const nameOf = async (ref: MoRef) => {
      if (!entityNames.has(ref.value)) {
        const p = await retrieveOne(ctx.vsphere, ref, ["name"]).catch(() => ({ name: ref.value }));
        entityNames.set(ref.value, sanitizeText(String(p.name ?? ref.value)));
      }
      return entityNames.get(ref.value)!;
    };
    const rows = [];
    for (const port of (Array.isArray(result) ? result : []) as VimObject[]) {
      // Filters again here: some servers return every port whatever the criteria say.
      if (pgKey && port.portgroupKey !== undefined && port.portgroupKey !== pgKey) continue;
      const connectee = port.connectee as VimObject | undefined;
      const entity = connectee?.connectedEntity as MoRef | undefined;
      if (args.connected_only && !entity) continue;
      const state = (port.state ?? {}) as VimObject;
      const runtime = state.runtimeInfo as VimObject | undefined;
      const stats = (state.stats ?? {}) as VimObject;
      const setting = ((port.config as VimObject | undefined)?.setting ?? {}) as VimObject;
      rows.push({
        key: String(port.key ?? ""),
        portgroup: typeof port.portgroupKey === "string"
          ? pgNames.get(port.portgroupKey) ?? port.portgroupKey
          : null,
        connected_to: entity
          ? `${await nameOf(entity)}${
            connectee?.nicKey ? ` (nic ${sanitizeText(String(connectee.nicKey))})` : ""
          }`
          : null,
        link_up: typeof runtime?.linkUp === "boolean" ? runtime.linkUp : null,
        blocked: typeof runtime?.blocked === "boolean" ? runtime.blocked : null,
        vlan: vlanText(setting.vlan as VimObject | undefined).vlan,
        packets_in: sum(stats, "packetsInUnicast", "packetsInMulticast", "packetsInBroadcast"),
        packets_out: sum(stats, "packetsOutUnicast", "packetsOutMulticast", "packetsOutBroadcast"),
        bytes_in: sum(stats, "bytesInUnicast", "bytesInMulticast", "bytesInBroadcast"),
        bytes_out: sum(stats, "bytesOutUnicast", "bytesOutMulticast", "bytesOutBroadcast"),
        dropped: sum(stats, "packetsInDropped", "packetsOutDropped"),
      });
    }
    const { items, total, next_cursor } = page(rows, args.limit, args.cursor);
    return { switch: dvs.name, ports: items, total, ...(next_cursor ? { next_cursor } : {}) };
  },
});
