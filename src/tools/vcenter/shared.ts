/** Cluster resolution shared by the namespace and vLCM tools. */
import { z } from "zod";
import type { Translate } from "../../i18n/mod.ts";
import type { ToolContext } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { mapBounded } from "../shared/bounded.ts";

export function clusterInput(t: Translate) {
  return z.string().min(1).max(300).describe(t("param.vcenter_cluster"));
}

/** A cluster by name or MoRef id, as the REST API names it (`domain-c7`). */
export async function resolveCluster(
  ctx: ToolContext,
  nameOrId: string,
): Promise<{ id: string; name: string }> {
  const resolved = await resolveEntity(ctx.vsphere, "ClusterComputeResource", nameOrId, {
    signal: ctx.signal,
  });
  return { id: resolved.ref.value, name: sanitizeText(resolved.name) };
}

/** Display names of cluster ids (the id itself when the cluster cannot be read). */
export function clusterNames(ctx: ToolContext, ids: Iterable<string>): Promise<Map<string, string>> {
  return entityNames(ctx, "ClusterComputeResource", ids);
}

/** Display names of MoRef ids of one type (the id itself when the object cannot be read). */
export async function entityNames(
  ctx: ToolContext,
  type: string,
  ids: Iterable<string>,
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const names = await mapBounded(unique, async (id) => {
    try {
      const props = await retrieveOne(ctx.vsphere, { type, value: id }, ["name"], { signal: ctx.signal });
      return sanitizeText(String(props.name ?? id));
    } catch {
      return sanitizeText(id);
    }
  });
  return new Map(unique.map((id, i) => [id, names[i]!]));
}
