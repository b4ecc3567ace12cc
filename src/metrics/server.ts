/**
 * `--metrics-port` for the stdio transport: a tiny HTTP listener on 127.0.0.1 that serves only
 * `GET /metrics`. (The HTTP transport serves /metrics itself.) Loopback only: metrics name tools and
 * targets, which are nobody else's business.
 */
import { PROMETHEUS_CONTENT_TYPE } from "./registry.ts";

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

export function serveMetrics(render: () => string, port: number): MetricsServer {
  const server = Deno.serve({ hostname: "127.0.0.1", port, onListen: () => {} }, (request) => {
    const url = new URL(request.url);
    if (url.pathname !== "/metrics") return new Response("Not Found\n", { status: 404 });
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response("Method Not Allowed\n", { status: 405, headers: { allow: "GET, HEAD" } });
    }
    return new Response(request.method === "HEAD" ? null : render(), {
      headers: { "content-type": PROMETHEUS_CONTENT_TYPE },
    });
  });
  return {
    port: server.addr.port,
    close: () => server.shutdown(),
  };
}
