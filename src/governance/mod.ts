/**
 * Governance as middlewares on the one tool-call chain (src/server/chain.ts), so tools never see it:
 *
 *   error mapping → [policy → rate limit → audit] → confirmation → handler
 *                    beforeConfirm                                  └ ctx.mutate → [scope → write-ahead intent] → vCenter
 *
 * - policy: calls outside the principal's roles are refused before anything reaches vCenter, and audited;
 * - rate limit: after policy, so refused calls spend no tokens;
 * - audit: one record per decision/outcome (previews, reads, refused confirmations, results, faults);
 * - mutation guards (confirmed calls only, after the tool resolved its targets): inventory scope on the
 *   resolved MoRefs, then the write-ahead intent record, flushed before the first mutating vCenter call —
 *   if it cannot be written, the operation is refused.
 *
 * Transports call `denial()` for refusals outside tool calls (bad token, Host/Origin) and use
 * `authenticate()` / `allow()` for bearer tokens and per-principal tool lists.
 */
import type { Logger } from "@logtape/logtape";
import { AuditLog, type AuditSink, NO_AUDIT } from "../audit/log.ts";
import { type AuditEntry, hashSessionId } from "../audit/record.ts";
import type { MessageKey, Translate } from "../i18n/mod.ts";
import { withLogContext } from "../log/mod.ts";
import { redactText, registerSecret, scrubSecrets } from "../log/redact.ts";
import { ServerMetrics } from "../metrics/mod.ts";
import type { CallToolResult } from "../mcp_sdk.ts";
import type { Decision, PolicyEngine } from "../policy/engine.ts";
import { RateLimiter, type RateLimitSettings } from "../policy/rate_limit.ts";
import { checkScope, type TagReader } from "../policy/scope.ts";
import { type RestTagReader, restTagReader } from "../policy/tags.ts";
import type { AnyTool, ChangePlan, Principal } from "../registry/define.ts";
import { ToolInputError } from "../registry/errors.ts";
import type { Middleware, MutationGuard, ToolCall } from "../server/chain.ts";
import { confirmedCalls } from "../server/confirm.ts";
import type { VSphereClient } from "../vsphere/client.ts";
import { VSphereError } from "../vsphere/errors.ts";
import { runInCall } from "./context.ts";

export type DenialReason =
  | "rbac"
  | "scope"
  | "rate_limit"
  | "confirmation"
  | "auth"
  | "origin"
  | "host"
  | "audit"
  | "login";

export interface GovernanceOptions {
  policy: PolicyEngine;
  audit?: AuditSink;
  /** Undefined disables rate limiting (VSPHERE_RATE_LIMIT=false). */
  rateLimits?: RateLimitSettings | undefined;
  metrics?: ServerMetrics;
  t: Translate;
  log: Logger;
  /** Transport written into audit records when a call does not say: "stdio" or "http". */
  transport: string;
  /** vCenter host name (of the default target) for audit records. */
  vcenter?: string | undefined;
  /** The clients scope checks read ancestry with: the default target's, or the one a call names. */
  vsphere: () => VSphereClient;
  vsphereFor?: (name: string) => VSphereClient;
  /** Host of each named target, for audit records of calls that name one. */
  targetHost?: (name: string) => string | undefined;
  /** Tag lookup for tag scopes; default: the vAPI tagging service of the call's target. */
  tagsOf?: TagReader;
}

/** Fields transports may add to a ToolCall (read defensively; see the MCP-surface work). */
type CallExtras = { sessionId?: string; transport?: string };

export interface DenialInput {
  reason: DenialReason;
  principal?: Principal;
  transport?: string;
  sessionId?: string;
  tool?: string;
  /** Short, non-secret detail: the refused Origin, "unknown token", ... (redacted anyway). */
  detail?: string;
  client?: { name: string; version: string };
}

export class Governance {
  readonly policy: PolicyEngine;
  readonly audit: AuditSink;
  readonly limiter: RateLimiter | undefined;
  readonly metrics: ServerMetrics;
  readonly beforeConfirm: readonly Middleware[];
  readonly afterConfirm: readonly Middleware[] = [];
  readonly mutationGuards: readonly MutationGuard[];
  readonly #decisions = new WeakMap<ToolCall, Decision>();
  readonly #tagReaders = new Map<VSphereClient, RestTagReader>();
  /** Calls whose outcome is already recorded (scope refusal, cancellation). */
  readonly #settled = new WeakSet<ToolCall>();

