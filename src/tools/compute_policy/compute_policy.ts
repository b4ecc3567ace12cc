import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { TaggingManager } from "../../vsphere/rest/tagging.ts";
import { resolveTag } from "../tags/shared.ts";
import { listComputePolicies } from "./compute_policy_list.ts";
import { CAPABILITIES, computePolicyOps, needsHostTag } from "./ops.ts";
import { notFoundByName } from "../shared/lookup.ts";

const ACTIONS = ["create", "delete"] as const;

export const computePolicy = defineTool({
  name: "compute_policy",
  toolset: "compute_policy",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.compute_policy_action")),
    policy: z.string().min(1).max(300).optional().describe(t("param.compute_policy")),
    name: z.string().min(1).max(80).optional().describe(t("param.compute_policy_name")),
    description: z.string().max(1000).default("").describe(t("param.compute_policy_description")),
    capability: z.enum(CAPABILITIES).optional().describe(t("param.compute_policy_capability")),
    vm_tag: z.string().min(1).max(300).optional().describe(t("param.compute_policy_vm_tag")),
    host_tag: z.string().min(1).max(300).optional().describe(t("param.compute_policy_host_tag")),
  }),
  output: {
    action: z.enum(ACTIONS),
    id: z.string(),
    name: z.string(),
    policies: z.array(z.string()).describe("Names of all compute policies afterwards"),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Policies steer DRS: creating one can migrate VMs, deleting one drops a placement rule others rely on.
  tier: "critical",
  privileges: ["ComputePolicy.Manage"],
  aliases: ["create_compute_policy", "delete_compute_policy"],
  async handler(args, ctx) {
    const rest = ctx.vsphere.rest;
    const target = { ref: { type: "ComputePolicy", value: "vcenter" }, name: "" };
    if (args.action === "create") {
      if (
        !args.name || !args.capability || !args.vm_tag || (needsHostTag(args.capability) && !args.host_tag)
      ) {
        throw new ToolInputError("errors.compute_policy_create_fields", {});
      }
      const tagging = new TaggingManager(rest);
      const vmTag = await resolveTag(tagging, args.vm_tag);
      const hostTag = needsHostTag(args.capability) && args.host_tag
        ? await resolveTag(tagging, args.host_tag)
        : undefined;
      const existing = (await listComputePolicies(rest, ctx.signal)).find((p) => p.name === args.name);
      const name = sanitizeText(args.name);
      if (existing) {
        return {
          action: args.action,
          id: existing.policy,
          name,
          policies: [],
          message: ctx.t("compute_policy.exists", { name }),
        };
      }
      const op = computePolicyOps.create({
        capability: args.capability,
        name: args.name,
        description: args.description,
        vmTag: vmTag.id,
        hostTag: hostTag?.id,
      });
      return await ctx.mutate({
        targets: [{ ...target, name }],
        summary: ctx.t("compute_policy.summary_create", {
          name,
          capability: args.capability,
          vm_tag: sanitizeText(vmTag.name),
          host_tag: sanitizeText(hostTag?.name ?? "-"),
        }),
        method: "vcenter.compute.Policies.create",
        args: {
          capability: args.capability,
          name: args.name,
          vm_tag: vmTag.id,
          host_tag: hostTag?.id ?? null,
        },
      }, async () => {
        const id = await rest.call<string>(op, { signal: ctx.signal });
        return {
          action: args.action,
          id,
          name,
          policies: (await listComputePolicies(rest, ctx.signal)).map((p) => sanitizeText(p.name)),
          message: ctx.t("compute_policy.created", { name }),
        };
      });
    }
    if (!args.policy) throw new ToolInputError("errors.compute_policy_missing", {});
    const all = await listComputePolicies(rest, ctx.signal);
    const found = all.find((p) => p.policy === args.policy) ?? all.find((p) => p.name === args.policy);
    if (!found) {
      notFoundByName("compute policy", args.policy);
    }
    const name = sanitizeText(found.name);
    return await ctx.mutate({
      targets: [{ ...target, name, state: { id: found.policy, capability: found.capability } }],
      summary: ctx.t("compute_policy.summary_delete", { name }),
      method: "vcenter.compute.Policies.delete",
      args: { policy: found.policy },
    }, async () => {
      await rest.call(computePolicyOps.delete(found.policy), { signal: ctx.signal });
      return {
        action: args.action,
        id: found.policy,
        name,
        policies: (await listComputePolicies(rest, ctx.signal)).map((p) => sanitizeText(p.name)),
        message: ctx.t("compute_policy.deleted", { name }),
      };
    });
  },
});
