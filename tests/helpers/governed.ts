/**
 * An app with governance configured (policy file, audit log, rate limits) and in-process MCP sessions for
 * several principals on it — the same `app.newServer(principal)` the HTTP transport calls per session.
 */
import { type App, createApp } from "../../src/app.ts";
import { type Config, loadConfig } from "../../src/config/mod.ts";
import { Client, InMemoryTransport } from "./sdk_client.ts";
import type { CallToolResult } from "../../src/mcp_sdk.ts";
import type { Principal } from "../../src/registry/define.ts";
import { type AuditRecord, auditRecordSchema } from "../../src/audit/record.ts";

export interface Session {
  client: Client;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  tools(): Promise<string[]>;
}

export interface Governed {
  app: App;
  dir: string;
  auditPath: string;
  session(principal: Principal): Promise<Session>;
  /** Every audit record so far, each validated against the schema. */
  audit(): AuditRecord[];
  [Symbol.asyncDispose](): Promise<void>;
}

export async function governed(
  env: Record<string, string>,
  config: Partial<Config> = {},
  policy?: unknown,
): Promise<Governed> {
  const dir = await Deno.makeTempDir({ prefix: "vsphere-mcp-gov-" });
  const auditPath = `${dir}/audit.jsonl`;
  let policyPath: string | undefined;
  if (policy !== undefined) {
    policyPath = `${dir}/policy.json`;
    await Deno.writeTextFile(policyPath, JSON.stringify(policy));
  }
  const app = createApp({
    ...loadConfig({
      VSPHERE_AUDIT_LOG: auditPath,
      ...(policyPath ? { VSPHERE_RBAC_POLICY: policyPath } : {}),
      ...env,
    }),
    ...config,
  }, "en");
  const closers: (() => Promise<void>)[] = [];
  return {
    app,
    dir,
    auditPath,
    async session(principal) {
      const server = app.newServer(principal);
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await server.connect(serverSide);
      const client = new Client({ name: `test-${principal.id}`, version: "1.0.0" });
      await client.connect(clientSide);
      closers.push(async () => {
        await client.close();
        await server.close();
      });
      return {
        client,
        call: async (name, args = {}) => await client.callTool({ name, arguments: args }) as CallToolResult,
        tools: async () => (await client.listTools()).tools.map((t) => t.name),
      };
    },
    audit: () =>
      Deno.readTextFileSync(auditPath).split("\n").filter(Boolean).map((line) =>
        auditRecordSchema.parse(JSON.parse(line))
      ),
    async [Symbol.asyncDispose]() {
      for (const close of closers) await close();
      await app.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}
