/**
 * The one middleware chain around every tool call:
 * validate → policy → confirmation → audit → handler → error mapping.
 * Governance features plug in here as middlewares; tools never see them.
 */
import type { CallToolResult } from "../mcp_sdk.ts";
import type { AnyTool, ChangePlan, Principal, ProgressUpdate } from "../registry/define.ts";

export interface ToolCall {
  tool: AnyTool;
  /** Validated arguments, without the framework's confirmation fields. */
  args: Record<string, unknown>;
  /** The confirmation fields the caller sent, if any. */
  confirmation: { confirm?: boolean; handle?: string };
  principal: Principal;
  eventId: string;
  signal: AbortSignal;
  progress(update: ProgressUpdate): Promise<void>;
  /** Set by the handler step when the tool called ctx.mutate (for audit and results). */
  plan?: ChangePlan;
  /** MCP client identity from initialize, for audit. */
  client?: { name: string; version: string };
  /** Where the call came from, for audit: transport and a per-process session label (never the raw id). */
  session?: SessionInfo;
  /** Present when the client declared the `elicitation` capability: asks the human directly. */
  elicit?: (request: ElicitationRequest) => Promise<ElicitationOutcome>;
  /** How a confirmed call was confirmed (for audit): preview handle, bare flag (compat mode), or the human. */
  confirmedBy?: "handle" | "flag" | "elicitation";
  /** The human's answer when the server asked through elicitation (for audit). */
  elicitation?: ElicitationOutcome;
}

export interface SessionInfo {
  transport: "stdio" | "streamable-http" | "sse" | "cli" | "in-memory";
  label: string;
}

export type ElicitationOutcome = "accept" | "decline" | "cancel";

export interface ElicitationRequest {
  /** Localized question: target, action, tier. */
  message: string;
  /** Label of the approve checkbox. */
  approveLabel: string;
}

export type Middleware = (call: ToolCall, next: () => Promise<CallToolResult>) => Promise<CallToolResult>;

/** Runs `middlewares` in order around `last`. */
export function compose(
  middlewares: readonly Middleware[],
  last: (call: ToolCall) => Promise<CallToolResult>,
) {
  return (call: ToolCall): Promise<CallToolResult> => {
    const step = (i: number): Promise<CallToolResult> => {
      const mw = middlewares[i];
      return mw ? mw(call, () => step(i + 1)) : last(call);
    };
    return step(0);
  };
}

/**
 * Runs around the mutating part of a confirmed call (after the preview step, before the first mutating
 * vCenter request): inventory-scope checks and the write-ahead audit record plug in here.
 */
export type MutationGuard = <T>(call: ToolCall, plan: ChangePlan, run: () => Promise<T>) => Promise<T>;

export function guardMutation<T>(
  guards: readonly MutationGuard[],
  call: ToolCall,
  plan: ChangePlan,
  run: () => Promise<T>,
) {
  const step = (i: number): Promise<T> => {
    const guard = guards[i];
    return guard ? guard(call, plan, () => step(i + 1)) : run();
  };
  return step(0);
}
