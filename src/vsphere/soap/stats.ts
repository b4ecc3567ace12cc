/** Plain counters the client keeps for tests and for the metrics work; no metrics library. */
export interface SoapStats {
  /** Login attempts (successful or not). */
  logins: number;
  /** Logins that replaced an expired session. */
  relogins: number;
  /** HTTP exchanges with vCenter (SOAP calls including retries and logins, plus the version probe). */
  requests: number;
  /** SOAP attempts by method, then by outcome: "ok" or the fault type (e.g. "NotAuthenticated", "HTTP503"). */
  byMethod: Record<string, Record<string, number>>;
  /** SOAP attempts in total (the sum of byMethod). */
  calls: number;
  /** Replays of read calls after a transient failure. */
  retries: number;
  /** Requests on the wire right now, the most seen at once, and requests waiting for a slot. */
  inFlight: number;
  peakInFlight: number;
  queued: number;
  bytesSent: number;
  bytesReceived: number;
}

export function createStats(): SoapStats {
  return {
    logins: 0,
    relogins: 0,
    requests: 0,
    byMethod: {},
    calls: 0,
    retries: 0,
    inFlight: 0,
    peakInFlight: 0,
    queued: 0,
    bytesSent: 0,
    bytesReceived: 0,
  };
}

export function countCall(stats: SoapStats, method: string, outcome: string): void {
  stats.calls++;
  const byOutcome = stats.byMethod[method] ??= {};
  byOutcome[outcome] = (byOutcome[outcome] ?? 0) + 1;
}

/** Total SOAP attempts of one method (all outcomes), or of all methods. */
export function callCount(stats: SoapStats, method?: string): number {
  const methods = method ? [stats.byMethod[method] ?? {}] : Object.values(stats.byMethod);
  return methods.reduce((n, byOutcome) => n + Object.values(byOutcome).reduce((a, b) => a + b, 0), 0);
}