  constructor(private readonly options: GovernanceOptions) {
    this.policy = options.policy;
    this.audit = options.audit ?? NO_AUDIT;
    this.limiter = options.rateLimits ? new RateLimiter(options.rateLimits) : undefined;
    this.metrics = options.metrics ?? new ServerMetrics();
    this.beforeConfirm = [this.#policyMiddleware, this.#auditMiddleware];
    this.mutationGuards = [this.#scopeGuard, this.#writeAheadGuard];
    if (this.audit instanceof AuditLog) {
      // Queued before any new record: intents a crashed predecessor left open get their "unknown" outcome.
      this.audit.closeDanglingIntents().then(
        (n) => n && options.log.warn("Closed {n} audit intents left open by a stopped server", { n }),
        (error) => options.log.error("Cannot close open audit intents: {error}", { error }),
      );
    }
  }

  /** For tools/list: only what the principal may call. */
  allow = (principal: Principal, tool: AnyTool): boolean =>
    this.policy.allow(this.#effective(principal), tool);

  /**
   * Bearer token → principal (undefined: answer 401 and call denial({ reason: "auth" })). A known token is
   * registered with the redactor, so it is masked wherever it might later appear.
   */
  authenticate = (token: string): Principal | undefined => {
    const principal = this.policy.authenticate(token);
    if (principal) registerSecret(token);
    return principal;
  };

  /** The local (stdio) user's roles always come from the policy's local principal. */
  #effective(principal: Principal): Principal {
    return principal.kind === "local" ? { ...this.policy.localPrincipal(), id: principal.id } : principal;
  }

  /** Whether policy wants a human answer through elicitation for this call (for the confirmation step). */
  elicitationRequired(call: ToolCall): boolean {
    return this.#decisions.get(call)?.elicitation ?? false;
  }

  /** Records a refusal that happened outside a tool call: bad token, Host/Origin rejection, ... */
  denial = async (input: DenialInput): Promise<void> => {
    this.metrics.denials.inc({ reason: input.reason });
    await this.audit.denial({
      transport: input.transport ?? this.options.transport,
      principal: input.principal
        ? { id: input.principal.id, kind: input.principal.kind }
        : { id: "anonymous", kind: "anonymous" },
      ...(input.sessionId ? { mcp_session: hashSessionId(input.sessionId) } : {}),
      ...(input.client ? { client: input.client } : {}),
      ...(input.tool ? { tool: input.tool } : {}),
      decision: { result: "deny", rule: `transport:${input.reason}`, reason: input.reason },
      ...(input.detail ? { error: input.detail } : {}),
    });
  };

  renderMetrics = (): string => this.metrics.render();

  #tagReader(client: VSphereClient): RestTagReader {
    let reader = this.#tagReaders.get(client);
    if (!reader) this.#tagReaders.set(client, reader = restTagReader(client.target));
    return reader;
  }

  /** Ends the vAPI sessions opened for tag scopes. */
  async close(): Promise<void> {
    await Promise.all([...this.#tagReaders.values()].map((reader) => reader.close()));
    this.#tagReaders.clear();
  }

  /**
   * Counts a vSphere client's requests for metrics, tags them with the call's event id (operationID), and
   * registers each vCenter session id it gets with the redactor.
   */
  instrument(client: VSphereClient, target: string): VSphereClient {
    this.metrics.observeClient(client, target);
    const call = client.call.bind(client);
    client.call = async (...args) => {
      try {
        return await call(...args);
      } finally {
        const session = /vmware_soap_session="?([^";]+)/.exec(client.sessionCookie ?? "")?.[1];
        registerSecret(session, { session: true });
      }
    };
    return client;
  }

  #base(call: ToolCall): Omit<AuditEntry, "kind"> {
    const extras = call as ToolCall & CallExtras;
    return {
      event_id: call.eventId,
      transport: extras.transport ?? this.options.transport,
      principal: { id: call.principal.id, kind: call.principal.kind },
      ...(call.client ? { client: call.client } : {}),
      ...(extras.sessionId ? { mcp_session: hashSessionId(extras.sessionId) } : {}),
      tool: call.tool.name,
      read_only: call.tool.annotations.readOnlyHint,
      tier: call.tool.tier,
      args: call.args,
      ...(this.#vcenterOf(call) ? { vcenter: this.#vcenterOf(call) } : {}),
    };
  }

  /** A call names its target with the `target` argument (see src/tools/shared/target.ts). */
  #targetOf(call: ToolCall): string | undefined {
    return typeof call.args.target === "string" ? call.args.target : undefined;
  }

