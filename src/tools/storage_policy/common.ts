/** Reading storage policies through PBM, shared by the storage-policy tools. */
import type { ToolContext } from "../../registry/define.ts";
import { pbmOf } from "../../vsphere/pbm/client.ts";
import { queryProfileXml, retrieveContentXml } from "../../vsphere/pbm/policies.ts";
import type { VimValue } from "../../vsphere/soap/types.ts";
import { asArray, asObject, asObjects, bool, str, text } from "../shared/vim_values.ts";
import { onlyMatch } from "../shared/lookup.ts";

export interface PolicyRuleView {
  rule_set: string;
  namespace: string;
  capability: string;
  property: string;
  value: string;
}

export interface PolicyView {
  id: string;
  name: string;
  description: string;
  category: string;
  is_default: boolean;
  system_type: string;
  rules: PolicyRuleView[];
}

function valueText(value: VimValue | undefined): string {
  const o = asObject(value);
  if (o.values !== undefined) return asArray(o.values).map((v) => text(v)).join(", ");
  if (o.min !== undefined || o.max !== undefined) return `${text(o.min)}..${text(o.max)}`;
  return text(value);
}

export function policyView(p: VimValue): PolicyView {
  const o = asObject(p);
  const rules: PolicyRuleView[] = [];
  for (const sub of asObjects(asObject(o.constraints).subProfiles)) {
    for (const cap of asObjects(sub.capability)) {
      const id = asObject(cap.id);
      for (const c of asObjects(cap.constraint)) {
        for (const prop of asObjects(c.propertyInstance)) {
          rules.push({
            rule_set: text(sub.name),
            namespace: text(id.namespace),
            capability: text(id.id),
            property: text(prop.id),
            value: valueText(prop.value),
          });
        }
      }
    }
  }
  return {
    id: text(asObject(o.profileId).uniqueId),
    name: text(o.name),
    description: text(o.description),
    category: text(o.profileCategory),
    is_default: bool(o.isDefault) ?? false,
    system_type: text(o.systemCreatedProfileType),
    rules,
  };
}

/** Every storage policy, in full (PbmQueryProfile then PbmRetrieveContent). */
export async function listPolicies(ctx: ToolContext): Promise<PolicyView[]> {
  const pbm = pbmOf(ctx.vsphere);
  const { profileManager } = await pbm.content();
  const ids = asObjects(await pbm.call("PbmQueryProfile", profileManager, queryProfileXml(), ctx.signal))
    .map((id) => str(id.uniqueId)).filter((id): id is string => !!id);
  if (ids.length === 0) return [];
  const content = await pbm.call("PbmRetrieveContent", profileManager, retrieveContentXml(ids), ctx.signal);
  return asArray(content).map(policyView);
}

/** A policy by id or exact name. */
export async function resolvePolicy(ctx: ToolContext, idOrName: string): Promise<PolicyView> {
  const all = await listPolicies(ctx);
  const exact = all.find((p) => p.id === idOrName);
  if (exact) return exact;
  const named = all.filter((p) => p.name === idOrName);
  return onlyMatch(named, "storage policy", idOrName, (p) => p.id);
}
