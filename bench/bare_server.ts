/** Cold-start reference for `make bench`: a bare MCP SDK server on Deno that registers one tool. */
import { Server, StdioServerTransport } from "../src/mcp_sdk.ts";
import { CallToolRequestSchema, ListToolsRequestSchema } from "../src/mcp_sdk.ts";

const server = new Server({ name: "bare", version: "1.0.0" }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, () => ({
  tools: [{ name: "echo", description: "Echo", inputSchema: { type: "object", properties: {} } }],
}));
server.setRequestHandler(CallToolRequestSchema, () => ({ content: [{ type: "text", text: "ok" }] }));
await server.connect(new StdioServerTransport());
