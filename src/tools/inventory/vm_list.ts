import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { type ObjectProps, retrieveView } from "../../vsphere/objects/property_collector.ts";
import { retrieveMany } from "../../vsphere/objects/retrieve.ts";
import {
  cachedInventory,
  noteInventorySize,
  useInventoryCache,
} from "../../vsphere/objects/inventory_cache.ts";
import { VSphereError } from "../../vsphere/errors.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { globMatcher } from "../shared/glob.ts";
import { cursorSnapshot, decodeCursor, encodeCursor, pagingInput } from "../shared/paging.ts";
import { dropSnapshot, loadSnapshot, saveSnapshot } from "./list_snapshot.ts";
import { asArray, bool, gib, num, ref, text } from "../shared/values.ts";
import { membersOfAll, type NamedObject, namesOf, resolveScopes, scopeInput } from "./scope.ts";

const POWER_STATES = ["poweredOn", "poweredOff", "suspended"] as const;
const TEMPLATE_MODES = ["exclude", "include", "only"] as const;

/** Optional columns: the property paths each needs, and the name tables it looks up. */
const EXTRA_FIELDS = {
  guest_os: ["config.guestFullName"],
  uuid: ["config.uuid"],
  instance_uuid: ["config.instanceUuid"],
  template: [],
  cluster: [],
  resource_pool: ["resourcePool"],
  folder: ["parent"],
  datastores: ["datastore"],
  networks: ["network"],
  tools_status: ["guest.toolsRunningStatus"],
  hostname: ["guest.hostName"],
  annotation: ["config.annotation"],
  storage_gb: ["summary.storage.committed"],
  cpu_usage_mhz: ["summary.quickStats.overallCpuUsage"],
  memory_usage_mb: ["summary.quickStats.guestMemoryUsage"],
  uptime_s: ["summary.quickStats.uptimeSeconds"],
} as const satisfies Record<string, readonly string[]>;
type ExtraField = keyof typeof EXTRA_FIELDS;
const EXTRA_NAMES = Object.keys(EXTRA_FIELDS) as [ExtraField, ...ExtraField[]];

const vmSummary = z.object({
  moref: z.string(),
  name: z.string(),
  power_state: z.string(),
  cpus: z.number().nullable(),
  memory_mb: z.number().nullable(),
  ip: z.string().nullable(),
  host: z.string().nullable(),
}).catchall(z.unknown());

