/**
 * Builds one MCP server (one per client session) from the registry. We own tools/list and tools/call on
 * the SDK's low-level `Server` rather than `McpServer.registerTool`, because listing is per principal,
 * old tool names must resolve without being listed, and every call goes through our middleware chain.
 */
import { Server } from "../mcp_sdk.ts";
import type { RequestHandlerExtra } from "../mcp_sdk.ts";
import {
  type CallToolRequest,
  CallToolRequestSchema,
  type CallToolResult,
  ElicitResultSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type ServerNotification,
  type ServerRequest,
  type Tool,
} from "../mcp_sdk.ts";
import type { Logger } from "@logtape/logtape";
import { z } from "zod";
import type { MessageKey, Translate } from "../i18n/mod.ts";
import type {
  AnyTool,
  ChangePlan,
  DangerTier,
  Principal,
  TargetSummary,
  ToolContext,
} from "../registry/define.ts";
import type { Registry } from "../registry/registry.ts";
import type { VSphereClient } from "../vsphere/client.ts";
import { PRODUCT, VERSION } from "../version.ts";
import { applyBudget, DEFAULT_OUTPUT_BUDGET_TOKENS } from "./budget.ts";
import {
  compose,
  type ElicitationOutcome,
  guardMutation,
  type Middleware,
  type MutationGuard,
  type SessionInfo,
  type ToolCall,
} from "./chain.ts";
import {
  argsDigest,
  confirmationMiddleware,
  type ConfirmationStore,
  confirmedCalls,
  PreviewSignal,
} from "./confirm.ts";
import { errorMappingMiddleware } from "./errors.ts";
import { sanitizeDeep } from "./sanitize.ts";
import { isPaged, listedJsonSchema, listedOutputShapeOf, outputShapeOf, toolInputShape } from "./schemas.ts";

/** Calls of tools the principal may not use (see ServerDeps.refused). */
const refusedCalls = new WeakSet<ToolCall>();

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface ServerDeps {
  registry: Registry;
  t: Translate;
  log: Logger;
  principal: Principal;
  confirmations: ConfirmationStore;
  /** The vSphere client, created on first use so that listing tools never needs vCenter. */
  vsphere: () => VSphereClient;
  /**
   * A tool this principal may not call but that exists: it goes through the chain so that the policy
   * middleware refuses it and the refusal is audited (instead of an unaudited "unknown tool").
   */
  refused?: (name: string) => AnyTool | undefined;
  /** Named targets' clients and their list (multi-vCenter); without them only the default exists. */
  vsphereFor?: (name: string) => VSphereClient;
  targets?: () => readonly TargetSummary[];
  /** Middlewares that decide before confirmation is checked: policy, rate limit. */
  beforeConfirm?: readonly Middleware[];
  /** Middlewares between confirmation and the handler: audit. */
  afterConfirm?: readonly Middleware[];
  /** Run around the mutating part of confirmed calls (scope checks, write-ahead audit). */
  mutationGuards?: readonly MutationGuard[];
  /** "flag" accepts the seed's bare confirm=true without a handle (VSPHERE_CONFIRM_MODE=flag). */
  confirmMode?: "handle" | "flag";
  /** Tiers that must be approved by a human through elicitation (set by policy); clients that cannot
   * elicit are refused such tools, and a preview handle alone does not suffice. */
  elicitationTiers?: readonly DangerTier[];
  /** Transport and session label, copied onto every call for audit. */
  session?: SessionInfo;
  /** Hard cap per tool result (tokens ≈ chars / 4); default 20k. */
  outputBudgetTokens?: number;
}

