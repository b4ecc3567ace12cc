/**
 * The SOAP round trip: envelope out, typed value or typed fault back, one HTTP exchange. No retries, no
 * login logic, no session state: those are decorators around `roundTrip` (see ./round_trip.ts and
 * ../client.ts), so this stays a plain request/response step.
 */
import { faultError, VSphereError } from "../errors.ts";
import { classifyNetworkError, type RoundTripper } from "../transport.ts";
import { SoapDecoder, textOf, xsiTypeOf } from "./decode.ts";
import { childEntries, localName } from "./decode.ts";
import { SoapEncoder } from "./encode.ts";
import type { SoapRequest, SoapResponse } from "./round_trip.ts";
import { isMoRef, type MoRef, type VimSchema, type VimValue } from "./types.ts";

export interface SoapCallOptions {
  signal?: AbortSignal;
  /** Sent as the `operationID` SOAP header so vCenter's logs can be joined with the audit log. */
  operationId?: string;
  /** A session cookie to send (for raw calls outside the session layer: tools_dev, tests). */
  cookie?: string;
}

export interface SoapClientOptions {
  /** `https://host:port` — `/sdk` is appended. */
  baseUrl: URL;
  roundTrip: RoundTripper;
  schema: VimSchema;
  timeoutMs: number;
  userAgent: string;
  /** vim25 version to request, e.g. "8.0.3.0"; negotiated by the client before the first call. */
  version?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const NO_BYTES = new Uint8Array(0);

/**
 * Settles with `work` or, as soon as `signal` aborts, rejects with its reason — whether or not the HTTP
 * layer honours the signal at that moment (node:https does not while a TLS handshake hangs).
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    // The work was started with the same (already aborted) signal and rejects too: nobody waits for it.
    work.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** `Retry-After` (seconds or an HTTP date) as milliseconds, when the server sent one. */
function retryAfter(header: string | null): { retryAfterMs?: number } {
  if (!header) return {};
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) && ms >= 0 ? { retryAfterMs: ms } : {};
}

/** A short random operation id for calls that have no audit event id. */
export function newOperationId(): string {
  return `vmcp-${crypto.randomUUID().slice(0, 8)}`;
}

export class SoapClient {
  readonly encoder: SoapEncoder;
  readonly decoder: SoapDecoder;
  /** The vim25 version sent in `SOAPAction: urn:vim25/<version>`. */
  version: string;

  constructor(private readonly options: SoapClientOptions) {
    this.encoder = new SoapEncoder(options.schema);
    this.decoder = new SoapDecoder(options.schema);
    this.version = options.version ?? "8.0.0.0";
  }

  get baseUrl(): URL {
    return this.options.baseUrl;
  }

  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  /** One call without a session (RetrieveServiceContent and the like). */
  async call(
    method: string,
    thisRef: MoRef,
    args: Record<string, VimValue | undefined> = {},
    options: SoapCallOptions = {},
  ): Promise<VimValue | undefined> {
    return (await this.roundTrip({ method, thisRef, args, ...options })).value;
  }

  /** One HTTP exchange for one method call; a fault or a failed exchange is a typed VSphereError. */
  async roundTrip(request: SoapRequest): Promise<SoapResponse> {
    const { method, thisRef, args } = request;
    const path = method;
    // Every call carries an operationID so vCenter's logs (vpxd opID) can be joined with ours.
    const operationId = (request.operationId ?? newOperationId()).replace(/[^\w.:-]/g, "").slice(0, 64);
    const body = this.encoder.envelope(method, thisRef, args).replace(
      "<soapenv:Body>",
      `<soapenv:Header><operationID>${operationId}</operationID></soapenv:Header><soapenv:Body>`,
    );
    const bytes = encoder.encode(body);
    const headers = new Headers({
      "content-type": "text/xml; charset=utf-8",
      soapaction: `urn:vim25/${this.version}`,
      "user-agent": this.options.userAgent,
    });
    if (request.cookie) headers.set("cookie", request.cookie);
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const url = new URL("/sdk", this.options.baseUrl);

    let response: Response;
    let raw: Uint8Array;
    try {
      response = await untilAborted(
        this.options.roundTrip(new Request(url, { method: "POST", headers, body: bytes, signal })),
        signal,
      );
      raw = await untilAborted(response.bytes(), signal);
    } catch (error) {
      // The caller's own cancellation stays an abort; our deadline becomes a typed Timeout.
      if (request.signal?.aborted && !timeout.aborted) throw request.signal.reason;
      throw classifyNetworkError(timeout.aborted ? timeout.reason : error, path);
    }
    const status = response.status;
    const bytesReceived = raw.byteLength;
    const text = decoder.decode(raw);
    raw = NO_BYTES; // let a large answer's bytes go while its text is decoded
    const setCookie = response.headers.get("set-cookie");
    const session = setCookie ? /vmware_soap_session=("[^"]*"|[^;]*)/.exec(setCookie) : null;
    if (status >= 500 && !text.includes("Fault")) {
      throw new VSphereError("Connection", {
        faultType: `HTTP${status}`,
        vcMessage: `vCenter answered HTTP ${status}`,
        path,
        details: { status, ...retryAfter(response.headers.get("retry-after")) },
      });
    }
    const setSession = session ? { cookie: `vmware_soap_session=${session[1]}` } : {};
    // A plain method response is decoded straight from the text; faults and oddities take the tree path.
    const direct = this.decoder.decodeResponse(text, method);
    if (direct) {
      return { value: direct.value, status, ...setSession, bytesSent: bytes.byteLength, bytesReceived };
    }
    const doc = this.decoder.parse(text);
    const bodyEl = this.decoder.body(doc);
    if (!bodyEl) {
      throw new VSphereError("Connection", {
        faultType: `HTTP${status}`,
        vcMessage: "response is not a SOAP envelope",
        path,
        details: { status },
      });
    }
    const [name, nodes] = childEntries(bodyEl)[0] ?? [];
    if (name === "Fault" && nodes?.[0]) throw this.fault(nodes[0], path);
    const value = name && nodes?.[0] ? this.decoder.returnValue(method, nodes[0]) : undefined;
    return {
      value,
      status,
      ...setSession,
      bytesSent: bytes.byteLength,
      bytesReceived,
    };
  }

  /** Builds a typed error from a SOAP Fault element; never includes the raw XML. */
  private fault(node: Parameters<SoapDecoder["decodeNode"]>[0], path: string): VSphereError {
    const entries = new Map(childEntries(node));
    const faultString = entries.get("faultstring")?.[0];
    const detail = entries.get("detail")?.[0];
    const [detailName, detailNodes] = detail ? childEntries(detail)[0] ?? [] : [];
    const detailNode = detailNodes?.[0];
    // vCenter names the detail element `<TypeFault xsi:type="Type">`; older servers omit the xsi:type.
    const faultType = (detailNode && xsiTypeOf(detailNode)) ??
      (detailName ? localName(detailName).replace(/Fault$/, "") : "MethodFault");
    const decoded = detailNode ? this.decoder.decodeNode(detailNode, faultType) : undefined;
    const fault = decoded && typeof decoded === "object" && !Array.isArray(decoded) && !isMoRef(decoded)
      ? { ...decoded, _type: faultType }
      : { _type: faultType };
    return faultError(fault, { vcMessage: faultString ? textOf(faultString) : "", path });
  }
}
