/**
 * The vSphere client every tool uses: one SOAP session per (target, credential), shared by all MCP
 * requests, logged in lazily on first use, kept alive while idle, re-logged in once (single-flight) when
 * vCenter says the session is gone, logged out on close.
 *
 * The call path is a stack of decorators around the one-exchange core, outermost first:
 *   session (cookie, re-login + one replay) → retry (reads only) → in-flight cap → trace/stats → core.
 * Login goes through everything below the session layer, so it is capped and traced but never retried.
 */
import type { VSphereTarget } from "../config/mod.ts";
import { logger } from "../log/mod.ts";
import { USER_AGENT } from "../version.ts";
import { VSphereError } from "./errors.ts";
import { RestClient } from "./rest/client.ts";
import { newOperationId, type SoapCallOptions, SoapClient, untilAborted } from "./soap/client.ts";
import { limitInFlight } from "./soap/limiter.ts";
import { isSessionExpiry, SoapSession, withSession } from "./soap/relogin.ts";
import { type RetryPolicy, retryReads } from "./soap/retry.ts";
import { DEFAULT_RETRY } from "./soap/retry.ts";
import { decorate, type SoapDecorator, type SoapRequest, type SoapRoundTripper } from "./soap/round_trip.ts";
import { createStats, type SoapStats } from "./soap/stats.ts";
import { traceCalls, type TraceSink } from "./soap/trace.ts";
import type { MoRef, VimObject, VimSchema, VimValue } from "./soap/types.ts";
import { CLIENT_VIM_VERSION, pickVersion, vim25Versions } from "./soap/version.ts";
import { classifyNetworkError, createRoundTripper, type RoundTripper } from "./transport.ts";
import { vim25Schema } from "./vim25/vim_schema.ts";

/** The parts of ServiceContent the client and tools use, as MoRefs. */
export interface ServiceContent extends VimObject {
  rootFolder: MoRef;
  propertyCollector: MoRef;
  viewManager: MoRef;
  sessionManager: MoRef;
  about: VimObject;
}

export interface VSphereClientOptions {
  schema?: VimSchema;
  /** The HTTP round-tripper (TLS mode); tests put a recorded-response player here. */
  roundTrip?: RoundTripper;
  retry?: RetryPolicy;
  /** Receives one record per SOAP exchange; default: debug records on the "vsphere-mcp.vsphere" logger. */
  trace?: TraceSink;
  /** Extra decorators, placed just outside the core (innermost). */
  decorators?: SoapDecorator[];
}

const SERVICE_INSTANCE: MoRef = { type: "ServiceInstance", value: "ServiceInstance" };
const DEFAULT_KEEPALIVE_MS = 600_000;
const DEFAULT_MAX_INFLIGHT = 8;

export class VSphereClient {
  readonly soap: SoapClient;
  readonly target: VSphereTarget;
  /** Counters for tests and metrics: logins, calls by method/outcome, retries, in-flight, bytes. */
  readonly stats: SoapStats = createStats();
  readonly #http: RoundTripper;
  readonly #session: SoapSession;
  /** Everything below the session layer (used for Login, Logout and keepalive). */
  readonly #belowSession: SoapRoundTripper;
  readonly #send: SoapRoundTripper;
  #rest: RestClient | undefined;
  #content: Promise<ServiceContent> | undefined;
  #version: Promise<void> | undefined;
  #keepalive: ReturnType<typeof setInterval> | undefined;
  #lastActivity = 0;
  #closed = false;