export function createServer(deps: ServerDeps): Server {
  const server = new Server(
    { name: PRODUCT, version: VERSION, title: "vSphere MCP" },
    { capabilities: { tools: { listChanged: false }, logging: {} } },
  );
  const listed = listTools(deps.registry, deps.t);
  const run = compose(
    [
      errorMappingMiddleware(deps.t, deps.log),
      ...(deps.beforeConfirm ?? []),
      // Backstop: a tool RBAC hides is refused here even if no policy middleware above refused it.
      (call, next) =>
        refusedCalls.has(call)
          ? Promise.resolve({
            isError: true,
            content: [{
              type: "text" as const,
              text: deps.t("server.not_permitted", { tool: call.tool.name }),
            }],
          })
          : next(),
      confirmationMiddleware(deps.confirmations, deps.t, {
        mode: deps.confirmMode ?? "handle",
        elicitationTiers: deps.elicitationTiers ?? [],
      }),
      ...(deps.afterConfirm ?? []),
    ],
    (call) => runHandler(call, deps),
  );

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listed }));
  server.setRequestHandler(CallToolRequestSchema, async (request: CallToolRequest, extra: Extra) => {
    const listed = deps.registry.find(request.params.name);
    const tool = listed ?? deps.refused?.(request.params.name);
    if (!tool) {
      throw new McpError(
        ErrorCode.InvalidParams,
        deps.t("server.unknown_tool", { name: request.params.name }),
      );
    }
    const { confirm, confirmation_handle, ...rest } = request.params.arguments ?? {};
    const parsed = z.object(tool.input(deps.t)).strict().safeParse(rest);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(arguments)"}: ${i.message}`)
        .join("; ");
      throw new McpError(
        ErrorCode.InvalidParams,
        deps.t("server.invalid_arguments", { tool: tool.name, problems }),
      );
    }
    const progressToken = request.params._meta?.progressToken;
    const clientVersion = server.getClientVersion();
    const canElicit = server.getClientCapabilities()?.elicitation !== undefined;
    const call: ToolCall = {
      tool,
      args: parsed.data,
      confirmation: {
        ...(typeof confirm === "boolean" ? { confirm } : {}),
        ...(typeof confirmation_handle === "string" ? { handle: confirmation_handle } : {}),
      },
      principal: deps.principal,
      eventId: crypto.randomUUID(),
      signal: extra.signal,
      ...(clientVersion ? { client: { name: clientVersion.name, version: clientVersion.version } } : {}),
      ...(deps.session ? { session: deps.session } : {}),
      ...(canElicit
        ? {
          elicit: async ({ message, approveLabel }): Promise<ElicitationOutcome> => {
            const answer = await extra.sendRequest(
              {
                method: "elicitation/create",
                params: {
                  mode: "form",
                  message,
                  requestedSchema: {
                    type: "object",
                    properties: { approve: { type: "boolean", title: approveLabel, default: false } },
                    required: ["approve"],
                  },
                },
              },
              ElicitResultSchema,
              { signal: extra.signal },
            );
            if (answer.action !== "accept") return answer.action;
            return answer.content?.approve === true ? "accept" : "decline";
          },
        }
        : {}),
      progress: async (update) => {
        if (progressToken === undefined) return;
        await extra.sendNotification({
          method: "notifications/progress",
          params: { progressToken, ...update },
        });
      },
    };
    if (!listed) refusedCalls.add(call);
    return await run(call);
  });
  return server;
}

/** Runs the handler with its context and wraps the result for the tool's output schema. */
async function runHandler(call: ToolCall, deps: ServerDeps): Promise<CallToolResult> {
  const { tool } = call;
  const confirmed = confirmedCalls.has(call);
  let mutated = false;
  const ctx: ToolContext = {
    get vsphere() {
      return deps.vsphere();
    },
    vsphereFor: (name) => deps.vsphereFor?.(name) ?? deps.vsphere(),
    targets: () => deps.targets?.() ?? [],
    t: deps.t,
    log: deps.log.with({ tool: tool.name, eventId: call.eventId }),
    signal: call.signal,
    principal: call.principal,
    eventId: call.eventId,
    progress: call.progress,
    mutate: async <T>(plan: ChangePlan, execute: () => Promise<T>): Promise<T> => {
      if (tool.annotations.readOnlyHint) {
        throw new TypeError(`Read-only tool "${tool.name}" called ctx.mutate`);
      }
      if (mutated) throw new TypeError(`Tool "${tool.name}" called ctx.mutate twice`);
      mutated = true;
      call.plan = plan;
      const mustAsk = call.elicit && (!confirmed || (deps.elicitationTiers ?? []).includes(tool.tier));
      if (mustAsk && call.elicit) {
        call.elicitation = await call.elicit({
          message: elicitationMessage(call, plan, deps.t),
          approveLabel: deps.t("confirm.elicit_approve"),
        });
        if (call.elicitation !== "accept") throw new DeclinedSignal(plan, call.elicitation);
        call.confirmedBy = "elicitation";
      } else if (!confirmed) throw new PreviewSignal(plan);
      return await guardMutation(deps.mutationGuards ?? [], call, plan, execute);
    },
  };
  let structured: Record<string, unknown>;
  try {
    const result = await tool.handler(call.args, ctx);
    structured = tool.annotations.readOnlyHint ? result : { status: mutated ? "done" : "unchanged", result };
  } catch (error) {
    if (error instanceof DeclinedSignal) structured = declinedResult(call, error, deps.t);
    else if (error instanceof PreviewSignal) structured = await previewResult(call, error.plan, deps);
    else throw error;
  }
  structured = applyBudget(sanitizeDeep(structured, Number.MAX_SAFE_INTEGER), {
    budgetTokens: deps.outputBudgetTokens ?? DEFAULT_OUTPUT_BUDGET_TOKENS,
    ...(tool.annotations.readOnlyHint && isPaged(tool, deps.t)
      ? { paging: { cursor: typeof call.args.cursor === "string" ? call.args.cursor : undefined } }
      : {}),
  });
  const check = z.object(outputShapeOf(tool)).safeParse(structured);
  if (!check.success) {
    deps.log.error("Tool {tool} returned output that does not match its schema: {issues}", {
      tool: tool.name,
      issues: check.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
    });
    throw new Error(`output of ${tool.name} does not match its schema`);
  }
  return { structuredContent: structured, content: [{ type: "text", text: JSON.stringify(structured) }] };
}

