/**
 * The policy engine: who is calling (bearer token → principal), which tools each principal may list and
 * call, and which inventory each may change. Pure and synchronous; the middlewares in ./middleware.ts apply
 * it to calls, and the scope check on resolved MoRefs lives in ./scope.ts.
 */
import { Buffer } from "node:buffer";
import { createHash, timingSafeEqual } from "node:crypto";
import type { AnyTool, DangerTier, Principal } from "../registry/define.ts";
import { DANGER_TIERS } from "../registry/define.ts";
import { globMatcher } from "../tools/shared/glob.ts";
import type { PolicyV2, Role, Scope } from "./schema.ts";

export interface Decision {
  allowed: boolean;
  /** Which rule decided, for the audit log: `role:operator tools[vm_*]`, `deny_tools[vm_delete]`, ... */
  rule: string;
  /** Why a call was refused (a key of the `policy.denied_*` messages). */
  reason?: "no_role" | "denied_tool" | "not_granted" | "tier" | "read_only";
  /** The human must approve through MCP elicitation (role's require_elicitation tier reached). */
  elicitation: boolean;
  /** Inventory scopes of the roles that allowed the call; empty = unrestricted. */
  scopes: Scope[];
}

/** `sha256:` hex of a bearer token, as stored in policy files (`vsphere-mcp hash-token`). */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The first pattern matching any of `names`, or undefined. */
function firstMatch(patterns: readonly string[], names: readonly string[]): string | undefined {
  return patterns.find((p) => names.some(globMatcher(p)));
}

const tierRank = (tier: DangerTier) => DANGER_TIERS.indexOf(tier);

export interface EngineOptions {
  /** Where the policy came from, for messages: a path, `builtin:admin.json` or `default`. */
  source: string;
}

export class PolicyEngine {
  readonly source: string;
  readonly #policy: PolicyV2;
  readonly #byHash = new Map<string, Principal>();
  readonly #local: Principal | undefined;

  constructor(policy: PolicyV2, options: EngineOptions) {
    this.#policy = policy;
    this.source = options.source;
    let local: Principal | undefined;
    for (const [id, p] of Object.entries(policy.principals)) {
      const principal: Principal = { id, kind: p.local ? "local" : "token", roles: [...p.roles] };
      if (p.token_sha256) this.#byHash.set(p.token_sha256, principal);
      if (p.local) local = principal;
    }
    this.#local = local;
  }

  /** The stdio principal: the policy's local entry, or a principal without roles (sees nothing). */
  localPrincipal(): Principal {
    return this.#local ?? { id: "local", kind: "local", roles: [] };
  }

  /** Whether any bearer token can authenticate (a policy with token principals). */
  get hasTokens(): boolean {
    return this.#byHash.size > 0;
  }

  /** Bearer token → principal; undefined for unknown tokens. Compares hashes in constant time. */
  authenticate(token: string): Principal | undefined {
    const hash = Buffer.from(hashToken(token), "hex");
    for (const [known, principal] of this.#byHash) {
      if (timingSafeEqual(hash, Buffer.from(known, "hex"))) return principal;
    }
    return undefined;
  }

  /** For tools/list: may this principal see (and so call) this tool? */
  allow(principal: Principal, tool: AnyTool): boolean {
    return this.decide(principal, tool).allowed;
  }

  decide(principal: Principal, tool: AnyTool): Decision {
    const names = [tool.name, ...(tool.aliases ?? [])];
    const globalDeny = firstMatch(this.#policy.deny_tools, names);
    if (globalDeny) {
      return deny("denied_tool", `deny_tools[${globalDeny}]`);
    }
    const roles = principal.roles
      .map((name) => [name, this.#policy.roles[name]] as const)
      .filter((entry): entry is readonly [string, Role] => entry[1] !== undefined);
    if (!roles.length) return deny("no_role", `principal:${principal.id} has no role`);

    const allowing: { name: string; role: Role; rule: string }[] = [];
    let refusal: Decision | undefined;
    for (const [name, role] of roles) {
      const denied = firstMatch(role.deny_tools, names);
      if (denied) {
        refusal ??= deny("denied_tool", `role:${name} deny_tools[${denied}]`);
        continue;
      }
      const byTool = firstMatch(role.tools, names);
      const bySet = byTool ? undefined : firstMatch(role.toolsets, [tool.toolset]);
      if (!byTool && !bySet) continue;
      if (role.read_only && !tool.annotations.readOnlyHint) {
        refusal ??= deny("read_only", `role:${name} read_only`);
        continue;
      }
      if (tierRank(tool.tier) > tierRank(role.max_tier)) {
        refusal ??= deny("tier", `role:${name} max_tier=${role.max_tier}`);
        continue;
      }
      allowing.push({
        name,
        role,
        rule: `role:${name} ${byTool ? `tools[${byTool}]` : `toolsets[${bySet}]`}`,
      });
    }
    if (!allowing.length) {
      return refusal ?? deny("not_granted", `roles:${principal.roles.join(",")} grant nothing`);
    }
    // A role without scope is unrestricted: the call may act anywhere.
    const unrestricted = allowing.some((a) => !a.role.scope);
    const elicitation = !tool.annotations.readOnlyHint &&
      allowing.every((a) =>
        a.role.require_elicitation !== undefined &&
        tierRank(tool.tier) >= tierRank(a.role.require_elicitation)
      );
    return {
      allowed: true,
      rule: allowing.map((a) => a.rule).join("; "),
      elicitation,
      scopes: unrestricted ? [] : allowing.map((a) => a.role.scope!),
    };
  }
}

function deny(reason: NonNullable<Decision["reason"]>, rule: string): Decision {
  return { allowed: false, rule, reason, elicitation: false, scopes: [] };
}
