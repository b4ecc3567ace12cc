import assert from "node:assert/strict";
import { type App, createApp, type GovernanceHooks } from "../src/app.ts";
import { type Config, loadConfig } from "../src/config/mod.ts";
import {
  type CallToolResult,
  Client,
  ElicitRequestSchema,
  SSEClientTransport,
  StreamableHTTPClientTransport,
} from "../src/mcp_sdk.ts";
import type { Principal } from "../src/registry/define.ts";
import { TOOLSETS } from "../src/tools/mod.ts";
import { type HttpOptions, type HttpServer, HttpStartError, serveHttp } from "../src/transports/http.ts";
import { aborted, frameworkToolset } from "./helpers/framework_tools.ts";
import { startVcsim } from "./helpers/vcsim.ts";

interface Started {
  app: App;
  http: HttpServer;
  mcp: URL;
  sse: URL;
  [Symbol.asyncDispose](): Promise<void>;
}

function start(
  config: Partial<Config> = {},
  governance: GovernanceHooks = {},
  http: HttpOptions = {},
): Started {
  const app = createApp({ ...loadConfig({}), toolsets: ["all"], ...config }, "en", {
    governance,
    toolsets: [...TOOLSETS, frameworkToolset],
  });
  const server = serveHttp(app, { hostname: "127.0.0.1", port: 0, ...http });
  return {
    app,
    http: server,
    mcp: new URL("/mcp", server.url),
    sse: new URL("/sse", server.url),
    async [Symbol.asyncDispose]() {
      await server.shutdown();
      await app.close();
    },
  };
}

const INIT = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

/** POSTs one JSON-RPC message and returns the JSON-RPC messages of the answer (SSE or JSON). */
async function post(url: URL, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...headers,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const type = response.headers.get("content-type") ?? "";
  const messages = type.includes("text/event-stream")
    ? text.split("\n").filter((l) => l.startsWith("data:") && l.length > 6).map((l) => JSON.parse(l.slice(5)))
    : text
    ? [JSON.parse(text)]
    : [];
  return { status: response.status, session: response.headers.get("mcp-session-id"), messages };
}

