/**
 * The vSphere Automation (REST) client: one session per target over the same round-tripper as SOAP, so
 * every TLS mode applies. Two wire flavours exist and every request is declared in both:
 * - `/api/...` (vCenter 7.0U2+): the body is the spec itself, the response is the value;
 * - `/rest/...` (older): bodies are wrapped where the API says so (`{"spec":...}`, `{"create_spec":...}`),
 *   responses arrive as `{"value":...}`.
 * The flavour is detected at login (`POST /api/session`, falling back to `/rest/com/vmware/cis/session`)
 * unless `VSPHERE_API_MODE` fixes it. A 401 triggers one shared re-login and one replay.
 */
import type { ApiMode, VSphereTarget } from "../../config/mod.ts";
import { USER_AGENT } from "../../version.ts";
import { classifyNetworkError, type RoundTripper } from "../transport.ts";
import { restError } from "./errors.ts";
import { VSphereError } from "../errors.ts";

export type Flavour = "api" | "rest";
export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** One request in one flavour. `path` is absolute (`/api/...` or `/rest/...`) and may carry `?action=`. */
export interface RestRequest {
  method: HttpMethod;
  path: string;
  /** A list value is sent as the parameter repeated (`names=a&names=b`), as vAPI expects for sets. */
  query?: Record<string, string | readonly string[]>;
  body?: unknown;
}

/** The same operation in both flavours; the client sends the one the server speaks. */
export interface RestOperation {
  api: RestRequest;
  rest: RestRequest;
}

export interface RestCallOptions {
  signal?: AbortSignal;
}

const SESSION_HEADER = "vmware-api-session-id";
const SESSION_PATHS: Record<Flavour, string> = {
  api: "/api/session",
  rest: "/rest/com/vmware/cis/session",
};

/**
 * Path segment encoding for ids, both flavours. `:` and `@` are legal in a path segment (RFC 3986 pchar) and
 * stay literal, as govmomi sends them: tag ids are URNs such as `urn:vmomi:InventoryServiceTag:<uuid>:GLOBAL`.
 */
export function seg(id: string): string {
  return encodeURIComponent(id).replace(/%3A/gi, ":").replace(/%40/g, "@");
}

export class RestClient {
  readonly #target: VSphereTarget;
  readonly #roundTrip: RoundTripper;
  readonly #base: URL;
  #flavour: Flavour | undefined;
  #token: string | undefined;
  #login: Promise<string> | undefined;
  /** Set after a refused login: the credential is not tried again (vCenter locks accounts). */
  #loginFailure: VSphereError | undefined;
  /** Observability for tests. */
  readonly stats = { logins: 0, requests: 0 };

  constructor(target: VSphereTarget, roundTrip: RoundTripper) {
    this.#target = target;
    this.#roundTrip = roundTrip;
    const host = target.host.includes(":") ? `[${target.host}]` : target.host;
    this.#base = new URL(`https://${host}:${target.port}`);
    const mode: ApiMode = target.apiMode ?? "auto";
    if (mode !== "auto") this.#flavour = mode;
  }

  /** The flavour in use; undefined until the first login in auto mode. */
  get flavour(): Flavour | undefined {
    return this.#flavour;
  }

