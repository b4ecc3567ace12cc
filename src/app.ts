/**
 * The application core that transports share: configuration, the registry, one vSphere session per target,
 * and a factory for per-session MCP servers. Transports only decide how bytes reach `newServer()`.
 */
import type { Server } from "./mcp_sdk.ts";
import type { Config } from "./config/mod.ts";
import { createTranslator, type Lang, type Translate } from "./i18n/mod.ts";
import { logger } from "./log/mod.ts";
import type { Principal } from "./registry/define.ts";
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
  close(): Promise<void>;
}

export const LOCAL_PRINCIPAL: Principal = { id: "local", kind: "local", roles: ["admin"] };

export function createApp(config: Config, lang: Lang): App {
  const t = createTranslator(lang);
  const log = logger("server");
  const registry = buildRegistry(TOOLSETS, { toolsets: config.toolsets, readOnly: config.readOnly });
  const confirmations = new ConfirmationStore();
  let client: VSphereClient | undefined;
  const vsphere = () => {
    if (!config.target) throw new ToolInputError("errors.NoTarget", {}, "hints.NoTarget");
    client ??= new VSphereClient(config.target);
    return client;
  };
  return {
    config,
    registry,
    t,
    vsphere,
    newServer: (principal) => createServer({ registry, t, log, principal, confirmations, vsphere }),
    async close() {
      await client?.close();
    },
  };
}
