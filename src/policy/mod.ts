/**
 * Loading the RBAC policy, failing closed: a configured policy that is missing, unreadable or invalid stops
 * start-up with a ConfigError naming the file and every problem at its JSON path. The shipped policies are
 * JSON imports (embedded in the binary) named `builtin:<name>`; anything else is read from the given path.
 *
 * Without VSPHERE_RBAC_POLICY the built-in default applies: the local stdio user may call every tool up to
 * the high tier (critical too with --allow-critical); HTTP principals get nothing (no tokens are known).
 */
import { ConfigError } from "../config/mod.ts";
import { PolicyEngine } from "./engine.ts";
import { type PolicyV2, validatePolicy } from "./schema.ts";
import readOnly from "../../policies/read-only.json" with { type: "json" };
import operator from "../../policies/operator.json" with { type: "json" };
import admin from "../../policies/admin.json" with { type: "json" };
import exampleMultiUser from "../../policies/example-multi-user.json" with { type: "json" };

export { type Decision, hashToken, PolicyEngine } from "./engine.ts";
export type { PolicyV2, Role, Scope } from "./schema.ts";

export const BUILTIN_POLICIES: Readonly<Record<string, unknown>> = {
  "read-only": readOnly,
  operator,
  admin,
  "example-multi-user": exampleMultiUser,
};

export interface PolicyOptions {
  /** VSPHERE_RBAC_POLICY: a file path or `builtin:<name>`; undefined = the built-in default. */
  path?: string | undefined;
  /** --allow-critical: lets the default policy's local user run critical-tier tools. */
  allowCritical?: boolean;
}

/** The built-in default when no policy is configured (documented in README). */
export function defaultPolicy(allowCritical: boolean): PolicyV2 {
  return {
    version: 2,
    description: "Built-in default: the local user may call every tool; no HTTP principal exists",
    principals: { local: { local: true, roles: ["local"] } },
    roles: {
      local: {
        toolsets: ["*"],
        tools: [],
        deny_tools: [],
        read_only: false,
        max_tier: allowCritical ? "critical" : "high",
      },
    },
    deny_tools: [],
  };
}

export function loadPolicy(options: PolicyOptions = {}): PolicyEngine {
  const path = options.path?.trim();
  if (!path) return new PolicyEngine(defaultPolicy(options.allowCritical ?? false), { source: "default" });
  let doc: unknown;
  if (path.startsWith("builtin:")) {
    const name = path.slice("builtin:".length);
    if (!Object.hasOwn(BUILTIN_POLICIES, name)) {
      throw new ConfigError("policy.unknown_builtin", {
        name,
        choices: Object.keys(BUILTIN_POLICIES).join(", "),
      });
    }
    doc = BUILTIN_POLICIES[name];
  } else {
    let text: string;
    try {
      text = Deno.readTextFileSync(path);
    } catch (error) {
      throw new ConfigError("policy.unreadable", { path, reason: errorText(error) });
    }
    try {
      doc = JSON.parse(text);
    } catch (error) {
      throw new ConfigError("policy.invalid_json", { path, reason: errorText(error) });
    }
  }
  const result = validatePolicy(doc);
  if (!result.ok) {
    throw new ConfigError("policy.invalid", { path, problems: result.problems.join("; ") });
  }
  return new PolicyEngine(result.policy, { source: path });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
