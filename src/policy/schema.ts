/**
 * The RBAC policy file format (JSON), validated by zod with every problem reported at its JSON path.
 *
 * Version 2 (ours): principals → roles → allowed toolsets/tools, denied tools, highest danger tier,
 * optional inventory scope and elicitation requirement. Version 1 is the seed project's single-role format
 * `{"version":1,"default_action","allowed_tools","denied_tools"}`, accepted so migrating users keep their files.
 */
import { z } from "zod";
import type { DangerTier } from "../registry/define.ts";

/** Tool, alias or toolset names with shell-style `*` and `?`. */
const pattern = z.string().regex(/^[A-Za-z0-9_*?.-]{1,128}$/, "expected a tool or toolset name or glob");
const patterns = z.array(pattern);
const TIERS = ["low", "medium", "high", "critical"] as const satisfies readonly DangerTier[];
const tier = z.enum(TIERS);
const nonEmpty = z.array(z.string().min(1).max(256)).min(1);

export const scopeSchema = z.object({
  /** Datacenter names or globs the role may change objects in. */
  datacenters: nonEmpty.optional(),
  /** Cluster names or globs (a VM's cluster is its host's cluster). */
  clusters: nonEmpty.optional(),
  /** Folder names, globs or inventory paths such as `/DC0/vm/prod*`. */
  folders: nonEmpty.optional(),
  /** Globs on the target object's own name. */
  names: nonEmpty.optional(),
  /** vSphere tags, `Category:Tag` or `Tag`; any one attached tag is enough. */
  tags: nonEmpty.optional(),
}).strict();

export const roleSchema = z.object({
  description: z.string().max(500).optional(),
  /** Toolsets (ids or globs) whose tools the role may call. */
  toolsets: patterns.default([]),
  /** Individual tools (names, the seed's old names, or globs) the role may call. */
  tools: patterns.default([]),
  /** Tools the role may never call, even when a toolset or glob above includes them. */
  deny_tools: patterns.default([]),
  /** Only tools with readOnlyHint: true. */
  read_only: z.boolean().default(false),
  /** Highest danger tier the role may run. */
  max_tier: tier.default("low"),
  /** Tools at or above this tier need a human answer through MCP elicitation. */
  require_elicitation: tier.optional(),
  /** Inventory the role may change; absent = everywhere. Checked on the resolved MoRefs. */
  scope: scopeSchema.optional(),
}).strict();

const principalId = z.string().regex(/^[\w.@-]{1,64}$/, "expected 1-64 letters, digits, _ . @ -");

export const principalSchema = z.object({
  /** SHA-256 (hex) of the bearer token; the token itself never appears in the file. */
  token_sha256: z.string().regex(
    /^[0-9a-f]{64}$/,
    "expected 64 lower-case hex digits (vsphere-mcp hash-token)",
  )
    .optional(),
  /** The local stdio user. */
  local: z.literal(true).optional(),
  roles: z.array(z.string().min(1)).min(1),
}).strict();

export const policyV2Schema = z.object({
  version: z.literal(2),
  description: z.string().max(1000).optional(),
  principals: z.record(principalId, principalSchema),
  roles: z.record(z.string().regex(/^[\w.-]{1,64}$/), roleSchema),
  /** Denied for everyone, whatever the roles say. */
  deny_tools: patterns.default([]),
}).strict().superRefine((policy, ctx) => {
  const hashes = new Map<string, string>();
  let locals = 0;
  for (const [id, principal] of Object.entries(policy.principals)) {
    if (!principal.token_sha256 === !principal.local) {
      ctx.addIssue({
        code: "custom",
        path: ["principals", id],
        message: "set exactly one of token_sha256 or local: true",
      });
    }
    if (principal.local) locals++;
    if (principal.token_sha256) {
      const other = hashes.get(principal.token_sha256);
      if (other) {
        ctx.addIssue({
          code: "custom",
          path: ["principals", id, "token_sha256"],
          message: `same token as principal "${other}"`,
        });
      }
      hashes.set(principal.token_sha256, id);
    }
    principal.roles.forEach((role, i) => {
      if (!Object.hasOwn(policy.roles, role)) {
        ctx.addIssue({
          code: "custom",
          path: ["principals", id, "roles", i],
          message: `unknown role "${role}"`,
        });
      }
    });
  }
  if (locals > 1) {
    ctx.addIssue({ code: "custom", path: ["principals"], message: "at most one principal may be local" });
  }
});

export const policyV1Schema = z.object({
  version: z.literal(1),
  default_action: z.enum(["allow", "deny"]),
  allowed_tools: patterns.default([]),
  denied_tools: patterns.default([]),
}).strict();

export const policyFileSchema = z.union([policyV2Schema, policyV1Schema]);

export type PolicyV2 = z.infer<typeof policyV2Schema>;
export type PolicyV1 = z.infer<typeof policyV1Schema>;
export type Role = z.infer<typeof roleSchema>;
export type Scope = z.infer<typeof scopeSchema>;

/** `$.a.b[2]` from a zod path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return "$" + path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
}

/**
 * Validates a parsed policy document; problems come back as `$.path: message` lines. A version-1 file
 * becomes a single-role version-2 policy for the local principal.
 */
export function validatePolicy(
  doc: unknown,
): { ok: true; policy: PolicyV2; format: 1 | 2 } | { ok: false; problems: string[] } {
  const version = doc && typeof doc === "object" ? (doc as { version?: unknown }).version : undefined;
  const schema = version === 1 ? policyV1Schema : version === 2 ? policyV2Schema : undefined;
  if (!schema) {
    return {
      ok: false,
      problems: [`$.version: expected 1 (seed format) or 2, got ${JSON.stringify(version)}`],
    };
  }
  const parsed = schema.safeParse(doc);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => `${jsonPath(issue.path)}: ${issue.message}`),
    };
  }
  if (parsed.data.version === 2) return { ok: true, policy: parsed.data, format: 2 };
  return { ok: true, policy: fromSeedFormat(parsed.data), format: 1 };
}

/**
 * The seed's format as one role for the local user. `default_action: "deny"` grants exactly the listed tools
 * at any tier (the file names them); `"allow"` grants every tool but the denied ones, up to the high tier —
 * critical tools need an explicit grant.
 */
export function fromSeedFormat(seed: PolicyV1): PolicyV2 {
  const allowAll = seed.default_action === "allow";
  return {
    version: 2,
    description: "Converted from the seed's version-1 policy format",
    principals: { local: { local: true, roles: ["seed"] } },
    roles: {
      seed: {
        toolsets: allowAll ? ["*"] : [],
        tools: allowAll ? [] : seed.allowed_tools,
        deny_tools: seed.denied_tools,
        read_only: false,
        max_tier: allowAll ? "high" : "critical",
      },
    },
    deny_tools: [],
  };
}