  #vcenterOf(call: ToolCall): string | undefined {
    const target = this.#targetOf(call);
    return target === undefined ? this.options.vcenter : this.options.targetHost?.(target) ?? target;
  }

  #refusal(key: MessageKey, params: Record<string, string | number>, hint: MessageKey): CallToolResult {
    const { t } = this.options;
    return {
      isError: true,
      content: [{ type: "text", text: `${t(key, params)}\n${t("errors.hint")}: ${t(hint, params)}` }],
    };
  }

  /** Policy, then rate limit; sets the call context every later step (logs, operationID) reads. */
  #policyMiddleware: Middleware = (call, next) => {
    const context = { eventId: call.eventId, tool: call.tool.name, principal: call.principal.id };
    return runInCall(context, () =>
      withLogContext(context, async () => {
        const decision = this.policy.decide(this.#effective(call.principal), call.tool);
        this.options.log.debug("Call {tool} by {principal} with {args}: {allowed} by {rule}", {
          tool: call.tool.name,
          principal: call.principal.id,
          args: call.args,
          allowed: decision.allowed,
          rule: decision.rule,
        });
        if (!decision.allowed) {
          this.metrics.denials.inc({ reason: "rbac" });
          this.metrics.toolCalls.inc({ tool: call.tool.name, status: "denied" });
          await this.audit.denial({
            ...this.#base(call),
            decision: { result: "deny", rule: decision.rule, reason: decision.reason ?? "rbac" },
          });
          return this.#refusal("policy.denied", {
            tool: call.tool.name,
            principal: call.principal.id,
            reason: this.options.t(`policy.reason_${decision.reason ?? "not_granted"}` as MessageKey),
          }, "hints.policy_denied");
        }
        this.#decisions.set(call, decision);
        const mutating = !call.tool.annotations.readOnlyHint && call.confirmation.confirm === true;
        const limited = this.limiter?.take(call.principal.id, mutating);
        if (limited && !limited.ok) {
          this.metrics.denials.inc({ reason: "rate_limit" });
          this.metrics.rateLimited.inc({ bucket: limited.bucket ?? "all" });
          this.metrics.toolCalls.inc({ tool: call.tool.name, status: "denied" });
          await this.audit.denial({
            ...this.#base(call),
            decision: { result: "deny", rule: `rate_limit:${limited.bucket ?? "all"}`, reason: "rate_limit" },
          });
          return this.#refusal("rate_limit.exceeded", {
            seconds: limited.retryAfterSeconds,
            principal: call.principal.id,
          }, "hints.rate_limit");
        }
        return await next();
      }));
  };

  /** One record per call after policy: preview, read result, refused confirmation, or outcome. */
  #auditMiddleware: Middleware = async (call, next) => {
    const started = performance.now();
    const decision = this.#decisions.get(call);
    const onAbort = () => void this.#outcome(call, started, decision, { cancelled: true });
    call.signal.addEventListener("abort", onAbort, { once: true });
    let result: CallToolResult | undefined;
    let error: unknown;
    try {
      result = scrubSecrets(await next());
      return result;
    } catch (thrown) {
      error = thrown;
      throw thrown;
    } finally {
      call.signal.removeEventListener("abort", onAbort);
      await this.#outcome(call, started, decision, { result, error });
    }
  };

  async #outcome(
    call: ToolCall,
    started: number,
    decision: Decision | undefined,
    end: { result?: CallToolResult | undefined; error?: unknown; cancelled?: boolean },
  ): Promise<void> {
    if (this.#settled.has(call)) return;
    this.#settled.add(call);
    const duration = (performance.now() - started) / 1000;
    const tool = call.tool;
    const confirmed = confirmedCalls.has(call);
    const allow = decision ? { result: "allow" as const, rule: decision.rule } : undefined;
    const base = { ...this.#base(call), ...(allow ? { decision: allow } : {}), duration_ms: duration * 1000 };
    const targets = call.plan ? auditTargets(call.plan) : {};
    const fault = end.error instanceof VSphereError ? end.error : undefined;
    const errorText = end.error !== undefined
      ? errorMessage(end.error, this.options.t)
      : end.result?.isError
      ? end.result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n")
      : undefined;

    let entry: AuditEntry;
    let status: string;
    if (end.cancelled || (call.signal.aborted && !end.result)) {
      status = "cancelled";
      entry = { ...base, ...targets, kind: "outcome", result: "cancelled" };
    } else if (!tool.annotations.readOnlyHint && call.confirmation.confirm && !confirmed) {
      // The confirmation step refused the handle (or it was missing): nothing ran.
      status = "denied";
      this.metrics.denials.inc({ reason: "confirmation" });
      entry = {
        ...base,
        kind: "denial",
        result: "denied",
        confirmation: { method: "handle", outcome: "refused" },
        ...(errorText ? { error: errorText } : {}),
      };
    } else if (fault?.kind === "InvalidLogin") {
      status = "denied";
      this.metrics.denials.inc({ reason: "login" });
      entry = { ...base, kind: "denial", result: "denied", fault: fault.faultType, error: errorText ?? "" };
    } else {
      const structured = end.result?.structuredContent as
        | { status?: string; result?: { task?: unknown; task_state?: unknown } }
        | undefined;
      const preview = structured?.status === "confirmation_required";
      const unchanged = structured?.status === "unchanged";
      status = end.error !== undefined || end.result?.isError
        ? "error"
        : preview
        ? "preview"
        : unchanged
        ? "unchanged"
        : "ok";
      const task = structured?.result;
      entry = {
        ...base,
        ...targets,
        kind: preview ? "decision" : "outcome",
        result: status === "error" && fault?.kind === "Timeout" ? "timeout" : status as "ok",
        ...(tool.annotations.readOnlyHint ? {} : {
          confirmation: confirmed
            ? { method: confirmMethod(call), outcome: "confirmed" }
            : { method: "handle", outcome: preview ? "preview" : "not_needed" },
        }),
        ...(typeof task?.task === "string"
          ? { task: { moref: task.task, state: String(task.task_state ?? "") } }
          : {}),
        ...(fault ? { fault: fault.faultType } : {}),
        ...(errorText ? { error: errorText } : {}),
      };
    }
    this.metrics.toolCalls.inc({ tool: tool.name, status });
    this.metrics.toolDuration.observe({ tool: tool.name }, duration);
    this.options.log.info("{tool} by {principal}: {status} in {ms} ms", {
      tool: tool.name,
      principal: call.principal.id,
      status,
      ms: Math.round(duration * 1000),
      ...(errorText ? { error: errorText } : {}),
    });
    try {
      await this.audit.append(entry);
    } catch (error) {
      // Only intents are write-ahead; a lost outcome is logged loudly but does not undo what happened.
      this.options.log.error("Audit record for {tool} could not be written: {error}", {
        tool: tool.name,
        error,
      });
    }
  }

  /** Inventory scope on the resolved targets, before the write-ahead intent and any mutating call. */
  #scopeGuard: MutationGuard = async (call, plan, run) => {
    const decision = this.#decisions.get(call);
    if (!decision?.scopes.length) return await run();
    const target = this.#targetOf(call);
    const client = target !== undefined && this.options.vsphereFor
      ? this.options.vsphereFor(target)
      : this.options.vsphere();
    const refusal = await checkScope(client, plan.targets, decision.scopes, {
      signal: call.signal,
      tagsOf: this.options.tagsOf ?? ((ref) => this.#tagReader(client).tagsOf(ref)),
    });
    if (!refusal) return await run();
    this.metrics.denials.inc({ reason: "scope" });
    this.metrics.toolCalls.inc({ tool: call.tool.name, status: "denied" });
    this.#settled.add(call);
    await this.audit.denial({
      ...this.#base(call),
      ...auditTargets(plan),
      decision: { result: "deny", rule: `scope:${refusal.dimension}`, reason: "scope" },
    });
    throw new ToolInputError("policy.out_of_scope", {
      name: refusal.target.name,
      ref: refusal.target.ref.value,
      path: refusal.ancestry.path,
      dimension: refusal.dimension,
    }, "hints.out_of_scope");
  };

  /** The intent record, written and flushed before the first mutating vCenter call. */
  #writeAheadGuard: MutationGuard = async (call, plan, run) => {
    const decision = this.#decisions.get(call);
    try {
      await this.audit.append({
        ...this.#base(call),
        ...auditTargets(plan),
        kind: "intent",
        ...(decision ? { decision: { result: "allow", rule: decision.rule } } : {}),
        confirmation: { method: confirmMethod(call), outcome: "confirmed" },
      });
    } catch (error) {
      this.metrics.denials.inc({ reason: "audit" });
      this.options.log.error("Write-ahead audit record failed; refusing {tool}: {error}", {
        tool: call.tool.name,
        error,
      });
      throw new ToolInputError(
        "audit.unavailable",
        { path: this.audit instanceof AuditLog ? this.audit.path : "" },
        "hints.audit_unavailable",
      );
    }
    return await run();
  };
}

/** A confirmed call without a handle was let through by the seed-compatible `confirm=true` flag mode. */
function confirmMethod(call: ToolCall): "handle" | "flag" {
  return call.confirmation.handle ? "handle" : "flag";
}

function auditTargets(plan: ChangePlan): Pick<AuditEntry, "targets" | "method"> {
  return {
    method: plan.method,
    targets: plan.targets.map((t) => ({
      ref: { type: t.ref.type, value: t.ref.value },
      type: t.ref.type,
      name: t.name,
    })),
  };
}

function errorMessage(error: unknown, t: Translate): string {
  if (error instanceof ToolInputError) return t(error.key, error.params);
  return redactText(error instanceof Error ? error.message : String(error));
}
