/**
 * A vCenter stand-in for REST services the simulator lacks (appliance, certificates, namespaces, vLCM):
 * a TLS server on loopback that forwards SOAP (`/sdk`) to a real vcsim — so names resolve against a real
 * inventory — and answers `/api/...` from the routes a test registers. It is held to VMware's spec both
 * ways: every request is checked with OpenApiChecker.check() and every success body a route returns with
 * checkResponse(), so neither what the tools send nor the responses they decode can drift from the OpenAPI.
 * Tests assert `fixture.problems` is empty.
 */
import type { VSphereTarget } from "../../src/config/mod.ts";
import { OpenApiChecker, type RecordedRequest } from "./openapi.ts";
import type { Vcsim } from "./vcsim.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

export interface Answer {
  status?: number;
  body?: unknown;
}

export type Route = (request: RecordedRequest) => Answer;

export interface RestFixture {
  /** The server as a target: SOAP reaches vcsim through it, REST speaks the `/api` flavour. */
  target(overrides?: Partial<VSphereTarget>): VSphereTarget;
  /** Every REST request received (SOAP excluded), in order. */
  requests: RecordedRequest[];
  /** Spec violations of requests and of route answers, and requests no route answered. */
  problems: string[];
  /** Answers `METHOD /path` (pathname; add `?action=x` to match that action only). */
  on(key: string, route: Route | Answer): void;
  /** REST requests matching `METHOD /path` (same key form as `on`). */
  sent(key: string): RecordedRequest[];
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

function keyOf(request: RecordedRequest): string[] {
  const base = `${request.method} ${request.url.pathname}`;
  const action = request.url.searchParams.get("action");
  return action ? [`${base}?action=${action}`, base] : [base];
}

/** vAPI's error body for an `/api` request. */
export function vapiError(status: number, errorType: string, message: string): Answer {
  return {
    status,
    body: { error_type: errorType, messages: [{ id: "fixture", default_message: message, args: [] }] },
  };
}

/**
 * `flavour: "rest"` serves the pre-7.0U2 wire: login at `/rest/com/vmware/cis/session`, and a route's body
 * for a `/rest/...` path is sent wrapped as `{"value": ...}` (and validated so against the spec) — give maps
 * in their `/rest` form, `[{key, value}]`.
 */
export async function startRestFixture(
  sim: Vcsim,
  specs: readonly string[],
  options: { flavour?: "api" | "rest" } = {},
): Promise<RestFixture> {
  const flavour = options.flavour ?? "api";
  const checker = await OpenApiChecker.load([...specs, "8.0.2/session.json", "8.0.2/cis.json"]);
  const routes = new Map<string, Route>();
  const requests: RecordedRequest[] = [];
  const problems: string[] = [];
  const upstream = Deno.createHttpClient({ caCerts: [sim.caPem] });
  const on = (key: string, route: Route | Answer) => {
    routes.set(key, typeof route === "function" ? route : () => route);
  };
  on("POST /api/session", { body: "fixture-session" });
  on("DELETE /api/session", {});
  on("POST /rest/com/vmware/cis/session", { body: "fixture-session" });
  on("DELETE /rest/com/vmware/cis/session", {});

  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    cert: Deno.readTextFileSync(`${ROOT}.tools/pki/leaf.pem`),
    key: Deno.readTextFileSync(`${ROOT}.tools/pki/leaf.key`),
    onListen: () => {},
  }, async (request) => {
    const url = new URL(request.url);
    if (url.pathname === "/sdk" || url.pathname.startsWith("/sdk/")) {
      const headers = new Headers(request.headers);
      headers.delete("host");
      const answer = await fetch(new URL(url.pathname + url.search, sim.url.origin), {
        method: request.method,
        headers,
        body: request.method === "GET" ? null : await request.arrayBuffer(),
        client: upstream,
      });
      return new Response(answer.body, { status: answer.status, headers: answer.headers });
    }
    const text = await request.text();
    const recorded: RecordedRequest = {
      method: request.method,
      url,
      body: text ? JSON.parse(text) : undefined,
    };
    if (!url.pathname.endsWith("/session")) requests.push(recorded);
    problems.push(...checker.check(recorded));
    const route = keyOf(recorded).map((k) => routes.get(k)).find((r) => r !== undefined);
    if (!route) {
      problems.push(`${request.method} ${url.pathname}${url.search}: no route in the test`);
      return Response.json(vapiError(404, "NOT_FOUND", "no route").body, { status: 404 });
    }
    const answer = route(recorded);
    const status = answer.status ?? (answer.body === undefined ? 204 : 200);
    const body = status < 300 && answer.body !== undefined && url.pathname.startsWith("/rest/")
      ? { value: answer.body }
      : answer.body;
    if (status < 300) problems.push(...checker.checkResponse(recorded, body));
    return body === undefined
      ? new Response(null, { status })
      : new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  });
  const port = server.addr.port;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.shutdown();
    upstream.close();
  };
  return {
    target: (overrides = {}) => sim.target({ port, apiMode: flavour, ...overrides }),
    requests,
    problems,
    on,
    sent: (key) => requests.filter((r) => keyOf(r).includes(key)),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
