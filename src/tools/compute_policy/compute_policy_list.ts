import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { VSphereError } from "../../vsphere/errors.ts";
import { computePolicyOps, shortCapability } from "./ops.ts";
import { notFoundByName } from "../shared/lookup.ts";

const ACTIONS = ["list", "get", "capabilities"] as const;

interface Summary {
  policy: string;
  name: string;
  description: string;
  capability: string;
}

export async function listComputePolicies(
  rest: { call<T>(op: ReturnType<typeof computePolicyOps.list>, o?: { signal?: AbortSignal }): Promise<T> },
  signal?: AbortSignal,
): Promise<Summary[]> {
  try {
    return (await rest.call<Summary[] | null>(computePolicyOps.list(), signal ? { signal } : {})) ?? [];
  } catch (error) {
    // vCenter before 7.0U2 (only /rest) and the simulator have no compute-policy service at all.
    if (error instanceof VSphereError && error.faultType === "HTTP404") {
      throw new ToolInputError("errors.compute_policy_unsupported", {});
    }
    throw error;
  }
}

export const computePolicyList = defineTool({
  name: "compute_policy_list",
  toolset: "compute_policy",
  input: (t) => ({
    action: z.enum(ACTIONS).default("list").describe(t("param.compute_policy_list_action")),
    policy: z.string().min(1).max(300).optional().describe(t("param.compute_policy")),
  }),
  output: {
    action: z.enum(ACTIONS),
    policies: z.array(z.object({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      capability: z.string(),
      vm_tag: z.string().optional(),
      host_tag: z.string().optional(),
    })).optional(),
    capabilities: z.array(z.object({ id: z.string(), name: z.string(), description: z.string() })).optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: ["list_compute_policies", "get_compute_policy"],
  async handler(args, ctx) {
    const rest = ctx.vsphere.rest;
    if (args.action === "capabilities") {
      const caps = (await rest.call<{ capability: string; name: string; description: string }[] | null>(
        computePolicyOps.capabilities(),
        { signal: ctx.signal },
      )) ?? [];
      return {
        action: args.action,
        capabilities: caps.map((c) => ({
          id: shortCapability(c.capability),
          name: sanitizeText(c.name),
          description: sanitizeText(c.description),
        })),
      };
    }
    const all = await listComputePolicies(rest, ctx.signal);
    if (args.action === "list") {
      return {
        action: args.action,
        policies: all.map((p) => ({
          id: p.policy,
          name: sanitizeText(p.name),
          description: sanitizeText(p.description),
          capability: shortCapability(p.capability),
        })),
      };
    }
    if (!args.policy) throw new ToolInputError("errors.compute_policy_missing", {});
    const found = all.find((p) => p.policy === args.policy) ?? all.find((p) => p.name === args.policy);
    if (!found) {
      notFoundByName("compute policy", args.policy);
    }
    const info = await rest.call<Record<string, unknown>>(computePolicyOps.get(found.policy), {
      signal: ctx.signal,
    });
    const tag = (k: string) => typeof info[k] === "string" ? { [k]: info[k] as string } : {};
    return {
      action: args.action,
      policies: [{
        id: found.policy,
        name: sanitizeText(found.name),
        description: sanitizeText(found.description),
        capability: shortCapability(found.capability),
        ...tag("vm_tag"),
        ...tag("host_tag"),
      }],
    };
  },
});
