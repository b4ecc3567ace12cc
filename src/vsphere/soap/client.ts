/**
 * The SOAP round trip: envelope out, typed value or typed fault back. No retries, no login logic:
 * those wrap this class (see ../session.ts), so this stays a plain request/response step.
 */
import { faultError, VSphereError } from "../errors.ts";
import { classifyNetworkError, type RoundTripper } from "../transport.ts";
import { SoapDecoder, textOf, xsiTypeOf } from "./decode.ts";
import { childEntries, localName } from "./decode.ts";
import { SoapEncoder } from "./encode.ts";
import { isMoRef, type MoRef, type VimSchema, type VimValue } from "./types.ts";

export interface SoapCallOptions {
  signal?: AbortSignal;
  /** Sent as the `operationID` SOAP header so vCenter's logs can be joined with the audit log. */
  operationId?: string;
}

export interface SoapClientOptions {
  /** `https://host:port` — `/sdk` is appended. */
  baseUrl: URL;
  roundTrip: RoundTripper;
  schema: VimSchema;
  timeoutMs: number;
  userAgent: string;
  /** vim25 version to request, e.g. "8.0.3.0"; negotiated by the session. */
  version?: string;
}

export class SoapClient {
  readonly encoder: SoapEncoder;
  readonly decoder: SoapDecoder;
  /** The `vmware_soap_session` cookie; set after Login, cleared on Logout. */
  cookie: string | undefined;
  version: string;

  constructor(private readonly options: SoapClientOptions) {
    this.encoder = new SoapEncoder(options.schema);
    this.decoder = new SoapDecoder(options.schema);
    this.version = options.version ?? "8.0.0.0";
  }

  get baseUrl(): URL {
    return this.options.baseUrl;
  }

  async call(
    method: string,
    thisRef: MoRef,
    args: Record<string, VimValue | undefined> = {},
    options: SoapCallOptions = {},
  ): Promise<VimValue | undefined> {
    const path = method;
    const body = this.encoder.envelope(method, thisRef, args).replace(
      "<soapenv:Body>",
      options.operationId
        ? `<soapenv:Header><operationID>${
          options.operationId.replace(/[^\w.:-]/g, "")
        }</operationID></soapenv:Header><soapenv:Body>`
        : "<soapenv:Body>",
    );
    const headers = new Headers({
      "content-type": "text/xml; charset=utf-8",
      soapaction: `urn:vim25/${this.version}`,
      "user-agent": this.options.userAgent,
    });
    if (this.cookie) headers.set("cookie", this.cookie);
    const signal = options.signal
      ? AbortSignal.any([options.signal, AbortSignal.timeout(this.options.timeoutMs)])
      : AbortSignal.timeout(this.options.timeoutMs);
    const url = new URL("/sdk", this.options.baseUrl);

    let response: Response;
    let text: string;
    try {
      response = await this.options.roundTrip(new Request(url, { method: "POST", headers, body, signal }));
      text = await response.text();
    } catch (error) {
      throw classifyNetworkError(error, path);
    }
    const setCookie = response.headers.get("set-cookie");
    if (setCookie) {
      const session = /vmware_soap_session=("[^"]*"|[^;]*)/.exec(setCookie);
      if (session) this.cookie = `vmware_soap_session=${session[1]}`;
    }
    if (response.status >= 500 && !text.includes("Fault")) {
      throw new VSphereError("Connection", {
        faultType: `HTTP${response.status}`,
        vcMessage: `vCenter answered HTTP ${response.status}`,
        path,
        details: { status: response.status },
      });
    }
    const doc = this.decoder.parse(text);
    const bodyEl = this.decoder.body(doc);
    if (!bodyEl) {
      throw new VSphereError("Connection", {
        faultType: `HTTP${response.status}`,
        vcMessage: "response is not a SOAP envelope",
        path,
        details: { status: response.status },
      });
    }
    const [name, nodes] = childEntries(bodyEl)[0] ?? [];
    if (!name || !nodes?.[0]) return undefined;
    if (name === "Fault") throw this.fault(nodes[0], path);
    return this.decoder.returnValue(method, nodes[0]);
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
