/** stdio transport: one client, JSON-RPC on stdin/stdout; logs go to stderr. Ends on stdin EOF. */
import process from "node:process";
import type { App } from "../app.ts";
import { StdioServerTransport } from "../mcp_sdk.ts";

export async function serveStdio(app: App): Promise<void> {
  const server = app.newServer(app.localPrincipal, {}, { transport: "stdio", label: "stdio" });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  // The SDK transport does not watch for EOF; a client that closes our stdin is done with us.
  process.stdin.once("end", () => void server.close());
  await server.connect(transport);
  await closed;
}
