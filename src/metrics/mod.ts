/**
 * The server's metrics: tool calls by tool/status and their latency, vCenter requests by method/status,
 * logins and re-logins, in-flight vCenter requests, denials by reason, rate-limit rejections.
 * `renderMetrics()` gives the Prometheus text for `GET /metrics` (HTTP) or the stdio `--metrics-port`.
 */
import { currentCall } from "../governance/context.ts";
import type { VSphereClient } from "../vsphere/client.ts";
import { VSphereError } from "../vsphere/errors.ts";
import { type Labels, MetricsRegistry } from "./registry.ts";

export { PROMETHEUS_CONTENT_TYPE } from "./registry.ts";

/** Counters the session layer may keep on VSphereClient.stats; read at scrape time when present. */
interface ClientStats {
  logins?: number;
  relogins?: number;
  calls?: number;
  inFlight?: number;
}

export class ServerMetrics {
  readonly registry = new MetricsRegistry();
  readonly #clients = new Map<string, VSphereClient>();
  readonly #inFlight = new Map<string, number>();

  readonly toolCalls = this.registry.counter(
    "vsphere_mcp_tool_calls_total",
    "Tool calls by tool and status (ok, unchanged, preview, error, denied).",
  );
  readonly toolDuration = this.registry.histogram(
    "vsphere_mcp_tool_call_duration_seconds",
    "Tool call latency in seconds, by tool.",
  );
  readonly vcenterRequests = this.registry.counter(
    "vsphere_mcp_vcenter_requests_total",
    "vCenter SOAP requests by target, method and status (ok or the error kind).",
  );
  readonly vcenterDuration = this.registry.histogram(
    "vsphere_mcp_vcenter_request_duration_seconds",
    "vCenter SOAP request latency in seconds, by target.",
  );
  readonly denials = this.registry.counter(
    "vsphere_mcp_denials_total",
    "Refused requests by reason (rbac, scope, rate_limit, confirmation, auth, origin, audit, login).",
  );
  readonly rateLimited = this.registry.counter(
    "vsphere_mcp_rate_limited_total",
    "Calls refused by the rate limiter, by bucket (all, write).",
  );

  constructor() {
    this.registry.counter(
      "vsphere_mcp_vcenter_logins_total",
      "vCenter logins, by target.",
      () => this.#fromStats((s) => s.logins),
    );
    this.registry.counter(
      "vsphere_mcp_vcenter_relogins_total",
      "vCenter re-logins after a lost session, by target.",
      () =>
        this.#fromStats((s) =>
          s.relogins ?? (s.logins !== undefined ? Math.max(0, s.logins - 1) : undefined)
        ),
    );
    this.registry.gauge(
      "vsphere_mcp_vcenter_in_flight_requests",
      "vCenter requests currently in flight, by target.",
      () =>
        [...this.#clients.keys()].map((target) => {
          const stats = this.#clients.get(target)!.stats as ClientStats;
          return [{ target }, stats.inFlight ?? this.#inFlight.get(target) ?? 0] as const;
        }),
    );
  }

  *#fromStats(pick: (stats: ClientStats) => number | undefined): Iterable<readonly [Labels, number]> {
    for (const [target, client] of this.#clients) {
      const value = pick(client.stats as ClientStats);
      if (value !== undefined) yield [{ target }, value];
    }
  }

  /**
   * Counts a client's requests (method/status, latency, in-flight) and gives each SOAP call the
   * current tool call's event id as vCenter operationID when the tool did not pass one.
   */
  observeClient(client: VSphereClient, target = "default"): VSphereClient {
    this.#clients.set(target, client);
    const original = client.call.bind(client);
    client.call = async (method, thisRef, args = {}, options = {}) => {
      const eventId = options.operationId ?? currentCall()?.eventId;
      const started = performance.now();
      this.#inFlight.set(target, (this.#inFlight.get(target) ?? 0) + 1);
      let status = "ok";
      try {
        return await original(
          method,
          thisRef,
          args,
          eventId ? { ...options, operationId: eventId } : options,
        );
      } catch (error) {
        status = error instanceof VSphereError ? error.kind : "error";
        throw error;
      } finally {
        this.#inFlight.set(target, (this.#inFlight.get(target) ?? 1) - 1);
        this.vcenterRequests.inc({ target, method, status });
        this.vcenterDuration.observe({ target }, (performance.now() - started) / 1000);
      }
    };
    return client;
  }

  render(): string {
    return this.registry.render();
  }
}
