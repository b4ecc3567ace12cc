/** A real MCP Client connected in-process to a server built by createApp (no network, no child process). */
import { Client, InMemoryTransport } from "./sdk_client.ts";
import {
  type CallToolResult,
  type ElicitRequest,
  ElicitRequestSchema,
  type ElicitResult,
} from "../../src/mcp_sdk.ts";
import { type App, type AppOptions, createApp, LOCAL_PRINCIPAL } from "../../src/app.ts";
import { type Config, loadConfig } from "../../src/config/mod.ts";
import type { Lang } from "../../src/i18n/mod.ts";
import type { Principal } from "../../src/registry/define.ts";

export interface Connected {
  app: App;
  client: Client;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function connect(
  config: Partial<Config> = {},
  options: {
    lang?: Lang;
    principal?: Principal;
    /** Declares the elicitation capability and answers elicitation/create with this. */
    elicit?: (request: ElicitRequest) => ElicitResult | Promise<ElicitResult>;
  } & AppOptions = {},
): Promise<Connected> {
  // Tests make many calls back to back; rate limiting is tested on its own (tests/governance_test.ts).
  // Tests call tools back to back and exercise critical tools; the gating itself is tested with these on.
  const base = loadConfig({ VSPHERE_RATE_LIMIT: "false", VSPHERE_ALLOW_CRITICAL: "true" });
  const app = createApp({ ...base, ...config }, options.lang ?? "en", options);
  const server = app.newServer(options.principal ?? LOCAL_PRINCIPAL);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client(
    { name: "vsphere-mcp-tests", version: "1.0.0" },
    options.elicit ? { capabilities: { elicitation: { form: {} } } } : {},
  );
  const elicit = options.elicit;
  if (elicit) client.setRequestHandler(ElicitRequestSchema, (request) => elicit(request));
  await client.connect(clientSide);
  const close = async () => {
    await client.close();
    await server.close();
    await app.close();
  };
  return {
    app,
    client,
    call: async (name, args = {}) => await client.callTool({ name, arguments: args }) as CallToolResult,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** The text of a tool result (errors and JSON fallback alike). */
export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
}