/** The human declined or dismissed the elicitation: nothing was changed. */
class DeclinedSignal {
  constructor(readonly plan: ChangePlan, readonly outcome: "decline" | "cancel") {}
}

function planPreview(tool: AnyTool, plan: ChangePlan) {
  return {
    tool: tool.name,
    tier: tool.tier,
    summary: plan.summary,
    method: plan.method,
    ...(plan.args ? { args: plan.args } : {}),
    targets: plan.targets,
  };
}

function elicitationMessage(call: ToolCall, plan: ChangePlan, t: Translate): string {
  const targets = plan.targets.map((target) => `${target.name} (${target.ref.type}:${target.ref.value})`)
    .join(", ");
  return t("confirm.elicit_message", {
    tool: call.tool.name,
    tier: call.tool.tier,
    summary: plan.summary,
    method: plan.method,
    targets,
  });
}

function declinedResult(call: ToolCall, signal: DeclinedSignal, t: Translate) {
  return {
    status: signal.outcome === "decline" ? "declined" : "cancelled",
    preview: planPreview(call.tool, signal.plan),
    next_step: t(signal.outcome === "decline" ? "confirm.declined" : "confirm.cancelled", {
      tool: call.tool.name,
    }),
  };
}

async function previewResult(call: ToolCall, plan: ChangePlan, deps: ServerDeps) {
  const { tool } = call;
  const { handle, expiresAt } = deps.confirmations.issue(
    call.principal.id,
    tool.name,
    await argsDigest(call.args),
  );
  return {
    status: "confirmation_required",
    preview: planPreview(tool, plan),
    confirmation_handle: handle,
    expires_at: expiresAt.toISOString(),
    next_step: deps.t("confirm.next_step", { tool: tool.name, handle }),
  };
}

function listTools(registry: Registry, t: Translate): Tool[] {
  return registry.exposed.map((tool) => describeTool(tool, t));
}

/**
 * Tool descriptions per (tool, translator): converting every tool's zod schemas to JSON Schema took ~30 ms,
 * paid by every new MCP session (each HTTP session builds its own Server) and by every cold start's first
 * tools/list. Both keys are long-lived objects, so weak maps keep this from holding anything alive.
 */
const described = new WeakMap<AnyTool, WeakMap<Translate, Tool>>();

/** One tool exactly as tools/list emits it (also used by docs and schema snapshots). */
export function describeTool(tool: AnyTool, t: Translate): Tool {
  let perTool = described.get(tool);
  if (!perTool) described.set(tool, perTool = new WeakMap());
  let out = perTool.get(t);
  if (!out) perTool.set(t, out = buildDescription(tool, t));
  return out;
}

function buildDescription(tool: AnyTool, t: Translate): Tool {
  const title = t(`tools.${tool.name}.title` as MessageKey);
  return {
    name: tool.name,
    title,
    description: t(`tools.${tool.name}.description` as MessageKey),
    inputSchema: listedJsonSchema(z.object(toolInputShape(tool, t)).strict(), "input") as Tool["inputSchema"],
    outputSchema: listedJsonSchema(z.object(listedOutputShapeOf(tool)), "output") as Tool["outputSchema"],
    annotations: { title, ...tool.annotations },
  };
}
