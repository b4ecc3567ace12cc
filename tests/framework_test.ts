/** The framework around handlers: field selection, deep sanitizing and session bounds, through a real client. */
import assert from "node:assert/strict";
import { z } from "zod";
import { createApp } from "../src/app.ts";
import { loadConfig } from "../src/config/mod.ts";
import { defineTool, defineToolset } from "../src/registry/define.ts";
import { fieldsInput, selectableItem, selectFields } from "../src/registry/fields.ts";
import { serveHttp } from "../src/transports/http.ts";
import { connect } from "./helpers/mcp.ts";

const item = { id: z.string(), name: z.string(), state: z.string(), note: z.string() };
const ROWS = [
  { id: "vm-1", name: "web\u202Egnp.exe", state: "on", note: "\u001b[31mred\u001b[0m and\u200B hidden" },
  { id: "vm-2", name: "db", state: "off", note: "plain" },
];
const rows = defineTool({
  name: "test_rows",
  toolset: "test",
  input: (t) => ({ ...fieldsInput(t, item, ["id", "name"]) }),
  output: { items: z.array(selectableItem(item, ["id", "name"])) },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  tier: "low",
  privileges: [],
  handler: (args) => Promise.resolve({ items: selectFields(ROWS, args.fields, ["id", "name"]) }),
});
const toolsets = [defineToolset({ id: "test", default: true, tools: [rows] })];

Deno.test("fields selection returns key fields plus the chosen ones, and the result still validates", async () => {
  await using mcp = await connect({}, { toolsets });
  const all = (await mcp.call("test_rows", {})).structuredContent as { items: Record<string, string>[] };
  assert.deepEqual(Object.keys(all.items[0]!), ["id", "name", "state", "note"]);
  const some = (await mcp.call("test_rows", { fields: ["state"] })).structuredContent as {
    items: Record<string, string>[];
  };
  assert.deepEqual(some.items, [{ id: "vm-1", name: "webgnp.exe", state: "on" }, {
    id: "vm-2",
    name: "db",
    state: "off",
  }]);
  await assert.rejects(mcp.call("test_rows", { fields: ["bogus"] }), /Invalid arguments/);
  const { tools } = await mcp.client.listTools();
  const fields = (tools[0]!.inputSchema.properties as Record<string, { description: string }>).fields!;
  assert.match(fields.description, /always included: id, name/);
});

Deno.test("every string in a result is stripped of bidi, zero-width and ANSI sequences by the framework", async () => {
  await using mcp = await connect({}, { toolsets });
  const result = await mcp.call("test_rows", {});
  const [first] = (result.structuredContent as { items: Record<string, string>[] }).items;
  assert.equal(first!.name, "webgnp.exe");
  assert.equal(first!.note, "red and hidden");
  const wire = JSON.stringify(result);
  for (const bad of ["\\u001b", "\u200b", "\u202e"]) assert.ok(!wire.includes(bad), bad);
});

Deno.test("serveHttp() refuses sessions beyond the bound with 503 (memory stays bounded)", async () => {
  const app = createApp({ ...loadConfig({}), anonymousLoopback: true }, "en", { toolsets });
  const http = serveHttp(app, { hostname: "127.0.0.1", port: 0, maxSessions: 2 });
  try {
    const init = () =>
      fetch(new URL("/mcp", http.url), {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({
          jsonrpc: "2.0",
          id: 1,
          method: "initialize",
          params: {
            protocolVersion: "2025-06-18",
            capabilities: {},
            clientInfo: { name: "x", version: "1" },
          },
        }),
      }).then(async (r) => {
        await r.body?.cancel();
        return r.status;
      });
    assert.deepEqual([await init(), await init(), await init()], [200, 200, 503]);
    assert.equal(http.sessionCount, 2);
  } finally {
    await http.shutdown();
    await app.close();
  }
});
