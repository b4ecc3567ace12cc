/**
 * The application core that transports share: configuration, the registry, one vSphere session per target,
 * and a factory for per-session MCP servers. Transports only decide how bytes reach `newServer()`.
 *
 * Governance (RBAC policy, rate limits, audit, metrics) plugs in through `Governance` — every field is
 * optional, and with none set the server runs as a single local user (stdio, or HTTP on loopback only).
 */
import type { Server } from "./mcp_sdk.ts";
import { openAuditLog } from "./audit/log.ts";
import { type Config, DEFAULT_TARGET } from "./config/mod.ts";
import { Governance } from "./governance/mod.ts";
import { createTranslator, type Lang, type Translate } from "./i18n/mod.ts";
import { logger } from "./log/mod.ts";
import { registerSecret } from "./log/redact.ts";
import { loadPolicy } from "./policy/mod.ts";
import type { AnyTool, DangerTier, Principal, TargetSummary, ToolsetDefinition } from "./registry/define.ts";
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
export interface GovernanceHooks {
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
  /** False when `authenticate` can never succeed (no token is configured): HTTP then stays on loopback. */
  credentialsConfigured?: boolean;
  /** Records a refusal outside a tool call (bad token, foreign Host or Origin) in the audit log and metrics. */
  denial?: (reason: "auth" | "host" | "origin", detail: string) => void;
  /** Prometheus text for GET /metrics. */
  renderMetrics?: () => string;
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
  /** The seams as the transports and the server see them. */
  hooks: GovernanceHooks;
  /** RBAC, rate limits, audit and metrics built from the configuration. */
  governance: Governance;
  localPrincipal: Principal;
  /** The registry one principal sees (RBAC, critical tier), narrowed by the request. */
  registryFor(principal: Principal, narrowing?: Narrowing): Registry;
  /** A fresh MCP server for one client session. */
  newServer(principal: Principal, narrowing?: Narrowing, session?: SessionInfo): Server;
  /** The shared vSphere client (created on first use). */
  vsphere(): VSphereClient;
  /** The client of a named target (VSPHERE_TARGETS_FILE); `default` is VSPHERE_HOST's. */
  vsphereFor(name: string): VSphereClient;
  close(): Promise<void>;
}

/** Toolset ids a narrowing keeps (`all` and `default` are keywords); undefined keeps every toolset. */
function narrowedToolsets(registry: Registry, toolsets: readonly string[] | undefined) {
  if (!toolsets || toolsets.includes("all")) return undefined;
  const ids = new Set(toolsets);
  if (ids.has("default")) { for (const ts of registry.toolsets) if (ts.default) ids.add(ts.id); }
  return ids;
}

/** The stdio user. Its roles come from the policy's local principal (governance resolves them). */
export const LOCAL_PRINCIPAL: Principal = { id: "local", kind: "local", roles: ["admin"] };

