/**
 * HTTP transport on `Deno.serve`: Streamable HTTP at `/mcp`, the legacy SSE endpoints (`GET /sse`,
 * `POST /messages?sessionId=`) for older clients, and `GET /healthz`.
 *
 * Every request passes, in order: the Host/Origin guard → bearer authentication (the injected
 * `Authenticate`; without one, loopback only and every caller is the local principal) → session lookup,
 * where a session answers only the principal that opened it. Each MCP session gets its own Server and
 * transport, so sessions never share state; they end on DELETE, on close, or after an idle timeout.
 * Session ids are secrets of their clients: logs carry a per-process label instead.
 */
import type { App, Narrowing } from "../app.ts";
import { logger } from "../log/mod.ts";
import type { Server } from "../mcp_sdk.ts";
import { WebStandardStreamableHTTPServerTransport } from "../mcp_sdk.ts";
import type { Principal } from "../registry/define.ts";
import { VERSION } from "../version.ts";
import { MemoryEventStore } from "./event_store.ts";
import { allowedHostnames, guardRequest, isLoopback, isWildcard } from "./guard.ts";
import { WebSseServerTransport } from "./sse.ts";

/** Refusal to start, e.g. a non-loopback bind without authentication. Text from the locale. */
export class HttpStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HttpStartError";
  }
}

export interface HttpOptions {
  hostname?: string;
  port?: number;
  /** Sessions beyond this are refused with 503 (after closing idle ones). */
  maxSessions?: number;
  idleTimeoutMs?: number;
  /** SSE `retry` hint for polling clients. */
  retryIntervalMs?: number;
}

export interface HttpServer {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: URL;
  readonly sessionCount: number;
  finished: Promise<void>;
  shutdown(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

interface Session {
  label: string;
  principal: Principal;
  server: Server;
  lastSeen: number;
  streamable?: WebStandardStreamableHTTPServerTransport;
  sse?: WebSseServerTransport;
}

export function serveHttp(app: App, options: HttpOptions = {}): HttpServer {
  const log = logger("http");
  const hostname = options.hostname ?? app.config.httpHost;
  const port = options.port ?? app.config.httpPort;
  const { authenticate, denial, renderMetrics } = app.hooks;
  // A non-loopback bind needs bearer auth that can actually admit someone (a policy with tokens).
  if (!isLoopback(hostname) && (!authenticate || app.hooks.credentialsConfigured === false)) {
    throw new HttpStartError(app.t("http.refuse_open_bind", { host: hostname }));
  }
  const checkHost = !isWildcard(hostname) || app.config.httpAllowedHosts.length > 0;
  if (!checkHost) log.warn(app.t("http.host_check_off", { host: hostname }));
  const guard = { allowed: allowedHostnames(hostname, app.config.httpAllowedHosts), checkHost };
  const maxSessions = options.maxSessions ?? 256;
  const idleTimeoutMs = options.idleTimeoutMs ?? app.config.sessionIdleSeconds * 1000;
  const sessions = new Map<string, Session>();
  let counter = 0;

  const closeSession = async (id: string, why: string) => {
    const session = sessions.get(id);
    if (!session) return;
    sessions.delete(id);
    log.debug("Closing {session} ({why})", { session: session.label, why });
    await session.server.close().catch(() => undefined);
  };

  const sweep = async () => {
    const now = Date.now();
    for (const [id, s] of [...sessions]) {
      if (now - s.lastSeen > idleTimeoutMs) await closeSession(id, "idle");
    }
  };
  const sweeper = setInterval(() => void sweep(), Math.max(1000, Math.min(idleTimeoutMs / 2, 60_000)));
  Deno.unrefTimer(sweeper);

  const roomForSession = async () => {
    if (sessions.size < maxSessions) return true;
    await sweep();
    return sessions.size < maxSessions;
  };

  /** The session a request names, if it exists and belongs to this principal. */
  const lookup = (id: string | null, principal: Principal): Session | undefined => {
    const session = id ? sessions.get(id) : undefined;
    if (!session || session.principal.id !== principal.id) return undefined;
    session.lastSeen = Date.now();
    return session;
  };

  const openStreamable = async (request: Request, principal: Principal): Promise<Response> => {
    if (!(await roomForSession())) return busy();
    const label = `session#${++counter}`;
    const server = app.newServer(principal, narrowingOf(request), { transport: "streamable-http", label });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => crypto.randomUUID(),
      eventStore: new MemoryEventStore(),
      retryInterval: options.retryIntervalMs ?? 2_000,
      onsessioninitialized: (id) => {
        sessions.set(id, { label, principal, server, lastSeen: Date.now(), streamable: transport });
        log.info("Opened {session} (Streamable HTTP) for {principal}", {
          session: label,
          principal: principal.id,
        });
      },
      onsessionclosed: (id) => void closeSession(id, "deleted"),
    });
    server.onclose = () => {
      if (transport.sessionId) void closeSession(transport.sessionId, "closed");
    };
    await server.connect(transport);
    const response = await transport.handleRequest(request);
    // Anything but a successful initialize leaves no session behind.
    if (!transport.sessionId || !sessions.has(transport.sessionId)) await server.close();
    return response;
  };

