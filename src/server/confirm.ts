/**
 * Two-step confirmation for every tool that is not read-only. The first call returns a preview and a
 * handle; only a second call with `confirm: true` and that handle acts. A handle is single-use, expires,
 * and is bound to the principal, the tool and a digest of the exact arguments.
 */
import { ErrorCode, McpError } from "../mcp_sdk.ts";
import type { Translate } from "../i18n/mod.ts";
import type { ChangePlan, DangerTier } from "../registry/define.ts";
import type { Middleware } from "./chain.ts";

export const DEFAULT_HANDLE_TTL_MS = 5 * 60_000;

interface Pending {
  principal: string;
  tool: string;
  digest: string;
  expiresAt: number;
}

export type ConsumeOutcome = "ok" | "unknown" | "expired" | "mismatch";

export class ConfirmationStore {
  #pending = new Map<string, Pending>();
  constructor(private readonly ttlMs = DEFAULT_HANDLE_TTL_MS, private readonly now = () => Date.now()) {}

  issue(principal: string, tool: string, digest: string): { handle: string; expiresAt: Date } {
    this.#sweep();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    const handle = "cfm_" +
      btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, (c) => ({ "+": "-", "/": "_", "=": "" })[c]!);
    const expiresAt = this.now() + this.ttlMs;
    this.#pending.set(handle, { principal, tool, digest, expiresAt });
    return { handle, expiresAt: new Date(expiresAt) };
  }

  /** Checks and burns a handle: whatever the outcome, it cannot be used again. */
  consume(handle: string, principal: string, tool: string, digest: string): ConsumeOutcome {
    const pending = this.#pending.get(handle);
    this.#pending.delete(handle);
    if (!pending) return "unknown";
    if (pending.expiresAt <= this.now()) return "expired";
    if (pending.principal !== principal || pending.tool !== tool || pending.digest !== digest) {
      return "mismatch";
    }
    return "ok";
  }

  get size(): number {
    return this.#pending.size;
  }

  #sweep(): void {
    const now = this.now();
    for (const [handle, p] of this.#pending) if (p.expiresAt <= now) this.#pending.delete(handle);
  }
}

/** Stable digest of arguments: keys sorted at every level so equal arguments give equal digests. */
export async function argsDigest(args: Record<string, unknown>): Promise<string> {
  const data = new TextEncoder().encode(canonicalJson(args));
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Thrown by ctx.mutate on an unconfirmed call; the handler step turns it into a preview result. */
export class PreviewSignal {
  constructor(readonly plan: ChangePlan) {}
}

export interface ConfirmationOptions {
  /** "flag" also accepts a bare `confirm: true` without a handle (the seed's behaviour; see README). */
  mode?: "handle" | "flag";
  /** Tiers the policy wants a human to approve through elicitation; clients without it are refused. */
  elicitationTiers?: readonly DangerTier[];
}

/**
 * Refuses confirmed calls whose handle is not valid for exactly this principal, tool and arguments,
 * before anything reaches vCenter, and calls of tiers that need elicitation from clients that lack it.
 * Marks verified calls in `confirmedCalls` for the handler step.
 */
export function confirmationMiddleware(
  store: ConfirmationStore,
  t: Translate,
  options: ConfirmationOptions = {},
): Middleware {
  return async (call, next) => {
    if (call.tool.annotations.readOnlyHint) return await next();
    if (options.elicitationTiers?.includes(call.tool.tier) && !call.elicit) {
      return {
        isError: true,
        content: [{
          type: "text",
          text: `${t("confirm.elicitation_required", { tool: call.tool.name, tier: call.tool.tier })}\n${
            t("confirm.elicitation_required_hint")
          }`,
        }],
      };
    }
    if (!call.confirmation.confirm) return await next();
    const handle = call.confirmation.handle;
    if (!handle) {
      if (options.mode === "flag") {
        call.confirmedBy = "flag";
        confirmedCalls.add(call);
        return await next();
      }
      throw new McpError(ErrorCode.InvalidParams, t("confirm.handle_missing", { tool: call.tool.name }));
    }
    const outcome = store.consume(handle, call.principal.id, call.tool.name, await argsDigest(call.args));
    if (outcome !== "ok") {
      return {
        isError: true,
        content: [{ type: "text", text: `${t(`confirm.refused_${outcome}`)}\n${t("confirm.refused_hint")}` }],
      };
    }
    call.confirmedBy = "handle";
    confirmedCalls.add(call);
    return await next();
  };
}

/** Calls whose confirmation was verified by the middleware (identity-keyed; no flag the model can set). */
export const confirmedCalls: WeakSet<object> = new WeakSet();
