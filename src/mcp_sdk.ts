/**
 * The MCP SDK, re-exported with working types. The SDK's package.json maps `./*` types to `*.d.ts`, so
 * `.../types.js` resolves to a missing `types.js.d.ts` and every type silently becomes `any` under Deno.
 * Each `@ts-types` below points the checker at the right declaration file; import the SDK from here.
 * Client-side classes live in tests/helpers/sdk_client.ts: they pull in modules (cross-spawn) that read
 * the environment at load time, which a sandboxed server must not do.
 */
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/types"
export * from "@modelcontextprotocol/sdk/types.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/server/index"
export { Server } from "@modelcontextprotocol/sdk/server/index.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/server/stdio"
export { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/shared/protocol"
export type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
