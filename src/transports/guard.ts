/**
 * DNS-rebinding guard, checked on every HTTP request before anything else: a web page that points its own
 * host name at 127.0.0.1 must not reach the server. A foreign `Host`, or an `Origin` that is present but
 * foreign, gets 403.
 */

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];

/** True for addresses only this machine can reach. */
export function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export function isWildcard(hostname: string): boolean {
  return hostname === "0.0.0.0" || hostname === "::" || hostname === "[::]";
}

/** Host names (no port) a request may carry in Host/Origin. */
export function allowedHostnames(bindHost: string, extra: readonly string[]): Set<string> {
  const names = new Set([...LOOPBACK_NAMES, ...extra.map(normalizeHostname)]);
  if (!isWildcard(bindHost)) names.add(normalizeHostname(bindHost));
  return names;
}

/** `[::1]` for IPv6 (as URL.hostname gives it), lower case. */
export function normalizeHostname(host: string): string {
  const h = host.toLowerCase();
  return h.includes(":") && !h.startsWith("[") ? `[${h}]` : h;
}

function hostnameOf(hostHeader: string): string | undefined {
  try {
    return new URL(`http://${hostHeader}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

export interface GuardOptions {
  allowed: ReadonlySet<string>;
  /** When bound to a wildcard address with no host list, the Host check cannot know every name. */
  checkHost: boolean;
}

/** Returns a 403 response for a foreign Host or Origin, or undefined when the request may proceed. */
export function guardRequest(
  request: Request,
  options: GuardOptions,
): { reason: "host" | "origin"; response: Response } | undefined {
  if (options.checkHost) {
    const host = request.headers.get("host");
    const name = host ? hostnameOf(host) : undefined;
    if (!name || !options.allowed.has(name)) {
      return { reason: "host", response: forbidden("Host not allowed") };
    }
  }
  const origin = request.headers.get("origin");
  if (origin !== null) {
    let name: string | undefined;
    try {
      const url = new URL(origin);
      if (url.protocol === "http:" || url.protocol === "https:") name = url.hostname.toLowerCase();
    } catch {
      name = undefined;
    }
    if (!name || !options.allowed.has(name)) {
      return { reason: "origin", response: forbidden("Origin not allowed") };
    }
  }
  return undefined;
}

function forbidden(message: string): Response {
  return Response.json({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }, { status: 403 });
}