/** `Authorization: Bearer <token>` → the token, or undefined. */
function bearerToken(request: Request): string | undefined {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

/**
 * The hooks the configured governance provides. HTTP always authenticates bearer tokens against the policy,
 * except with the explicit single-user opt-in VSPHERE_MCP_ANONYMOUS_LOOPBACK (loopback only, local user).
 */
function hooksOf(governance: Governance, config: Config): GovernanceHooks {
  const hooks: GovernanceHooks = {
    allow: governance.allow,
    beforeConfirm: governance.beforeConfirm,
    afterConfirm: governance.afterConfirm,
    mutationGuards: governance.mutationGuards,
    denial: (reason, detail) => void governance.denial({ reason, transport: "http", detail }),
    renderMetrics: governance.renderMetrics,
  };
  if (!config.anonymousLoopback) {
    hooks.credentialsConfigured = governance.policy.hasTokens;
    hooks.authenticate = (request) => {
      const token = bearerToken(request);
      return token ? governance.authenticate(token) : undefined;
    };
  }
  return hooks;
}

export interface AppOptions {
  /** Hooks to use instead of the ones built from the configuration (tests). */
  governance?: GovernanceHooks;
  /** Toolsets to serve (tests use their own); default: every toolset of src/tools. */
  toolsets?: readonly ToolsetDefinition[];
}

/** Throws ConfigError for a policy or audit log that cannot be used (fail closed). */
export function createApp(config: Config, lang: Lang, options: AppOptions = {}): App {
  const t = createTranslator(lang);
  const log = logger("server");
  const registry = buildRegistry(options.toolsets ?? TOOLSETS, {
    toolsets: config.toolsets,
    tools: config.tools,
    excludeTools: config.excludeTools,
    readOnly: config.readOnly,
  });
  const confirmations = new ConfirmationStore();
  const defaultName = config.defaultTarget ?? DEFAULT_TARGET;
  const targets = { ...config.targets, ...(config.target ? { [defaultName]: config.target } : {}) };
  for (const target of Object.values(targets)) registerSecret(target.password);
  const clients = new Map<string, VSphereClient>();
  const vsphereFor = (name: string) => {
    const target = targets[name];
    if (!target) {
      throw new ToolInputError("errors.unknown_target", {
        name,
        targets: Object.keys(targets).join(", ") || "-",
      }, "hints.unknown_target");
    }
    let client = clients.get(name);
    if (!client) {
      client = governance.instrument(new VSphereClient(target), name);
      clients.set(name, client);
    }
    return client;
  };
  const vsphere = () => {
    if (!config.target) throw new ToolInputError("errors.NoTarget", {}, "hints.NoTarget");
    return vsphereFor(defaultName);
  };
  const targetList = (): TargetSummary[] =>
    Object.entries(targets).map(([name, target]) => ({
      name,
      host: target.host,
      port: target.port,
      user: target.user,
      tls: target.tls.mode,
      default: name === defaultName,
    }));
  const governance = new Governance({
    policy: loadPolicy({ path: config.policyPath, allowCritical: config.allowCritical }),
    ...(config.auditLog ? { audit: openAuditLog(config.auditLog, { transport: config.transport }) } : {}),
    rateLimits: config.rateLimit.enabled
      ? {
        all: { rps: config.rateLimit.rps, burst: config.rateLimit.burst },
        write: { rps: config.rateLimit.writeRps, burst: config.rateLimit.writeBurst },
      }
      : undefined,
    t,
    log: logger("governance"),
    transport: config.transport,
    vcenter: config.target?.host,
    vsphere,
    vsphereFor,
    targetHost: (name) => targets[name]?.host,
  });
  const hooks = options.governance ?? hooksOf(governance, config);
  const localPrincipal = hooks.localPrincipal ?? LOCAL_PRINCIPAL;
  /** Tools RBAC hides from a principal still reach the policy middleware when called: refused and audited. */
  const refusedFor = (principal: Principal) => (name: string) => {
    const tool = registry.find(name);
    return tool && hooks.allow && !hooks.allow(principal, tool) ? tool : undefined;
  };
  const registryFor = (principal: Principal, narrowing: Narrowing = {}) => {
    const sets = narrowedToolsets(registry, narrowing.toolsets);
    return registry.narrow((tool) =>
      (tool.tier !== "critical" || config.allowCritical ||
        (hooks.grantsCritical?.(principal, tool) ?? false)) &&
      (hooks.allow?.(principal, tool) ?? true) &&
      (!narrowing.readOnly || tool.annotations.readOnlyHint) &&
      (!sets || sets.has(tool.toolset))
    );
  };
  return {
    config,
    registry,
    t,
    hooks,
    governance,
    localPrincipal,
    vsphere,
    vsphereFor,
    registryFor,
    newServer: (principal, narrowing, session) =>
      createServer({
        registry: registryFor(principal, narrowing),
        t,
        log,
        principal,
        confirmations,
        vsphere,
        vsphereFor,
        targets: targetList,
        ...(hooks.allow ? { refused: refusedFor(principal) } : {}),
        confirmMode: config.confirmMode,
        outputBudgetTokens: config.outputBudgetTokens,
        ...(session ? { session } : {}),
        ...(hooks.beforeConfirm ? { beforeConfirm: hooks.beforeConfirm } : {}),
        ...(hooks.afterConfirm ? { afterConfirm: hooks.afterConfirm } : {}),
        ...(hooks.mutationGuards ? { mutationGuards: hooks.mutationGuards } : {}),
        ...(hooks.elicitationTiers ? { elicitationTiers: hooks.elicitationTiers } : {}),
      }),
    async close() {
      await Promise.all([...clients.values()].map((client) => client.close()));
      await governance.close();
    },
  };
}
