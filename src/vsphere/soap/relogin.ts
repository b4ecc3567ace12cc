/**
 * The session: lazy Login on first use, the session cookie on every call, and — when vCenter says the
 * session is gone — one re-login and one replay. Re-login is single-flight and generation-counted: however
 * many calls fail with the old session at once, exactly one Login runs, and a call that fails after
 * someone else already renewed the session just replays with the new cookie.
 *
 * vCenter reports an expired session as a `NotAuthenticated` fault. The simulator also answers
 * RetrieveProperties(Ex) with HTTP 200 and `NotAuthenticated` inside each object's `missingSet`; both count.
 * InvalidLogin is final: the credential is not tried again (vCenter locks accounts after 5 failures).
 */
import { VSphereError } from "../errors.ts";
import type { SoapDecorator, SoapRequest, SoapResponse, SoapRoundTripper } from "./round_trip.ts";
import type { VimObject, VimValue } from "./types.ts";

/** Methods that need no session (and must not trigger a Login). */
const SESSIONLESS: ReadonlySet<string> = new Set(["RetrieveServiceContent", "Login", "LoginByToken"]);
const COLLECTOR_READS: ReadonlySet<string> = new Set([
  "RetrieveProperties",
  "RetrievePropertiesEx",
  "ContinueRetrievePropertiesEx",
]);

/** Logs in through `send` and returns the session cookie. */
export type LoginFn = (send: SoapRoundTripper) => Promise<string>;

export class SoapSession {
  /** `vmware_soap_session=...` while logged in. */
  cookie: string | undefined;
  /** Increases with every successful Login; a request remembers the generation it was sent with. */
  generation = 0;
  #pending: Promise<void> | undefined;
  #failure: VSphereError | undefined;

  constructor(private readonly login: LoginFn, private readonly onRelogin: () => void = () => {}) {}

  /** The InvalidLogin that retired this credential, if any. */
  get failure(): VSphereError | undefined {
    return this.#failure;
  }

  /** Resolves once a session exists, logging in (once, shared) when there is none. */
  async ensure(send: SoapRoundTripper): Promise<void> {
    while (!this.cookie) {
      if (this.#failure) throw this.#failure;
      await this.#loginOnce(send);
    }
  }

  /** The session seen at `generation` is dead: log in again unless someone already did. */
  async renew(send: SoapRoundTripper, generation: number): Promise<void> {
    if (this.#failure) throw this.#failure;
    if (generation === this.generation && this.cookie) {
      this.cookie = undefined;
      this.onRelogin();
    }
    await this.ensure(send);
  }

  /** Forgets the session (after Logout, or when a keepalive found it dead). */
  drop(generation = this.generation): void {
    if (generation === this.generation) this.cookie = undefined;
  }

  #loginOnce(send: SoapRoundTripper): Promise<void> {
    this.#pending ??= (async () => {
      try {
        this.cookie = await this.login(send);
        this.generation++;
      } catch (error) {
        if (error instanceof VSphereError && error.kind === "InvalidLogin") this.#failure = error;
        throw error;
      } finally {
        this.#pending = undefined;
      }
    })();
    return this.#pending;
  }
}

/** The re-login decorator: attaches the session, renews it once on expiry and replays the call once. */
export function withSession(session: SoapSession): SoapDecorator {
  return (next) => async (request) => {
    if (SESSIONLESS.has(request.method)) return await next(request);
    await session.ensure(next);
    const generation = session.generation;
    const attempt = async (): Promise<SoapResponse> => {
      const sent: SoapRequest = { ...request };
      if (session.cookie) sent.cookie = session.cookie;
      return expiredInResult(request.method, await next(sent));
    };
    try {
      return await attempt();
    } catch (error) {
      if (!isSessionExpiry(error)) throw error;
      await session.renew(next, generation);
      return await attempt();
    }
  };
}

export function isSessionExpiry(error: unknown): boolean {
  return error instanceof VSphereError && error.kind === "NotAuthenticated";
}

/** Turns the simulator's "200 with NotAuthenticated in missingSet" into the fault a vCenter would send. */
function expiredInResult(method: string, response: SoapResponse): SoapResponse {
  if (!COLLECTOR_READS.has(method) || !response.value) return response;
  const objects = method === "RetrieveProperties" ? response.value : (response.value as VimObject).objects;
  for (const object of asList(objects)) {
    for (const missing of asList((object as VimObject).missingSet)) {
      const fault = ((missing as VimObject).fault as VimObject | undefined)?.fault as VimObject | undefined;
      if (fault?._type === "NotAuthenticated") {
        throw new VSphereError("NotAuthenticated", {
          faultType: "NotAuthenticated",
          vcMessage: "the session is not authenticated",
          path: method,
        });
      }
    }
  }
  return response;
}

function asList(value: VimValue | undefined): VimValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
