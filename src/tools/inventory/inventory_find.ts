import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { VSphereClient } from "../../vsphere/client.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { globMatcher } from "../shared/glob.ts";
import { asArray, ref } from "../shared/values.ts";
import { onlyMatch } from "../shared/lookup.ts";

const BY = [
  "name",
  "ip",
  "dns_name",
  "uuid",
  "instance_uuid",
  "inventory_path",
  "datastore_path",
  "child",
] as const;

const MAX_RESULTS = 200;

const match = z.object({
  moref: z.string(),
  type: z.string(),
  name: z.string(),
  path: z.string(),
});

export const inventoryFind = defineTool({
  name: "inventory_find",
  toolset: "inventory",
  input: (t) => ({
    by: z.enum(BY).describe(t("param.find_by")),
    value: z.string().min(1).max(500).describe(t("param.find_value")),
    target: z.enum(["vm", "host"]).default("vm").describe(t("param.find_target")),
    parent: z.string().min(1).max(300).optional().describe(t("param.find_parent")),
    datacenter: z.string().min(1).max(300).optional().describe(t("param.datacenter")),
  }),
  output: {
    matches: z.array(match),
    truncated: z.boolean().optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["find_vm_by_ip", "find_vm_by_uuid", "find_vm_by_dns_name", "find_by_inventory_path"],
  async handler(args, ctx) {
    const client = ctx.vsphere;
    const content = await client.serviceContent();
    const searchIndex = content.searchIndex as MoRef;
    const call = (method: string, params: Record<string, VimValue | undefined>) =>
      client.call(method, searchIndex, params, { signal: ctx.signal });
    const dc = args.datacenter
      ? (await resolveEntity(client, "Datacenter", args.datacenter, { signal: ctx.signal })).ref
      : undefined;
    const vmSearch = args.target === "vm";

    const tree = await entityTree(client, ctx.signal);
    let refs: MoRef[];
    switch (args.by) {
      case "name": {
        const matches = globMatcher(args.value);
        refs = [...tree.values()].filter((e) => e.ref.type !== "Folder" || e.parent)
          .filter((e) => matches(e.name)).map((e) => e.ref);
        break;
      }
      case "ip":
        refs = asArray(await call("FindAllByIp", { datacenter: dc, ip: args.value, vmSearch })).flatMap(only);
        break;
      case "dns_name":
        refs = asArray(await call("FindAllByDnsName", { datacenter: dc, dnsName: args.value, vmSearch }))
          .flatMap(only);
        break;
      case "uuid":
      case "instance_uuid":
        // FindByUuid (not FindAllByUuid): the simulator implements only the single form.
        refs = only(
          await call("FindByUuid", {
            datacenter: dc,
            uuid: args.value,
            vmSearch,
            ...(args.by === "instance_uuid" ? { instanceUuid: true } : {}),
          }),
        );
        break;
      case "inventory_path":
        refs = only(await call("FindByInventoryPath", { inventoryPath: args.value.replace(/^\/+/, "") }));
        break;
      case "datastore_path": {
        if (!dc) throw new ToolInputError("errors.find_needs_datacenter", {}, "hints.input");
        refs = only(await call("FindByDatastorePath", { datacenter: dc, path: args.value }));
        break;
      }
      case "child": {
        if (!args.parent) throw new ToolInputError("errors.find_needs_parent", {}, "hints.input");
        const parent = resolveRefLike(args.parent, tree);
        refs = only(await call("FindChild", { entity: parent, name: args.value }));
        break;
      }
    }
    const truncated = refs.length > MAX_RESULTS;
    const matches = refs.slice(0, MAX_RESULTS).map((r) => {
      const entry = tree.get(key(r));
      return {
        moref: r.value,
        type: r.type,
        name: entry?.name ?? r.value,
        path: pathOf(r, tree),
      };
    }).sort((a, b) => a.path.localeCompare(b.path));
    return { matches, ...(truncated ? { truncated } : {}) };
  },
});

interface Entry {
  ref: MoRef;
  name: string;
  parent?: MoRef;
}

const key = (r: MoRef) => `${r.type}:${r.value}`;

function only(value: VimValue | undefined): MoRef[] {
  const r = ref(value ?? undefined);
  return r ? [r] : [];
}

/** Every managed entity's name and parent, in one round trip: for paths and name search. */
async function entityTree(client: VSphereClient, signal: AbortSignal): Promise<Map<string, Entry>> {
  const tree = new Map<string, Entry>();
  for await (const o of retrieveView(client, { type: "ManagedEntity", paths: ["name", "parent"], signal })) {
    const parent = ref(o.props.parent);
    tree.set(key(o.ref), {
      ref: o.ref,
      name: sanitizeText(String(o.props.name ?? "")),
      ...(parent ? { parent } : {}),
    });
  }
  return tree;
}

/** "/DC0/vm/web-01": names from the datacenter down (the root folder is left out, as vCenter does). */
function pathOf(r: MoRef, tree: Map<string, Entry>): string {
  const parts: string[] = [];
  let current: MoRef | undefined = r;
  for (let depth = 0; current && depth < 64; depth++) {
    const entry = tree.get(key(current));
    if (!entry) break;
    if (!entry.parent) break; // the root folder
    parts.unshift(entry.name.replaceAll("/", "%2f"));
    current = entry.parent;
  }
  return "/" + parts.join("/");
}

function resolveRefLike(nameOrId: string, tree: Map<string, Entry>): MoRef {
  const candidates = [...tree.values()].filter((e) =>
    e.ref.value === nameOrId || e.name === nameOrId ||
    pathOf(e.ref, tree) === "/" + nameOrId.replace(/^\/+/, "")
  );
  const exact = candidates.filter((e) => e.ref.value === nameOrId);
  const chosen = exact.length === 1 ? exact : candidates;
  return onlyMatch(chosen, "ManagedEntity", nameOrId, (c) => `${c.ref.value} (${pathOf(c.ref, tree)})`).ref;
}
