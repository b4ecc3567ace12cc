import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { VSphereClient } from "../../vsphere/client.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { globMatcher } from "../shared/glob.ts";
import { page, pagingInput } from "../shared/paging.ts";
import { asArray, ref } from "../shared/values.ts";
import { KIND_NAMES, KINDS, type KindSpec, type NameOf, type Props, referencedTypes } from "./kinds.ts";
import { namesOf, resolveScopes, scopeInput } from "./scope.ts";

/** Kinds that live outside the host/cluster tree: a cluster or host scope filters them by membership. */
const MEMBERSHIP: Partial<Record<string, "datastore" | "network">> = {
  datastore: "datastore",
  network: "network",
  dvportgroup: "network",
};

const item = z.object({ moref: z.string(), name: z.string() }).catchall(z.unknown());

export const inventoryList = defineTool({
  name: "inventory_list",
  toolset: "inventory",
  input: (t) => ({
    kind: z.enum(KIND_NAMES).describe(t("param.inventory_kind")),
    name: z.string().max(200).optional().describe(t("param.name_glob")),
    ...scopeInput(t, ["datacenter", "cluster", "host"]),
    fields: z.array(z.string().max(64)).max(40).optional().describe(t("param.inventory_fields")),
    detail: z.boolean().default(false).describe(t("param.detail")),
    ...pagingInput(t),
  }),
  output: {
    kind: z.string(),
    items: z.array(item),
    total: z.number(),
    next_cursor: z.string().optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: [
    "list_hosts",
    "list_datacenters",
    "list_clusters",
    "list_datastores",
    "list_networks",
    "list_resource_pools",
    "list_distributed_switches",
    "list_distributed_portgroups",
    "list_datastore_clusters",
    "list_folders",
    "list_vapps",
  ],
  async handler(args, ctx) {
    const client = ctx.vsphere;
    const spec: KindSpec = KINDS[args.kind];
    const wantDetail = args.detail || (args.fields?.length ?? 0) > 0;
    const [datacenter] = await resolveScopes(client, { datacenter: args.datacenter }, ctx.signal);
    const scoped = await resolveScopes(client, {
      cluster: args.cluster,
      host: args.host,
      ...(args.datacenter ? { datacenter: args.datacenter } : {}),
    }, ctx.signal);

    // Cluster/host scope: a view under that container, or membership in its datastore/network lists.
    let container: MoRef | undefined = datacenter;
    let allowed: Set<string> | undefined;
    const membership = MEMBERSHIP[args.kind];
    for (const scope of scoped) {
      if (membership) {
        const ids = await memberIds(client, scope, membership, ctx.signal);
        allowed = allowed ? new Set([...allowed].filter((id) => ids.has(id))) : ids;
      } else {
        container = scope;
      }
    }

    const paths = [...spec.paths, ...(wantDetail ? spec.detailPaths : [])];
    const matches = globMatcher(args.name);
    const raw: { ref: MoRef; name: string; props: Props }[] = [];
    for await (
      const o of retrieveView(client, {
        type: spec.type,
        paths,
        ...(container ? { container } : {}),
        signal: ctx.signal,
      })
    ) {
      if (spec.exactType && o.ref.type !== spec.type) continue;
      if (allowed && !allowed.has(o.ref.value)) continue;
      const name = sanitizeText(String(o.props.name ?? ""));
      if (!matches(name)) continue;
      raw.push({ ref: o.ref, name, props: o.props });
    }
    raw.sort((a, b) => a.name.localeCompare(b.name) || a.ref.value.localeCompare(b.ref.value));
    const { items, total, next_cursor } = page(raw, args.limit, args.cursor);

    const nameOf = await nameResolver(client, items.map((i) => i.props), ctx.signal);
    const rows = items.map((o) => {
      const row: Record<string, unknown> = {
        moref: o.ref.value,
        name: o.name,
        ...spec.row(o.props, nameOf),
        ...(wantDetail ? spec.detail(o.props, nameOf) : {}),
      };
      if (!args.fields?.length) return row as z.infer<typeof item>;
      const picked: Record<string, unknown> = { moref: row.moref, name: row.name };
      for (const f of args.fields) if (f in row) picked[f] = row[f];
      return picked as z.infer<typeof item>;
    });
    return { kind: args.kind, items: rows, total, ...(next_cursor ? { next_cursor } : {}) };
  },
});

async function memberIds(
  client: VSphereClient,
  scope: MoRef,
  property: "datastore" | "network",
  signal: AbortSignal,
): Promise<Set<string>> {
  const props = await retrieveOne(client, scope, [property], { signal });
  return new Set(asArray(props[property]).map((v) => ref(v)?.value ?? ""));
}

/** Names of the objects the rows reference, fetched once per referenced type. */
export async function nameResolver(
  client: VSphereClient,
  rows: readonly Props[],
  signal: AbortSignal,
): Promise<NameOf> {
  const types = new Set<string>();
  for (const p of rows) for (const type of referencedTypes(p)) types.add(type);
  const names = new Map<string, string>();
  for (const type of types) {
    for (const [id, o] of await namesOf(client, type, signal)) names.set(`${type}:${id}`, o.name);
  }
  return (value: VimValue | undefined) => {
    const r = ref(value);
    return r ? names.get(`${r.type}:${r.value}`) ?? r.value : null;
  };
}