  const handleMcp = async (request: Request, principal: Principal): Promise<Response> => {
    const id = request.headers.get("mcp-session-id");
    if (!id) {
      if (request.method === "POST") return await openStreamable(request, principal);
      return jsonError(400, "Bad Request: Mcp-Session-Id header is required");
    }
    const session = lookup(id, principal);
    if (!session?.streamable) return jsonError(404, "Session not found");
    return await session.streamable.handleRequest(request);
  };

  const openSse = async (request: Request, principal: Principal): Promise<Response> => {
    if (!(await roomForSession())) return busy();
    const label = `session#${++counter}`;
    const transport = new WebSseServerTransport("/messages");
    const server = app.newServer(principal, narrowingOf(request), { transport: "sse", label });
    server.onclose = () => void closeSession(transport.sessionId, "closed");
    sessions.set(transport.sessionId, { label, principal, server, lastSeen: Date.now(), sse: transport });
    const response = transport.response();
    await server.connect(transport);
    log.info("Opened {session} (SSE) for {principal}", { session: label, principal: principal.id });
    return response;
  };

  const handleMessages = async (request: Request, principal: Principal): Promise<Response> => {
    const session = lookup(new URL(request.url).searchParams.get("sessionId"), principal);
    if (!session?.sse) return jsonError(404, "Session not found");
    return await session.sse.handlePost(request, {
      requestInfo: { headers: Object.fromEntries(request.headers), url: new URL(request.url) },
    });
  };

  const handler = async (request: Request): Promise<Response> => {
    const denied = guardRequest(request, guard);
    if (denied) {
      denial?.(
        denied.reason,
        denied.reason === "host" ? request.headers.get("host") ?? "" : request.headers.get("origin") ?? "",
      );
      return denied.response;
    }
    const { pathname } = new URL(request.url);
    if (pathname === "/healthz" && request.method === "GET") {
      return Response.json({ status: "ok", version: VERSION, sessions: sessions.size });
    }
    if (pathname === "/metrics" && request.method === "GET" && renderMetrics) {
      return new Response(renderMetrics(), { headers: { "content-type": "text/plain; version=0.0.4" } });
    }
    const isMcp = pathname === "/mcp";
    const isSse = pathname === "/sse" && request.method === "GET";
    const isMessages = pathname === "/messages" && request.method === "POST";
    if (!isMcp && !isSse && !isMessages) return jsonError(404, "Not found");
    let principal: Principal | undefined = app.localPrincipal;
    if (authenticate) {
      try {
        principal = await authenticate(request);
      } catch (error) {
        log.error("Authentication hook failed: {error}", { error });
        principal = undefined;
      }
      if (!principal) {
        denial?.("auth", request.headers.has("authorization") ? "unknown token" : "no token");
        return new Response(JSON.stringify({ error: "unauthorized" }), {
          status: 401,
          headers: { "content-type": "application/json", "www-authenticate": 'Bearer realm="vsphere-mcp"' },
        });
      }
    }
    if (isSse) return await openSse(request, principal);
    if (isMessages) return await handleMessages(request, principal);
    return await handleMcp(request, principal);
  };

  const ready = Promise.withResolvers<void>();
  const httpServer = Deno.serve({
    hostname,
    port,
    onListen: () => ready.resolve(),
  }, async (request) => {
    try {
      return await handler(request);
    } catch (error) {
      log.error("HTTP request failed: {error}", { error });
      return jsonError(500, "Internal server error");
    }
  });
  const addr = httpServer.addr;
  const url = new URL(
    `http://${addr.hostname.includes(":") ? `[${addr.hostname}]` : addr.hostname}:${addr.port}`,
  );
  log.info("Listening on {url} (Streamable HTTP at /mcp, SSE at /sse)", { url: url.href });

  const shutdown = async () => {
    clearInterval(sweeper);
    for (const id of [...sessions.keys()]) await closeSession(id, "shutdown");
    await httpServer.shutdown();
  };
  return {
    url,
    get sessionCount() {
      return sessions.size;
    },
    finished: httpServer.finished,
    shutdown,
    [Symbol.asyncDispose]: shutdown,
  };
}

/** `X-MCP-Toolsets: a,b` and `X-MCP-Readonly: true` narrow one session's exposure (never widen it). */
export function narrowingOf(request: Request): Narrowing {
  const toolsets = request.headers.get("x-mcp-toolsets");
  const readOnly = request.headers.get("x-mcp-readonly");
  return {
    ...(toolsets ? { toolsets: toolsets.split(",").map((s) => s.trim()).filter(Boolean) } : {}),
    ...(readOnly && ["1", "true", "yes", "on"].includes(readOnly.trim().toLowerCase())
      ? { readOnly: true }
      : {}),
  };
}

function jsonError(status: number, message: string): Response {
  return Response.json({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }, { status });
}

function busy(): Response {
  const response = jsonError(503, "Too many sessions");
  response.headers.set("retry-after", "30");
  return response;
}
