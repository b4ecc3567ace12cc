/**
 * The application core that transports share: configuration, the registry, one vSphere session per target,
 * and a factory for per-session MCP servers. Transports only decide how bytes reach `newServer()`.
 */
import type { Server } from "./mcp_sdk.ts";
import { openAuditLog } from "./audit/log.ts";
import { type Config, DEFAULT_TARGET } from "./config/mod.ts";
import { Governance } from "./governance/mod.ts";
import { createTranslator, type Lang, type Translate } from "./i18n/mod.ts";
import { logger } from "./log/mod.ts";
import { registerSecret } from "./log/redact.ts";
import { loadPolicy } from "./policy/mod.ts";
import type { Principal, TargetSummary } from "./registry/define.ts";
import { ToolInputError } from "./registry/errors.ts";
import { buildRegistry, type Registry } from "./registry/registry.ts";
import { ConfirmationStore } from "./server/confirm.ts";
import { createServer } from "./server/mcp.ts";
import { TOOLSETS } from "./tools/mod.ts";
import { VSphereClient } from "./vsphere/client.ts";

export interface App {
  config: Config;
  registry: Registry;
  t: Translate;
  /** A fresh MCP server for one client session. */
  newServer(principal: Principal): Server;
  /** The shared vSphere client (created on first use). */
  vsphere(): VSphereClient;
  /** The client of a named target (VSPHERE_TARGETS_FILE); `default` is VSPHERE_HOST's. */
  vsphereFor(name: string): VSphereClient;
  /** RBAC, rate limits, audit and metrics; transports use authenticate(), allow(), denial(), renderMetrics(). */
  governance: Governance;
  close(): Promise<void>;
}

/** The stdio user. Its roles come from the policy's local principal (governance resolves them). */
export const LOCAL_PRINCIPAL: Principal = { id: "local", kind: "local", roles: ["admin"] };

/** Throws ConfigError for a policy or audit log that cannot be used (fail closed). */
export function createApp(config: Config, lang: Lang): App {
  const t = createTranslator(lang);
  const log = logger("server");
  const registry = buildRegistry(TOOLSETS, { toolsets: config.toolsets, readOnly: config.readOnly });
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
  return {
    config,
    registry,
    t,
    vsphere,
    vsphereFor,
    governance,
    newServer: (principal) =>
      createServer({
        registry,
        t,
        log,
        principal,
        confirmations,
        vsphere,
        vsphereFor,
        targets: targetList,
        beforeConfirm: governance.beforeConfirm,
        afterConfirm: governance.afterConfirm,
        mutationGuards: governance.mutationGuards,
        allow: governance.allow,
      }),
    async close() {
      await Promise.all([...clients.values()].map((client) => client.close()));
      await governance.close();
    },
  };
}