  /** Sends `op` in the server's flavour with a live session; the result is unwrapped from `{value}`. */
  async call<T = unknown>(op: RestOperation, options: RestCallOptions = {}): Promise<T> {
    let token = await this.#session();
    const flavour = this.#flavour!;
    const request = op[flavour];
    let response = await this.#send(request, token, options.signal);
    if (response.status === 401) {
      // The session expired or was deleted: one shared re-login, one replay.
      if (this.#token === token) this.#token = undefined;
      token = await this.#session();
      response = await this.#send(request, token, options.signal);
    }
    return await this.#result<T>(response, request, flavour);
  }

  /** The session header for transfer URLs the API hands out (content library upload/download endpoints). */
  async sessionHeaders(): Promise<Record<string, string>> {
    return { [SESSION_HEADER]: await this.#session() };
  }

  /** Deletes the session (best effort); the client can log in again afterwards. */
  async close(): Promise<void> {
    const token = this.#token;
    this.#token = undefined;
    if (!token || !this.#flavour) return;
    try {
      const response = await this.#send(
        { method: "DELETE", path: SESSION_PATHS[this.#flavour] },
        token,
        undefined,
      );
      await response.body?.cancel();
    } catch {
      // Shutdown must not fail because the session is already gone.
    }
  }

  /** The current token, logging in (once, shared by concurrent callers) when there is none. */
  #session(): Promise<string> {
    if (this.#loginFailure) return Promise.reject(this.#loginFailure);
    if (this.#token) return Promise.resolve(this.#token);
    this.#login ??= this.#doLogin().finally(() => {
      this.#login = undefined;
    });
    return this.#login;
  }

  async #doLogin(): Promise<string> {
    this.stats.logins++;
    const flavours: Flavour[] = this.#flavour ? [this.#flavour] : ["api", "rest"];
    for (const flavour of flavours) {
      const request: RestRequest = { method: "POST", path: SESSION_PATHS[flavour] };
      const response = await this.#send(request, undefined, undefined);
      // Before 7.0U2 there is no /api: fall through to /rest.
      if (response.status === 404 && flavour === "api" && flavours.length > 1) {
        await response.body?.cancel();
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        const error = await restError(response, request, flavour);
        this.#loginFailure = new VSphereError("InvalidLogin", {
          faultType: error.faultType === `HTTP${response.status}` ? "InvalidLogin" : error.faultType,
          vcMessage: error.vcMessage || "vCenter refused the user name or password",
          path: `${request.method} ${request.path}`,
          details: { status: response.status },
        });
        throw this.#loginFailure;
      }
      const token = await this.#result<unknown>(response, request, flavour);
      if (typeof token !== "string" || !token) {
        throw new VSphereError("Fault", {
          faultType: "InvalidSessionResponse",
          vcMessage: "session creation returned no token",
          path: `${request.method} ${request.path}`,
        });
      }
      this.#flavour = flavour;
      this.#token = token;
      return token;
    }
    throw new VSphereError("NotSupported", { faultType: "NoRestEndpoint", path: SESSION_PATHS.rest });
  }

  async #send(request: RestRequest, token: string | undefined, signal: AbortSignal | undefined) {
    const url = new URL(request.path, this.#base);
    for (const [k, v] of Object.entries(request.query ?? {})) {
      if (typeof v === "string") url.searchParams.set(k, v);
      else for (const item of v) url.searchParams.append(k, item);
    }
    const headers = new Headers({ "user-agent": USER_AGENT, accept: "application/json" });
    if (token) headers.set(SESSION_HEADER, token);
    else {
      headers.set(
        "authorization",
        `Basic ${
          btoa(
            String.fromCharCode(...new TextEncoder().encode(`${this.#target.user}:${this.#target.password}`)),
          )
        }`,
      );
      // Ask for the token in the body only, not as a cookie (vCenter and vcsim honour this).
      headers.set("vmware-use-header-authn", "true");
    }
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    if (body !== undefined) headers.set("content-type", "application/json");
    const timeout = AbortSignal.timeout(this.#target.timeoutMs);
    this.stats.requests++;
    try {
      return await this.#roundTrip(
        new Request(url, {
          method: request.method,
          headers,
          ...(body !== undefined ? { body } : {}),
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        }),
      );
    } catch (error) {
      throw classifyNetworkError(error, `${request.method} ${request.path}`);
    }
  }

  async #result<T>(response: Response, request: RestRequest, flavour: Flavour): Promise<T> {
    if (response.status < 200 || response.status >= 300) {
      throw await restError(response, request, flavour);
    }
    const text = await response.text();
    if (!text.trim()) return undefined as T;
    let parsed: unknown;
    try {
      // vcsim answers JSON as text/plain: parse by content, not by content-type.
      parsed = JSON.parse(text);
    } catch {
      throw new VSphereError("Fault", {
        faultType: "InvalidResponse",
        vcMessage: "response is not JSON",
        path: `${request.method} ${request.path}`,
      });
    }
    if (flavour === "rest" && parsed !== null && typeof parsed === "object" && "value" in parsed) {
      return (parsed as { value: T }).value;
    }
    return parsed as T;
  }
}