export const vmList = defineTool({
  name: "vm_list",
  toolset: "inventory",
  input: (t) => ({
    name: z.string().max(200).optional().describe(t("param.name_glob")),
    power_state: z.enum(POWER_STATES).optional().describe(t("param.power_state")),
    ...scopeInput(t, ["datacenter", "cluster", "host", "folder", "resource_pool"]),
    templates: z.enum(TEMPLATE_MODES).default("exclude").describe(t("param.templates")),
    fields: z.array(z.enum(EXTRA_NAMES)).max(EXTRA_NAMES.length).optional().describe(t("param.vm_fields")),
    detail: z.boolean().default(false).describe(t("param.detail")),
    ...pagingInput(t),
  }),
  output: {
    vms: z.array(vmSummary),
    total: z.number(),
    next_cursor: z.string().optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["list_vms", "search_vms"],
  async handler(args, ctx) {
    const client = ctx.vsphere;
    const extras = new Set<ExtraField>(args.detail ? EXTRA_NAMES : args.fields ?? []);
    const paths = new Set<string>(BASE_PATHS);
    for (const field of extras) for (const p of EXTRA_FIELDS[field]) paths.add(p);

    const hosts = await namesOf(client, "HostSystem", ctx.signal, extras.has("cluster"));
    const tables = new Map<string, Map<string, NamedObject>>();
    const nameIn = async (type: string, r: MoRef | undefined) => {
      if (!r) return null;
      let table = tables.get(type);
      if (!table) tables.set(type, table = await namesOf(client, type, ctx.signal));
      return table.get(r.value)?.name ?? r.value;
    };
    const toRow = async (vm: ObjectProps, name: string, powerState: string) => {
      const p = vm.props;
      const host = ref(p["runtime.host"]);
      const row: z.infer<typeof vmSummary> = {
        moref: vm.ref.value,
        name,
        power_state: powerState,
        cpus: num(p["config.hardware.numCPU"]),
        memory_mb: num(p["config.hardware.memoryMB"]),
        ip: text(p["guest.ipAddress"]),
        host: host ? hosts.get(host.value)?.name ?? host.value : null,
      };
      for (const field of extras) row[field] = await extraValue(field, p, host, hosts, nameIn);
      return row;
    };

    // A later page of a listing whose filtered, sorted ids were kept: read just this page's VMs.
    const { cursor: _cursor, limit: _limit, ...filters } = args;
    const key = JSON.stringify([ctx.principal.id, filters]);
    const snapshotId = cursorSnapshot(args.cursor);
    const kept = loadSnapshot(client, key, snapshotId);
    if (kept && snapshotId) {
      const offset = decodeCursor(args.cursor);
      const refs = kept.slice(offset, offset + args.limit);
      try {
        const objects = await retrieveMany(client, "VirtualMachine", refs, [...paths], {
          signal: ctx.signal,
        });
        const byId = new Map(objects.map((o) => [o.ref.value, o]));
        const vms: z.infer<typeof vmSummary>[] = [];
        for (const r of refs) {
          const vm = byId.get(r.value);
          if (!vm) continue;
          const name = sanitizeText(String(vm.props.name ?? ""));
          vms.push(await toRow(vm, name, String(vm.props["runtime.powerState"] ?? "unknown")));
        }
        const next = offset + refs.length;
        return {
          vms,
          total: kept.length,
          ...(next < kept.length ? { next_cursor: encodeCursor(next, snapshotId) } : {}),
        };
      } catch (error) {
        // A VM of the page is gone: read the inventory again, as without a snapshot.
        if (!(error instanceof VSphereError && error.kind === "NotFound")) throw error;
        dropSnapshot(snapshotId);
      }
    }

    const scopes = await resolveScopes(client, args, ctx.signal);
    const members = await membersOfAll(client, "VirtualMachine", scopes, ctx.signal);
    const matches = globMatcher(args.name);
    // Filter on the raw properties first; rows are built only for the page that is returned.
    const hits: { vm: ObjectProps; name: string; powerState: string }[] = [];
    // The whole inventory comes from the cache kept current with WaitForUpdatesEx (one round trip for
    // what changed); a scoped listing reads its container view.
    const direct = scopes[0] || !useInventoryCache(client, "VirtualMachine");
    const source: AsyncIterable<ObjectProps> | Iterable<ObjectProps> = direct
      ? retrieveView(client, {
        type: "VirtualMachine",
        paths: [...paths],
        ...(scopes[0] ? { container: scopes[0] } : {}),
        signal: ctx.signal,
      })
      : await cachedInventory(client, "VirtualMachine", [...paths], ctx.signal);
    let seen = 0;
    for await (const vm of source) {
      seen++;
      if (members && !members.has(vm.ref.value)) continue;
      const p = vm.props;
      const isTemplate = bool(p["config.template"]) === true;
      if (args.templates === "exclude" && isTemplate) continue;
      if (args.templates === "only" && !isTemplate) continue;
      const powerState = String(p["runtime.powerState"] ?? "unknown");
      if (args.power_state && powerState !== args.power_state) continue;
      const name = sanitizeText(String(p.name ?? ""));
      if (!matches(name)) continue;
      hits.push({ vm, name, powerState });
    }
    if (!scopes[0]) noteInventorySize(client, "VirtualMachine", seen);
    hits.sort((a, b) => compareText(a.name, b.name) || compareText(a.vm.ref.value, b.vm.ref.value));
    const offset = decodeCursor(args.cursor);
    const slice = hits.slice(offset, offset + args.limit);
    const vms: z.infer<typeof vmSummary>[] = [];
    for (const h of slice) vms.push(await toRow(h.vm, h.name, h.powerState));
    const next = offset + slice.length;
    // Keep the ids when more pages may be asked for (also when the output budget trims this page).
    const snapshot = hits.length > SNAPSHOT_MIN
      ? saveSnapshot(client, key, hits.map((h) => h.vm.ref))
      : undefined;
    return {
      vms,
      total: hits.length,
      ...(next < hits.length ? { next_cursor: encodeCursor(next, snapshot) } : {}),
    };
  },
});

/** Listings longer than this keep a snapshot of their ids for paging. */
const SNAPSHOT_MIN = 50;

const BASE_PATHS = [
  "name",
  "config.template",
  "runtime.powerState",
  "config.hardware.numCPU",
  "config.hardware.memoryMB",
  "guest.ipAddress",
  "runtime.host",
] as const;

/** The order localeCompare gives (the default locale's collation), without its per-call setup cost. */
const collator = new Intl.Collator();
const compareText = collator.compare;

async function extraValue(
  field: ExtraField,
  p: Record<string, VimValue>,
  host: MoRef | undefined,
  hosts: Map<string, NamedObject>,
  nameIn: (type: string, r: MoRef | undefined) => Promise<string | null>,
): Promise<unknown> {
  switch (field) {
    case "guest_os":
      return text(p["config.guestFullName"]);
    case "uuid":
      return text(p["config.uuid"]);
    case "instance_uuid":
      return text(p["config.instanceUuid"]);
    case "template":
      return bool(p["config.template"]) === true;
    case "cluster": {
      const parent = host ? hosts.get(host.value)?.parent : undefined;
      return parent?.type === "ClusterComputeResource" ? await nameIn(parent.type, parent) : null;
    }
    case "resource_pool": {
      const pool = ref(p.resourcePool);
      return pool ? await nameIn(pool.type, pool) : null;
    }
    case "folder":
      return await nameIn("Folder", ref(p.parent));
    case "datastores":
      return await Promise.all(asArray<MoRef>(p.datastore).map((d) => nameIn("Datastore", d)));
    case "networks":
      return await Promise.all(asArray<MoRef>(p.network).map((n) => nameIn("Network", n)));
    case "tools_status":
      return text(p["guest.toolsRunningStatus"]);
    case "hostname":
      return text(p["guest.hostName"]);
    case "annotation":
      return text(p["config.annotation"], 200);
    case "storage_gb":
      return gib(num(p["summary.storage.committed"]));
    case "cpu_usage_mhz":
      return num(p["summary.quickStats.overallCpuUsage"]);
    case "memory_usage_mb":
      return num(p["summary.quickStats.guestMemoryUsage"]);
    case "uptime_s":
      return num(p["summary.quickStats.uptimeSeconds"]);
  }
}