  constructor(target: VSphereTarget, options: VSphereClientOptions = {}) {
    this.target = target;
    this.#http = options.roundTrip ?? createRoundTripper(target.tls);
    const host = target.host.includes(":") ? `[${target.host}]` : target.host;
    this.soap = new SoapClient({
      baseUrl: new URL(`https://${host}:${target.port}`),
      roundTrip: this.#http,
      schema: options.schema ?? vim25Schema,
      timeoutMs: target.timeoutMs,
      userAgent: USER_AGENT,
      version: CLIENT_VIM_VERSION,
    });
    const log = logger("vsphere");
    const trace: TraceSink = options.trace ?? ((record) => {
      log.debug("SOAP {method} on {target}: {outcome} in {ms} ms", { ...record });
    });
    const core: SoapRoundTripper = (request) => this.soap.roundTrip(request);
    this.#belowSession = decorate(
      core,
      retryReads(options.retry ?? DEFAULT_RETRY, this.stats),
      limitInFlight(target.maxInFlight ?? DEFAULT_MAX_INFLIGHT, this.stats),
      traceCalls(this.stats, trace),
      ...(options.decorators ?? []),
    );
    this.#session = new SoapSession((send) => this.#login(send), () => this.stats.relogins++);
    this.#send = withSession(this.#session)(this.#belowSession);
  }

  /** The current `vmware_soap_session` cookie, if logged in (the redactor registers its value as a secret). */
  get sessionCookie(): string | undefined {
    return this.#session.cookie;
  }

  /** The vSphere Automation (REST) client for the same target, over the same connections and TLS. */
  get rest(): RestClient {
    this.#rest ??= new RestClient(this.target, this.#http);
    return this.#rest;
  }

  /** The HTTP round-tripper with this target's TLS settings, for vCenter's non-SOAP-vim25 endpoints (PBM,
   * datastore `/folder` files, NFC lease transfers); callers add the session cookie themselves. */
  get roundTripper(): RoundTripper {
    return this.#http;
  }

  /** ServiceContent, fetched once (it needs no session). */
  serviceContent(): Promise<ServiceContent> {
    this.#content ??= (async () => {
      await this.#negotiateVersion();
      const response = await this.#belowSession({
        method: "RetrieveServiceContent",
        thisRef: SERVICE_INSTANCE,
        args: {},
      });
      return response.value as ServiceContent;
    })().catch((error) => {
      this.#content = undefined;
      throw error;
    });
    return this.#content;
  }

  /** The vim25 version in use (after the first call). */
  get apiVersion(): string {
    return this.soap.version;
  }

  /** Calls a method with a live session; replays once after a single re-login if the session expired. */
  async call(
    method: string,
    thisRef: MoRef,
    args: Record<string, VimValue | undefined> = {},
    options: SoapCallOptions = {},
  ): Promise<VimValue | undefined> {
    if (this.#closed) {
      throw new VSphereError("Connection", {
        faultType: "ClientClosed",
        vcMessage: "client is closed",
        path: method,
      });
    }
    await this.serviceContent();
    // One operationID for the call, kept across its retries and its replay after a re-login.
    const request: SoapRequest = {
      method,
      thisRef,
      args,
      ...options,
      operationId: options.operationId ?? newOperationId(),
    };
    const response = await this.#send(request);
    this.#lastActivity = Date.now();
    this.#startKeepalive();
    return response.value;
  }

  /** Logs in unless a session exists; concurrent callers share one Login. */
  async ensureSession(): Promise<void> {
    await this.serviceContent();
    await this.#session.ensure(this.#belowSession);
  }

  /** Increases with every Login; session-scoped objects (views, collectors) belong to one generation. */
  get sessionGeneration(): number {
    return this.#session.generation;
  }

  /** True while the client holds a session cookie. */
  get loggedIn(): boolean {
    return this.#session.cookie !== undefined;
  }

  /** Marks the session as gone so the next call logs in again (used when a reply implies expiry). */
  sessionExpired(): void {
    this.#session.drop();
  }

  /**
   * Checks that the session is alive and renews it when it is not. For replies that are ambiguous about
   * expiry, e.g. a container view "not found" because it died with its session.
   */
  async verifySession(signal?: AbortSignal): Promise<void> {
    const content = await this.serviceContent();
    const generation = this.#session.generation;
    const result = await this.call("RetrievePropertiesEx", content.propertyCollector, {
      specSet: [{
        _type: "PropertyFilterSpec",
        propSet: [{ _type: "PropertySpec", type: "SessionManager", pathSet: ["currentSession"] }],
        objectSet: [{ _type: "ObjectSpec", obj: content.sessionManager, skip: false }],
      }],
      options: { _type: "RetrieveOptions" },
    }, signal ? { signal } : {}) as { objects?: VimObject[] | VimObject } | null;
    const objects = result?.objects;
    const first = Array.isArray(objects) ? objects[0] : objects;
    const hasSession = [first?.propSet ?? []].flat().some((p) => (p as VimObject).name === "currentSession");
    // No currentSession means the cookie is no longer a session (the simulator answers this way).
    if (!hasSession) await this.#session.renew(this.#belowSession, generation);
  }

  async #negotiateVersion(): Promise<void> {
    this.#version ??= (async () => {
      const path = "/sdk/vimServiceVersions.xml";
      let response: Response;
      try {
        this.stats.requests++;
        const signal = AbortSignal.timeout(this.target.timeoutMs);
        response = await untilAborted(
          this.#http(
            new Request(new URL(path, this.soap.baseUrl), { headers: { "user-agent": USER_AGENT }, signal }),
          ),
          signal,
        );
      } catch (error) {
        throw classifyNetworkError(error, path);
      }
      const text = await response.text().catch(() => "");
      const versions = response.ok ? vim25Versions(text) : [];
      if (versions.length) {
        this.soap.version = pickVersion(versions);
        return;
      }
      // No version list: ask ServiceContent (with the client's own version) what the server speaks.
      const content = await this.#belowSession({
        method: "RetrieveServiceContent",
        thisRef: SERVICE_INSTANCE,
        args: {},
      });
      const about = (content.value as ServiceContent | undefined)?.about;
      if (typeof about?.apiVersion === "string") this.soap.version = pickVersion([about.apiVersion]);
    })().catch((error) => {
      this.#version = undefined;
      throw error;
    });
    await this.#version;
  }

  async #login(send: SoapRoundTripper): Promise<string> {
    const content = await this.serviceContent();
    this.stats.logins++;
    const response = await send({
      method: "Login",
      thisRef: content.sessionManager,
      args: { userName: this.target.user, password: this.target.password },
    });
    if (!response.cookie) {
      throw new VSphereError("NotAuthenticated", {
        faultType: "NoSessionCookie",
        vcMessage: "Login succeeded but the server set no session cookie",
        path: "Login",
      });
    }
    this.#lastActivity = Date.now();
    return response.cookie;
  }

  /**
   * Keeps the session alive while the server is idle: every keepalive interval without a call, one
   * CurrentTime. A dead session is only forgotten here; the next real call logs in again, so an idle
   * server does not keep presenting credentials on its own.
   */
  #startKeepalive(): void {
    const interval = this.target.keepaliveMs ?? DEFAULT_KEEPALIVE_MS;
    if (this.#keepalive !== undefined || interval <= 0 || this.#closed) return;
    const timer = setInterval(() => {
      const cookie = this.#session.cookie;
      if (!cookie || Date.now() - this.#lastActivity < interval * 0.9) return;
      const generation = this.#session.generation;
      this.#lastActivity = Date.now();
      this.#belowSession({ method: "CurrentTime", thisRef: SERVICE_INSTANCE, args: {}, cookie })
        .catch((error) => {
          if (isSessionExpiry(error)) this.#session.drop(generation);
        });
    }, interval);
    Deno.unrefTimer(timer);
    this.#keepalive = timer;
  }

  /** Ends the vCenter session (best effort) and releases connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#keepalive !== undefined) clearInterval(this.#keepalive);
    await this.#rest?.close();
    try {
      const cookie = this.#session.cookie;
      if (cookie) {
        const content = await this.serviceContent();
        await this.#belowSession({
          method: "Logout",
          thisRef: content.sessionManager,
          args: {},
          cookie,
          signal: AbortSignal.timeout(Math.min(this.target.timeoutMs, 5_000)),
        });
      }
    } catch {
      // The session may already be gone; closing must not fail shutdown.
    } finally {
      this.#session.drop();
      this.#http.close?.();
    }
  }
}
