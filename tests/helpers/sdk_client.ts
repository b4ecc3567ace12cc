/** MCP SDK client-side classes for tests and benchmarks (see src/mcp_sdk.ts for why stdio lives apart). */
export { Client, InMemoryTransport } from "../../src/mcp_sdk.ts";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/client/stdio"
export { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
