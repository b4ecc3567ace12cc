/**
 * The vSphere client every tool uses: one SOAP session per (target, credential), logged in lazily on
 * first use, re-logged in once (single-flight) when vCenter says the session is gone, logged out on close.
 */
import type { VSphereTarget } from "../config/mod.ts";
import { USER_AGENT } from "../version.ts";
import { VSphereError } from "./errors.ts";
import { RestClient } from "./rest/client.ts";
import { type SoapCallOptions, SoapClient } from "./soap/client.ts";
import type { MoRef, VimObject, VimSchema, VimValue } from "./soap/types.ts";
import { createRoundTripper, type RoundTripper } from "./transport.ts";
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
  roundTrip?: RoundTripper;
}

const SERVICE_INSTANCE: MoRef = { type: "ServiceInstance", value: "ServiceInstance" };

export class VSphereClient {
  readonly soap: SoapClient;
  readonly target: VSphereTarget;
  #roundTrip: RoundTripper;
  #rest: RestClient | undefined;
  #content: Promise<ServiceContent> | undefined;
  #login: Promise<void> | undefined;
  #loggedIn = false;
  /** Set after InvalidLogin: the credential is not tried again (vCenter locks accounts after 5 failures). */
  #loginFailure: VSphereError | undefined;
  /** Observability for tests and metrics. */
  readonly stats = { logins: 0, calls: 0 };

  constructor(target: VSphereTarget, options: VSphereClientOptions = {}) {
    this.target = target;
    this.#roundTrip = options.roundTrip ?? createRoundTripper(target.tls);
    const host = target.host.includes(":") ? `[${target.host}]` : target.host;
    this.soap = new SoapClient({
      baseUrl: new URL(`https://${host}:${target.port}`),
      roundTrip: this.#roundTrip,
      schema: options.schema ?? vim25Schema,
      timeoutMs: target.timeoutMs,
      userAgent: USER_AGENT,
    });
  }

  /** The vSphere Automation (REST) client for the same target, over the same connections and TLS. */
  get rest(): RestClient {
    this.#rest ??= new RestClient(this.target, this.#roundTrip);
    return this.#rest;
  }

  /** The HTTP round-tripper with this target's TLS settings, for vCenter's non-SOAP-vim25 endpoints (PBM,
   * datastore `/folder` files, NFC lease transfers); callers add the session cookie themselves. */
  get roundTripper(): RoundTripper {
    return this.#roundTrip;
  }

  /** ServiceContent, fetched once (it needs no session). */
  serviceContent(): Promise<ServiceContent> {
    this.#content ??= this.soap.call("RetrieveServiceContent", SERVICE_INSTANCE).then((v) =>
      v as ServiceContent
    )
      .catch((error) => {
        this.#content = undefined;
        throw error;
      });
    return this.#content;
  }

  /** Calls a method with a live session; replays once after a single re-login if the session expired. */
  async call(
    method: string,
    thisRef: MoRef,
    args: Record<string, VimValue | undefined> = {},
    options: SoapCallOptions = {},
  ): Promise<VimValue | undefined> {
    await this.ensureSession();
    this.stats.calls++;
    try {
      return await this.soap.call(method, thisRef, args, options);
    } catch (error) {
      if (!(error instanceof VSphereError) || error.kind !== "NotAuthenticated") throw error;
      this.#loggedIn = false;
      await this.ensureSession();
      return await this.soap.call(method, thisRef, args, options);
    }
  }

  /** Logs in unless a session exists; concurrent callers share one Login. */
  async ensureSession(): Promise<void> {
    if (this.#loginFailure) throw this.#loginFailure;
    if (this.#loggedIn) return;
    this.#login ??= this.#doLogin().finally(() => {
      this.#login = undefined;
    });
    await this.#login;
  }

  /** Marks the session as gone so the next call logs in again (used when a reply implies expiry). */
  sessionExpired(): void {
    this.#loggedIn = false;
  }

  async #doLogin(): Promise<void> {
    const content = await this.serviceContent();
    this.soap.cookie = undefined;
    this.stats.logins++;
    try {
      await this.soap.call("Login", content.sessionManager, {
        userName: this.target.user,
        password: this.target.password,
      });
      this.#loggedIn = true;
    } catch (error) {
      if (error instanceof VSphereError && error.kind === "InvalidLogin") this.#loginFailure = error;
      throw error;
    }
  }

  /** Ends the vCenter session (best effort) and releases connections. */
  async close(): Promise<void> {
    await this.#rest?.close();
    try {
      if (this.#loggedIn) {
        const content = await this.serviceContent();
        await this.soap.call("Logout", content.sessionManager);
      }
    } catch {
      // The session may already be gone; closing must not fail shutdown.
    } finally {
      this.#loggedIn = false;
      this.soap.cookie = undefined;
      this.#roundTrip.close?.();
    }
  }
}
