import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { globMatcher } from "../shared/glob.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { page, pagingInput } from "../shared/paging.ts";
import { DVPG, DVS, securityOf, securityShape, vlanText } from "./shared.ts";

const KINDS = ["all", "distributed", "standard"] as const;

const switchRow = z.object({
  moref: z.string(),
  name: z.string(),
  uuid: z.string().nullable(),
  version: z.string().nullable(),
  uplinks: z.array(z.string()).describe("Uplink port names"),
  hosts: z.array(z.string()),
  portgroups: z.number().int(),
  max_mtu: z.number().nullable(),
  description: z.string().nullable(),
});

const portgroupRow = z.object({
  moref: z.string(),
  name: z.string(),
  switch: z.string(),
  vlan: z.string().describe('"none", a VLAN id, "trunk a-b,c" or "pvlan n"'),
  vlan_id: z.number().nullable(),
  type: z.string().nullable().describe("Port binding: earlyBinding or ephemeral"),
  ports: z.number().nullable(),
  uplink: z.boolean().describe("The switch's uplink portgroup"),
  security: securityShape,
});

const standardRow = z.object({
  moref: z.string(),
  name: z.string(),
  accessible: z.boolean().nullable(),
  hosts: z.number().int(),
  vms: z.number().int(),
  vlan_ids: z.array(z.number()).describe("VLAN ids of the host portgroups with this name"),
});

export const networkList = defineTool({
  name: "network_list",
  toolset: "network",
  input: (t) => ({
    kind: z.enum(KINDS).default("all").describe(t("param.network.kind")),
    name: z.string().max(200).optional().describe(t("param.name_glob")),
    datacenter: datacenterInput(t),
    ...pagingInput(t),
  }),
  output: {
    switches: z.array(switchRow),
    portgroups: z.array(portgroupRow),
    standard_networks: z.array(standardRow),
    portgroups_total: z.number().int().describe(
      "Portgroups matching the filters; limit/cursor page through them",
    ),
    next_cursor: z.string().optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["get_dvswitch_config", "get_dvportgroup_config"],
  async handler(args, ctx) {
    const container = args.datacenter
      ? (await resolveEntity(ctx.vsphere, "Datacenter", args.datacenter, { signal: ctx.signal })).ref
      : undefined;
    const scope = { ...(container ? { container } : {}), signal: ctx.signal };
    const matches = globMatcher(args.name);
    const hostNames = new Map<string, string>();
    const hostVlans = new Map<string, Set<number>>();
    for await (
      const h of retrieveView(ctx.vsphere, {
        type: "HostSystem",
        paths: ["name", ...(args.kind !== "distributed" ? ["config.network.portgroup"] : [])],
        ...scope,
      })
    ) {
      hostNames.set(h.ref.value, sanitizeText(String(h.props.name ?? h.ref.value)));
      const groups = h.props["config.network.portgroup"];
      for (const pg of Array.isArray(groups) ? groups as VimObject[] : []) {
        const spec = (pg.spec ?? {}) as VimObject;
        const name = String(spec.name ?? "");
        const set = hostVlans.get(name) ?? new Set<number>();
        if (typeof spec.vlanId === "number") set.add(spec.vlanId);
        hostVlans.set(name, set);
      }
    }
    const switches: z.infer<typeof switchRow>[] = [];
    const portgroups: z.infer<typeof portgroupRow>[] = [];
    const standard: z.infer<typeof standardRow>[] = [];

    if (args.kind !== "standard") {
      const switchNames = new Map<string, string>();
      const uplinkGroups = new Set<string>();
      for await (
        const s of retrieveView(ctx.vsphere, {
          type: DVS,
          paths: ["name", "config", "summary", "portgroup"],
          ...scope,
        })
      ) {
        const name = sanitizeText(String(s.props.name ?? ""));
        switchNames.set(s.ref.value, name);
        const config = (s.props.config ?? {}) as VimObject;
        const summary = (s.props.summary ?? {}) as VimObject;
        for (const ref of (config.uplinkPortgroup ?? []) as MoRef[]) uplinkGroups.add(ref.value);
        if (!matches(name)) continue;
        const policy = (config.uplinkPortPolicy ?? {}) as VimObject;
        const product = (config.productInfo ?? summary.productInfo ?? {}) as VimObject;
        const members = (Array.isArray(summary.hostMember) ? summary.hostMember : []) as MoRef[];
        switches.push({
          moref: s.ref.value,
          name,
          uuid: typeof config.uuid === "string" ? config.uuid : null,
          version: typeof product.version === "string" ? product.version : null,
          uplinks: ((policy.uplinkPortName ?? []) as string[]).map((u) => sanitizeText(u)),
          hosts: members.map((m) => hostNames.get(m.value) ?? m.value).sort(),
          portgroups: Array.isArray(s.props.portgroup) ? s.props.portgroup.length : 0,
          max_mtu: typeof config.maxMtu === "number" && config.maxMtu > 0 ? config.maxMtu : null,
          description: typeof config.description === "string" ? sanitizeText(config.description) : null,
        });
      }
      for await (const pg of retrieveView(ctx.vsphere, { type: DVPG, paths: ["name", "config"], ...scope })) {
        const name = sanitizeText(String(pg.props.name ?? ""));
        if (!matches(name)) continue;
        const config = (pg.props.config ?? {}) as VimObject;
        const port = (config.defaultPortConfig ?? {}) as VimObject;
        const dvs = config.distributedVirtualSwitch as MoRef | undefined;
        portgroups.push({
          moref: pg.ref.value,
          name,
          switch: dvs ? switchNames.get(dvs.value) ?? dvs.value : "",
          ...vlanText(port.vlan as VimObject | undefined),
          type: typeof config.type === "string" && config.type !== "" ? config.type : null,
          ports: typeof config.numPorts === "number" ? config.numPorts : null,
          uplink: uplinkGroups.has(pg.ref.value),
          security: securityOf(port.securityPolicy as VimObject | undefined),
        });
      }
    }
    if (args.kind !== "distributed") {
      for await (
        const n of retrieveView(ctx.vsphere, {
          type: "Network",
          paths: ["name", "summary", "host", "vm"],
          ...scope,
        })
      ) {
        if (n.ref.type !== "Network") continue; // distributed portgroups and opaque networks are listed elsewhere
        const rawName = String(n.props.name ?? "");
        const name = sanitizeText(rawName);
        if (!matches(name)) continue;
        const summary = (n.props.summary ?? {}) as VimObject;
        standard.push({
          moref: n.ref.value,
          name,
          accessible: typeof summary.accessible === "boolean" ? summary.accessible : null,
          hosts: Array.isArray(n.props.host) ? n.props.host.length : 0,
          vms: Array.isArray(n.props.vm) ? n.props.vm.length : 0,
          vlan_ids: [...(hostVlans.get(rawName) ?? [])].sort((a, b) => a - b),
        });
      }
    }
    const byName = (a: { name: string; moref: string }, b: { name: string; moref: string }) =>
      a.name.localeCompare(b.name) || a.moref.localeCompare(b.moref);
    const { items, total, next_cursor } = page(portgroups.sort(byName), args.limit, args.cursor);
    return {
      switches: switches.sort(byName),
      portgroups: items,
      standard_networks: standard.sort(byName),
      portgroups_total: total,
      ...(next_cursor ? { next_cursor } : {}),
    };
  },
});
