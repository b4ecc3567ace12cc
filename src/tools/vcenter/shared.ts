/** Cluster resolution shared by the namespace and vLCM tools. */
import { z } from "zod";
import type { Translate } from "../../i18n/mod.ts";
import type { ToolContext } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";

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
export async function clusterNames(ctx: ToolContext, ids: Iterable<string>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of new Set(ids)) {
    try {
      const props = await retrieveOne(ctx.vsphere, { type: "ClusterComputeResource", value: id }, ["name"], {
        signal: ctx.signal,
      });
      names.set(id, sanitizeText(String(props.name ?? id)));
    } catch {
      names.set(id, sanitizeText(id));
    }
  }
  return names;
}
