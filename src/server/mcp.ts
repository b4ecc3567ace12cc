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
import type { AnyTool, ChangePlan, Principal, TargetSummary, ToolContext } from "../registry/define.ts";
import type { Registry } from "../registry/registry.ts";
import type { VSphereClient } from "../vsphere/client.ts";
import { PRODUCT, VERSION } from "../version.ts";
import { compose, guardMutation, type Middleware, type MutationGuard, type ToolCall } from "./chain.ts";
import {
  argsDigest,
  confirmationMiddleware,
  type ConfirmationStore,
  confirmedCalls,
  PreviewSignal,
} from "./confirm.ts";
import { errorMappingMiddleware } from "./errors.ts";
import { listedJsonSchema, listedOutputShapeOf, outputShapeOf, toolInputShape } from "./schemas.ts";

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface ServerDeps {
  registry: Registry;
  t: Translate;
  log: Logger;
  principal: Principal;
  confirmations: ConfirmationStore;
  /** The vSphere client, created on first use so that listing tools never needs vCenter. */
  vsphere: () => VSphereClient;
  /** Named targets' clients and their list (multi-vCenter); without them only the default exists. */
  vsphereFor?: (name: string) => VSphereClient;
  targets?: () => readonly TargetSummary[];
  /** RBAC: tools/list shows a principal only the tools this allows. */
  allow?: (principal: Principal, tool: AnyTool) => boolean;
  /** Middlewares that decide before confirmation is checked: policy, rate limit. */
  beforeConfirm?: readonly Middleware[];
  /** Middlewares between confirmation and the handler: audit. */
  afterConfirm?: readonly Middleware[];
  /** Run around the mutating part of confirmed calls (scope checks, write-ahead audit). */
  mutationGuards?: readonly MutationGuard[];
}

export function createServer(deps: ServerDeps): Server {
  const server = new Server(
    { name: PRODUCT, version: VERSION, title: "vSphere MCP" },
    { capabilities: { tools: { listChanged: false }, logging: {} } },
  );
  const listed = listTools(deps.registry, deps.t, (tool) => deps.allow?.(deps.principal, tool) ?? true);
  const run = compose(
    [
      errorMappingMiddleware(deps.t, deps.log),
      ...(deps.beforeConfirm ?? []),
      confirmationMiddleware(deps.confirmations, deps.t),
      ...(deps.afterConfirm ?? []),
    ],
    (call) => runHandler(call, deps),
  );

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listed }));
  server.setRequestHandler(CallToolRequestSchema, async (request: CallToolRequest, extra: Extra) => {
    const tool = deps.registry.find(request.params.name);
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
      progress: async (update) => {
        if (progressToken === undefined) return;
        await extra.sendNotification({
          method: "notifications/progress",
          params: { progressToken, ...update },
        });
      },
    };
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
      if (!confirmed) throw new PreviewSignal(plan);
      return await guardMutation(deps.mutationGuards ?? [], call, plan, execute);
    },
  };
  let structured: Record<string, unknown>;
  try {
    const result = await tool.handler(call.args, ctx);
    structured = tool.annotations.readOnlyHint ? result : { status: mutated ? "done" : "unchanged", result };
  } catch (error) {
    if (!(error instanceof PreviewSignal)) throw error;
    structured = await previewResult(call, error.plan, deps);
  }
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

async function previewResult(call: ToolCall, plan: ChangePlan, deps: ServerDeps) {
  const { tool } = call;
  const { handle, expiresAt } = deps.confirmations.issue(
    call.principal.id,
    tool.name,
    await argsDigest(call.args),
  );
  return {
    status: "confirmation_required",
    preview: {
      tool: tool.name,
      tier: tool.tier,
      summary: plan.summary,
      method: plan.method,
      ...(plan.args ? { args: plan.args } : {}),
      targets: plan.targets,
    },
    confirmation_handle: handle,
    expires_at: expiresAt.toISOString(),
    next_step: deps.t("confirm.next_step", { tool: tool.name, handle }),
  };
}

function listTools(registry: Registry, t: Translate, allow: (tool: AnyTool) => boolean): Tool[] {
  return registry.exposed.filter(allow).map((tool) => describeTool(tool, t));
}

/** One tool exactly as tools/list emits it (also used by docs and schema snapshots). */
export function describeTool(tool: AnyTool, t: Translate): Tool {
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