async function check(client: Client, tag: string) {
  const { tools } = await client.listTools();
  assert.ok(tools.some((t) => t.name === "vm_list"));
  assert.ok(tools.some((t) => t.name === "test_slow"));

  const progress: number[] = [];
  const result = await client.callTool(
    // A short hold after the last step: clients dispatch notifications a microtask after responses, so a
    // response in the same network chunk would otherwise overtake the last progress under load.
    { name: "test_slow", arguments: { tag: `${tag}-progress`, steps: 3, hold_ms: 100 } },
    undefined,
    { onprogress: (p) => void progress.push(p.progress) },
  ) as CallToolResult;
  assert.deepEqual(result.structuredContent, { tag: `${tag}-progress`, steps: 3 });
  assert.deepEqual(progress, [1, 2, 3], "progress notifications reach the client that sent a progressToken");

  const controller = new AbortController();
  const started = Date.now();
  const call = client.callTool(
    { name: "test_slow", arguments: { tag: `${tag}-cancel`, steps: 0, hold_ms: 20_000 } },
    undefined,
    { signal: controller.signal },
  );
  setTimeout(() => controller.abort("user cancelled"), 300);
  await assert.rejects(call);
  for (let i = 0; i < 50 && !aborted.has(`${tag}-cancel`); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(aborted.has(`${tag}-cancel`), "notifications/cancelled aborts the handler's signal");
  assert.ok(Date.now() - started < 10_000);
}

Deno.test("serveHttp() Streamable HTTP: a real client initializes, lists, calls, gets progress and cancels", async () => {
  await using sim = await startVcsim();
  const sessions: unknown[] = [];
  await using s = start({ target: sim.target() }, {
    afterConfirm: [async (call, next) => {
      sessions.push(call.session);
      return await next();
    }],
  });
  const client = new Client({ name: "http-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(s.mcp));
  try {
    assert.equal(client.getServerVersion()?.name, "vsphere-mcp");
    const vms = await client.callTool({ name: "vm_list", arguments: {} }) as CallToolResult;
    assert.equal((vms.structuredContent as { total: number }).total, sim.vms);
    assert.deepEqual(sessions[0], { transport: "streamable-http", label: "session#1" }, "audit sees a label");
    await check(client, "streamable");
    assert.equal(s.http.sessionCount, 1);
  } finally {
    await client.close();
  }
});

Deno.test("serveHttp() legacy SSE: a real client initializes, lists, calls, gets progress and cancels", async () => {
  await using sim = await startVcsim();
  await using s = start({ target: sim.target() });
  const client = new Client({ name: "sse-test", version: "1.0.0" });
  await client.connect(new SSEClientTransport(s.sse));
  try {
    const vms = await client.callTool({ name: "vm_list", arguments: { limit: 1 } }) as CallToolResult;
    assert.equal((vms.structuredContent as { vms: unknown[] }).vms.length, 1);
    await check(client, "sse");
    assert.equal(s.http.sessionCount, 1);
  } finally {
    await client.close();
  }
  for (let i = 0; i < 40 && s.http.sessionCount > 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(s.http.sessionCount, 0, "closing the event stream ends the SSE session");
});

Deno.test("serveHttp() answers 403 to a foreign Host or Origin before any MCP handling", async () => {
  await using s = start();
  const raw = async (headers: Record<string, string>) => {
    // fetch() sets Host itself, so speak HTTP/1.1 directly to control it.
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(s.http.url.port) });
    const body = JSON.stringify(INIT);
    const head = Object.entries({
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "content-length": String(body.length),
      connection: "close",
      ...headers,
    }).map(([k, v]) => `${k}: ${v}`).join("\r\n");
    await conn.write(new TextEncoder().encode(`POST /mcp HTTP/1.1\r\n${head}\r\n\r\n${body}`));
    const text = await new Response(conn.readable).text();
    return Number(text.split(" ")[1]);
  };
  const port = s.http.url.port;
  assert.equal(await raw({ host: `evil.example.com:${port}` }), 403);
  assert.equal(await raw({ host: `127.0.0.1:${port}`, origin: "http://evil.example.com" }), 403);
  assert.equal(await raw({ host: `127.0.0.1:${port}`, origin: "null" }), 403);
  assert.equal(await raw({ host: `localhost:${port}`, origin: `http://localhost:${port}` }), 200);
  assert.equal(await raw({ host: `127.0.0.1:${port}` }), 200, "no Origin (non-browser client) is fine");
  assert.equal(s.http.sessionCount, 2);
});

Deno.test("serveHttp() refuses a non-loopback address without authentication", async () => {
  const app = createApp({ ...loadConfig({}), httpHost: "0.0.0.0" }, "en");
  assert.throws(() => serveHttp(app, { port: 0 }), HttpStartError);
  assert.throws(() => serveHttp(app, { hostname: "192.0.2.10", port: 0 }), /needs bearer authentication/);
  const withAuth = createApp({ ...loadConfig({}), httpHost: "0.0.0.0" }, "en", {
    governance: { authenticate: () => undefined },
  });
  const http = serveHttp(withAuth, { port: 0 });
  const status = (await fetch(new URL("/healthz", `http://127.0.0.1:${http.url.port}`))).status;
  assert.equal(status, 200);
  await http.shutdown();
});

Deno.test("serveHttp() resolves bearer tokens through the hook and binds sessions to their principal", async () => {
  const principals: Record<string, Principal> = {
    "token-a": { id: "alice", kind: "token", roles: ["reader"] },
    "token-b": { id: "bob", kind: "token", roles: ["reader"] },
  };
  const seen: string[] = [];
  await using s = start({}, {
    authenticate: (request) => {
      const token = request.headers.get("authorization")?.match(/^Bearer (.+)$/)?.[1];
      if (token) seen.push(token);
      return token ? principals[token] : undefined;
    },
  });
  assert.equal((await post(s.mcp, INIT)).status, 401);
  assert.equal((await post(s.mcp, INIT, { authorization: "Bearer wrong" })).status, 401);
  const a = await post(s.mcp, INIT, { authorization: "Bearer token-a" });
  assert.equal(a.status, 200);
  assert.ok(a.session);
  const list = { jsonrpc: "2.0", id: 2, method: "tools/list" };
  const common = { "mcp-session-id": a.session, "mcp-protocol-version": "2025-06-18" };
  const own = await post(s.mcp, list, { ...common, authorization: "Bearer token-a" });
  assert.equal(own.status, 200);
  const stolen = await post(s.mcp, list, { ...common, authorization: "Bearer token-b" });
  assert.equal(stolen.status, 404, "another principal cannot use the session id");
  assert.ok(seen.includes("token-a"));
});

Deno.test("serveHttp() keeps sessions apart: equal JSON-RPC ids never cross", async () => {
  await using sim = await startVcsim();
  await using s = start({ target: sim.target() });
  const a = await post(s.mcp, INIT);
  const b = await post(s.mcp, INIT);
  assert.notEqual(a.session, b.session);
  const initialized = { jsonrpc: "2.0", method: "notifications/initialized" };
  const h = (session: string | null) => ({
    "mcp-session-id": session!,
    "mcp-protocol-version": "2025-06-18",
  });
  await post(s.mcp, initialized, h(a.session));
  await post(s.mcp, initialized, h(b.session));
  // The same ids in both sessions (ids are unique only within a session).
  const call = (tag: string, id: number) => ({
    jsonrpc: "2.0",
    id,
    method: "tools/call",
    params: { name: "test_slow", arguments: { tag, steps: 0, hold_ms: 200 } },
  });
  const rounds = await Promise.all(
    Array.from({ length: 6 }, (_, i) => {
      const session = i % 2 ? b.session : a.session;
      return post(s.mcp, call(`${i % 2 ? "b" : "a"}${i}`, 7 + Math.floor(i / 2)), h(session)).then((r) => ({
        i,
        r,
      }));
    }),
  );
  for (const { i, r } of rounds) {
    assert.equal(r.status, 200);
    assert.equal(r.messages.length, 1);
    assert.equal(r.messages[0].id, 7 + Math.floor(i / 2));
    assert.equal(r.messages[0].result.structuredContent.tag, `${i % 2 ? "b" : "a"}${i}`);
  }
});

Deno.test("serveHttp() ends sessions on DELETE and after the idle timeout", async () => {
  await using s = start({}, {}, { idleTimeoutMs: 1_500 });
  const a = await post(s.mcp, INIT);
  await post(s.mcp, INIT);
  assert.equal(s.http.sessionCount, 2);
  const deleted = await fetch(s.mcp, {
    method: "DELETE",
    headers: { "mcp-session-id": a.session!, "mcp-protocol-version": "2025-06-18" },
  });
  await deleted.body?.cancel();
  assert.equal(deleted.status, 200);
  assert.equal(s.http.sessionCount, 1);
  const gone = await post(s.mcp, { jsonrpc: "2.0", id: 2, method: "tools/list" }, {
    "mcp-session-id": a.session!,
  });
  assert.equal(gone.status, 404);
  for (let i = 0; i < 40 && s.http.sessionCount > 0; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(s.http.sessionCount, 0, "the idle session was closed");
});

Deno.test("serveHttp() lets X-MCP-Toolsets narrow a session's tools but never widen them", async () => {
  await using s = start({ toolsets: ["inventory"] });
  const tools = async (headers: Record<string, string>) => {
    const client = new Client({ name: "narrow", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(s.mcp, { requestInit: { headers } }));
    const names = (await client.listTools()).tools.map((t) => t.name);
    await client.close();
    return names;
  };
  const all = await tools({});
  assert.ok(all.includes("vm_list"));
  assert.ok(!all.includes("vm_power"));
  assert.deepEqual(await tools({ "x-mcp-toolsets": "vm" }), [], "a header cannot add the vm toolset");
  assert.deepEqual(await tools({ "x-mcp-toolsets": "vm,inventory" }), all);
  assert.deepEqual(await tools({ "x-mcp-toolsets": "all" }), all, "the keyword all cannot widen either");
  assert.ok((await tools({ "x-mcp-readonly": "true" })).every((n) => all.includes(n)));
});

Deno.test("serveHttp() GET /healthz answers without a session", async () => {
  await using s = start();
  const response = await fetch(new URL("/healthz", s.http.url));
  assert.equal(response.status, 200);
  assert.equal((await response.json()).status, "ok");
  const unknown = await fetch(new URL("/nope", s.http.url));
  await unknown.body?.cancel();
  assert.equal(unknown.status, 404);
});

Deno.test("main.ts --transport http serves a real client on 127.0.0.1 and stops on SIGTERM", async () => {
  await using sim = await startVcsim();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      "--allow-env",
      "--allow-read",
      new URL("../main.ts", import.meta.url).pathname,
      "--transport",
      "http",
      "--anonymous-loopback",
      "--port",
      "0",
      "--log-level",
      "debug",
    ],
    env: sim.env({ VSPHERE_LANG: "en" }),
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let log = "";
  let url: string | undefined;
  while (!url) {
    const { value, done } = await reader.read();
    if (done) break;
    log += value;
    url = log.match(/Serving MCP over HTTP at (http:\/\/127\.0\.0\.1:\d+\/mcp)/)?.[1];
  }
  assert.ok(url, log);
  const client = new Client({ name: "main-http", version: "1" });
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport);
  const sessionId = transport.sessionId;
  assert.ok(sessionId);
  const result = await client.callTool({ name: "vm_list", arguments: {} }) as CallToolResult;
  assert.equal((result.structuredContent as { total: number }).total, sim.vms);
  await client.close();
  child.kill("SIGTERM");
  for (let r = await reader.read(); !r.done; r = await reader.read()) log += r.value;
  const status = await child.status;
  await child.stdout.cancel();
  assert.equal(status.code, 0);
  assert.match(log, /Opened session#1 \(Streamable HTTP\) for local/);
  assert.ok(!log.includes(sessionId), "the session id is never logged");
});

Deno.test("serveHttp() routes elicitation/create to the calling client over Streamable HTTP and SSE", async () => {
  await using sim = await startVcsim();
  await using s = start({ target: sim.target() });
  for (
    const [kind, vm, answer] of [
      ["streamable", "DC0_H0_VM0", "accept"],
      ["sse", "DC0_H0_VM1", "decline"],
    ] as const
  ) {
    const client = new Client({ name: `elicit-${kind}`, version: "1" }, {
      capabilities: { elicitation: { form: {} } },
    });
    const asked: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(String(request.params.message));
      return answer === "accept" ? { action: "accept", content: { approve: true } } : { action: "decline" };
    });
    await client.connect(
      kind === "sse" ? new SSEClientTransport(s.sse) : new StreamableHTTPClientTransport(s.mcp),
    );
    try {
      const result = await client.callTool({ name: "vm_power", arguments: { vm, action: "off" } });
      assert.equal(asked.length, 1, kind);
      assert.match(asked[0]!, new RegExp(vm));
      const status = (result.structuredContent as { status: string }).status;
      assert.equal(status, answer === "accept" ? "done" : "declined", kind);
      const check = await client.callTool({ name: "vm_list", arguments: { name: vm } }) as CallToolResult;
      const [row] = (check.structuredContent as { vms: { power_state: string }[] }).vms;
      assert.equal(row?.power_state, answer === "accept" ? "poweredOff" : "poweredOn", kind);
    } finally {
      await client.close();
    }
  }
});
