import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { pbmOf } from "../../vsphere/pbm/client.ts";
import { createSpecXml, deleteXml, type PolicyRule, tagRule } from "../../vsphere/pbm/policies.ts";
import { asObjects, text } from "../shared/vim_values.ts";
import { listPolicies, resolvePolicy } from "./common.ts";

const ACTIONS = ["create", "delete"] as const;

/** The rules of a new policy: a tag-based rule and/or capability rules (e.g. VSAN hostFailuresToTolerate). */
export function policyRules(args: {
  tag_category?: string | undefined;
  tags?: readonly string[] | undefined;
  rules?: readonly { namespace: string; capability: string; value: string | number | boolean }[] | undefined;
}): PolicyRule[] {
  const out: PolicyRule[] = [];
  if (args.tag_category && args.tags?.length) out.push(tagRule(args.tag_category, args.tags));
  for (const r of args.rules ?? []) out.push({ namespace: r.namespace, id: r.capability, value: r.value });
  return out;
}

export const storagePolicy = defineTool({
  name: "storage_policy",
  toolset: "storage_policy",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.storage_policy_action")),
    policy: z.string().min(1).max(300).optional().describe(t("param.storage_policy")),
    name: z.string().min(1).max(80).optional().describe(t("param.storage_policy_name")),
    description: z.string().max(1000).optional().describe(t("param.storage_policy_description")),
    tag_category: z.string().min(1).max(255).optional().describe(t("param.storage_policy_tag_category")),
    tags: z.array(z.string().min(1).max(255)).max(50).optional().describe(t("param.storage_policy_tags")),
    rules: z.array(z.object({
      namespace: z.string().min(1).max(255),
      capability: z.string().min(1).max(255),
      value: z.union([z.string().max(1000), z.number(), z.boolean()]),
    })).max(50).optional().describe(t("param.storage_policy_rules")),
  }),
  output: {
    action: z.enum(ACTIONS),
    id: z.string(),
    name: z.string(),
    policies: z.array(z.string()).describe("Names of all storage policies afterwards"),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Deleting a policy strands every VM and disk that uses it (they lose their placement rules).
  tier: "critical",
  privileges: ["StorageProfile.Update", "StorageProfile.View"],
  aliases: ["create_storage_policy", "delete_storage_policy"],
  async handler(args, ctx) {
    const pbm = pbmOf(ctx.vsphere);
    const { profileManager } = await pbm.content();
    const names = async () => (await listPolicies(ctx)).map((p) => p.name);
    if (args.action === "create") {
      const rules = policyRules(args);
      if (!args.name || rules.length === 0) {
        throw new ToolInputError("errors.storage_policy_create_fields", {});
      }
      const before = await listPolicies(ctx);
      const existing = before.find((p) => p.name === args.name);
      if (existing) {
        return {
          action: args.action,
          id: existing.id,
          name: existing.name,
          policies: before.map((p) => p.name),
          message: ctx.t("storage_policy.exists", { name: existing.name }),
        };
      }
      const spec = createSpecXml({
        name: args.name,
        ...(args.description ? { description: args.description } : {}),
        rules,
      });
      return await ctx.mutate({
        targets: [{ ref: profileManager, name: args.name }],
        summary: ctx.t("storage_policy.summary_create", { name: args.name, rules: rules.length }),
        method: "PbmProfileProfileManager.PbmCreate",
        args: { name: args.name, rules: rules as unknown as Record<string, unknown>[] },
      }, async () => {
        const id = await pbm.call("PbmCreate", profileManager, spec, ctx.signal);
        const created = text(asObjects(id)[0]?.uniqueId);
        return {
          action: args.action,
          id: created,
          name: args.name!,
          policies: await names(),
          message: ctx.t("storage_policy.created", { name: args.name!, id: created }),
        };
      });
    }
    if (!args.policy) throw new ToolInputError("errors.storage_policy_missing", { action: args.action });
    const found = await resolvePolicy(ctx, args.policy);
    if (found.system_type) {
      throw new ToolInputError("errors.storage_policy_system", { name: found.name });
    }
    return await ctx.mutate({
      targets: [{
        ref: profileManager,
        name: found.name,
        state: { id: found.id, rules: found.rules.length },
      }],
      summary: ctx.t("storage_policy.summary_delete", { name: found.name }),
      method: "PbmProfileProfileManager.PbmDelete",
      args: { profileId: found.id },
    }, async () => {
      const outcomes = asObjects(
        await pbm.call("PbmDelete", profileManager, deleteXml([found.id]), ctx.signal),
      );
      const failed = outcomes.find((o) => o.fault !== undefined);
      if (failed) {
        throw new ToolInputError("errors.storage_policy_delete_failed", {
          name: found.name,
          reason: text((failed.fault as Record<string, string> | undefined)?.localizedMessage),
        });
      }
      return {
        action: args.action,
        id: found.id,
        name: found.name,
        policies: await names(),
        message: ctx.t("storage_policy.deleted", { name: found.name }),
      };
    });
  },
});
