/**
 * The application core that transports share: configuration, the registry, one vSphere session per target,
 * and a factory for per-session MCP servers. Transports only decide how bytes reach `newServer()`.
 *
 * Governance (RBAC policy, rate limits, audit, metrics) plugs in through `Governance` — every field is
 * optional, and with none set the server runs as a single local user (stdio, or HTTP on loopback only).
 */
import type { Server } from "./mcp_sdk.ts";
import type { Config } from "./config/mod.ts";
import { createTranslator, type Lang, type Translate } from "./i18n/mod.ts";
import { logger } from "./log/mod.ts";
import type { AnyTool, DangerTier, Principal, ToolsetDefinition } from "./registry/define.ts";
import { ToolInputError } from "./registry/errors.ts";
import { buildRegistry, type Registry } from "./registry/registry.ts";
import type { Middleware, MutationGuard, SessionInfo } from "./server/chain.ts";
import { ConfirmationStore } from "./server/confirm.ts";
import { createServer } from "./server/mcp.ts";
import { TOOLSETS } from "./tools/mod.ts";
import { VSphereClient } from "./vsphere/client.ts";

/**
 * Resolves an HTTP request's credentials (`Authorization: Bearer …`) to a principal, or undefined to
 * answer 401. The client's token stays here: it is never forwarded to vCenter nor logged.
 */
export type Authenticate = (request: Request) => Principal | undefined | Promise<Principal | undefined>;

/** The seams governance implements. */
export interface Governance {
  /** HTTP bearer auth. Unset: HTTP serves loopback only, every request as the local principal. */
  authenticate?: Authenticate;
  /** RBAC: a tool this rejects for a principal is neither listed nor callable in that principal's session. */
  allow?: (principal: Principal, tool: AnyTool) => boolean;
  /** Lets policy grant critical-tier tools without --allow-critical. */
  grantsCritical?: (principal: Principal, tool: AnyTool) => boolean;
  /** Middlewares before the confirmation check (policy decisions, rate limits). */
  beforeConfirm?: readonly Middleware[];
  /** Middlewares between confirmation and handler (audit: sees call.plan, confirmedBy, elicitation). */
  afterConfirm?: readonly Middleware[];
  /** Around the mutating part of confirmed calls (inventory scope, write-ahead audit). */
  mutationGuards?: readonly MutationGuard[];
  /** Tiers that need a human's approval through elicitation. */
  elicitationTiers?: readonly DangerTier[];
  /** The principal stdio and unauthenticated loopback HTTP run as. */
  localPrincipal?: Principal;
}

/** What an HTTP request may ask for on top of the server's exposure: it can only narrow it. */
export interface Narrowing {
  toolsets?: readonly string[];
  readOnly?: boolean;
}

export interface App {
  config: Config;
  /** The server-wide exposure (flags and environment), before any principal or request narrowing. */
  registry: Registry;
  t: Translate;
  governance: Governance;
  localPrincipal: Principal;
  /** The registry one principal sees (RBAC, critical tier), narrowed by the request. */
  registryFor(principal: Principal, narrowing?: Narrowing): Registry;
  /** A fresh MCP server for one client session. */
  newServer(principal: Principal, narrowing?: Narrowing, session?: SessionInfo): Server;
  /** The shared vSphere client (created on first use). */
  vsphere(): VSphereClient;
  close(): Promise<void>;
}

/** Toolset ids a narrowing keeps (`all` and `default` are keywords); undefined keeps every toolset. */
function narrowedToolsets(registry: Registry, toolsets: readonly string[] | undefined) {
  if (!toolsets || toolsets.includes("all")) return undefined;
  const ids = new Set(toolsets);
  if (ids.has("default")) { for (const ts of registry.toolsets) if (ts.default) ids.add(ts.id); }
  return ids;
}

export const LOCAL_PRINCIPAL: Principal = { id: "local", kind: "local", roles: ["admin"] };

export interface AppOptions {
  governance?: Governance;
  /** Toolsets to serve (tests use their own); default: every toolset of src/tools. */
  toolsets?: readonly ToolsetDefinition[];
}

export function createApp(config: Config, lang: Lang, options: AppOptions = {}): App {
  const governance = options.governance ?? {};
  const t = createTranslator(lang);
  const log = logger("server");
  const registry = buildRegistry(options.toolsets ?? TOOLSETS, {
    toolsets: config.toolsets,
    tools: config.tools,
    excludeTools: config.excludeTools,
    readOnly: config.readOnly,
  });
  const localPrincipal = governance.localPrincipal ?? LOCAL_PRINCIPAL;
  const confirmations = new ConfirmationStore();
  let client: VSphereClient | undefined;
  const vsphere = () => {
    if (!config.target) throw new ToolInputError("errors.NoTarget", {}, "hints.NoTarget");
    client ??= new VSphereClient(config.target);
    return client;
  };
  const registryFor = (principal: Principal, narrowing: Narrowing = {}) => {
    const sets = narrowedToolsets(registry, narrowing.toolsets);
    return registry.narrow((tool) =>
      (tool.tier !== "critical" || config.allowCritical ||
        (governance.grantsCritical?.(principal, tool) ?? false)) &&
      (governance.allow?.(principal, tool) ?? true) &&
      (!narrowing.readOnly || tool.annotations.readOnlyHint) &&
      (!sets || sets.has(tool.toolset))
    );
  };
  return {
    config,
    registry,
    t,
    governance,
    localPrincipal,
    vsphere,
    registryFor,
    newServer: (principal, narrowing, session) =>
      createServer({
        registry: registryFor(principal, narrowing),
        t,
        log,
        principal,
        confirmations,
        vsphere,
        confirmMode: config.confirmMode,
        outputBudgetTokens: config.outputBudgetTokens,
        ...(session ? { session } : {}),
        ...(governance.beforeConfirm ? { beforeConfirm: governance.beforeConfirm } : {}),
        ...(governance.afterConfirm ? { afterConfirm: governance.afterConfirm } : {}),
        ...(governance.mutationGuards ? { mutationGuards: governance.mutationGuards } : {}),
        ...(governance.elicitationTiers ? { elicitationTiers: governance.elicitationTiers } : {}),
      }),
    async close() {
      await client?.close();
    },
  };
}
