/**
 * A small client for vCenter's Storage Policy (PBM) SOAP service: its own endpoint (`/pbm`, namespace
 * `urn:pbm`, its own ServiceContent), the vim25 session reused (the `vmware_soap_session` cookie, and the same
 * value as the `vcSessionCookie` header vCenter's PBM endpoint reads).
 *
 * VMware publishes no PBM WSDL with this project's references, so requests are written by hand, kept to the
 * few shapes the tools need, and each one is documented with the PBM type it encodes (names and field order
 * as in the PBM API reference and govmomi's `pbm/types`). Answers are decoded without a schema: elements
 * become objects, repeated elements lists (callers read them with `asArray`), `xsi:type` is kept as `_type`,
 * MoRefs become `{ type, value }`. govmomi's simulator (`pbm/simulator`) serves the same endpoint.
 */
import { XMLParser } from "fast-xml-parser";
import { faultError, VSphereError } from "../errors.ts";
import type { VSphereClient } from "../client.ts";
import { escapeXml } from "../soap/encode.ts";
import type { MoRef, VimObject, VimValue } from "../soap/types.ts";
import { classifyNetworkError } from "../transport.ts";

/** The PBM endpoint path; govmomi's PBM client and simulator use it, vCenter also answers `/pbm/sdk`. */
export const PBM_PATH = "/pbm";
const SERVICE_INSTANCE: MoRef = { type: "PbmServiceInstance", value: "ServiceInstance" };

export interface PbmServiceContent {
  profileManager: MoRef;
  complianceManager: MoRef;
  placementSolver: MoRef;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  trimValues: true,
  removeNSPrefix: true,
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
});

type Node = string | { [key: string]: Node[] | string | undefined };

/** Schema-less decoding: one child → value, several → list; the caller normalizes with asArray(). */
function decode(node: Node): VimValue {
  if (typeof node === "string") return node;
  const type = node["@type"];
  const text = node["#text"];
  const children = Object.entries(node).filter(([k]) => !k.startsWith("@") && k !== "#text");
  if (typeof type === "string" && children.length === 0 && typeof text === "string") {
    // `<x type="Datastore">ds-1</x>` is a MoRef; an xsi:type'd primitive loses its prefix with removeNSPrefix.
    if (!/^xsd?:/.test(type) && !["int", "long", "boolean", "string", "short", "double"].includes(type)) {
      return { type, value: text };
    }
    return text;
  }
  if (children.length === 0) return typeof text === "string" ? text : "";
  const out: VimObject = {};
  if (typeof type === "string") out._type = type;
  for (const [key, list] of children) {
    const values = (list as Node[]).map(decode);
    out[key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

/** A PBM profile id, `PbmProfileId { uniqueId }`. */
export function profileIdXml(tag: string, id: string): string {
  return `<${tag}><uniqueId>${escapeXml(id)}</uniqueId></${tag}>`;
}

/** A server object reference, `PbmServerObjectRef { objectType, key, serverUuid? }`. */
export function serverObjectRefXml(
  tag: string,
  o: { objectType: "virtualMachine" | "virtualDiskId" | "datastore"; key: string },
): string {
  return `<${tag}><objectType>${o.objectType}</objectType><key>${escapeXml(o.key)}</key></${tag}>`;
}

/** PBM's own faults (namespace urn:pbm) onto the shared taxonomy; vim25 faults map through its schema. */
const PBM_FAULT_KINDS: Record<string, VSphereError["kind"]> = {
  PbmFaultNotFound: "NotFound",
  PbmNonExistentHubs: "NotFound",
  PbmDuplicateName: "AlreadyExists",
  PbmFaultInvalidLogin: "InvalidLogin",
  PbmFaultNoPermission: "NoPermission",
  PbmFaultProfileStorageFault: "Fault",
  PbmResourceInUse: "InvalidState",
  PbmCompatibilityCheckFault: "Fault",
};

const clients = new WeakMap<VSphereClient, PbmClient>();

/** The PBM client riding `vsphere`'s session and connections. */
export function pbmOf(vsphere: VSphereClient): PbmClient {
  let client = clients.get(vsphere);
  if (!client) {
    client = new PbmClient(vsphere);
    clients.set(vsphere, client);
  }
  return client;
}

export class PbmClient {
  #content: Promise<PbmServiceContent> | undefined;
  constructor(readonly vsphere: VSphereClient) {}

  /** The PBM envelope of `method` on `thisRef` with `params` (already-encoded XML, in the method's order). */
  static envelope(method: string, thisRef: MoRef, params: string, cookie?: string): string {
    const session = cookie ? /vmware_soap_session=("?)([^";]*)\1/.exec(cookie)?.[2] : undefined;
    return `<?xml version="1.0" encoding="UTF-8"?>` +
      `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"` +
      ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">` +
      (session
        ? `<soapenv:Header><vcSessionCookie>${escapeXml(session)}</vcSessionCookie></soapenv:Header>`
        : "") +
      `<soapenv:Body><${method} xmlns="urn:pbm">` +
      `<_this type="${escapeXml(thisRef.type)}">${escapeXml(thisRef.value)}</_this>${params}</${method}>` +
      `</soapenv:Body></soapenv:Envelope>`;
  }

  /** Calls a PBM method; faults map onto the same taxonomy as vim25's. */
  async call(
    method: string,
    thisRef: MoRef,
    params = "",
    signal?: AbortSignal,
  ): Promise<VimValue | undefined> {
    await this.vsphere.ensureSession();
    const attempt = async () => {
      const cookie = this.vsphere.sessionCookie;
      const headers = new Headers({ "content-type": "text/xml; charset=utf-8", soapaction: "urn:pbm/2.0" });
      if (cookie) headers.set("cookie", cookie);
      const timeout = AbortSignal.timeout(this.vsphere.target.timeoutMs);
      const url = new URL(PBM_PATH, this.vsphere.soap.baseUrl);
      let status: number;
      let text: string;
      try {
        const response = await this.vsphere.roundTripper(
          new Request(url, {
            method: "POST",
            headers,
            body: PbmClient.envelope(method, thisRef, params, cookie),
            signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
          }),
        );
        status = response.status;
        text = await response.text();
      } catch (error) {
        throw classifyNetworkError(error, `pbm:${method}`);
      }
      return PbmClient.parse(method, status, text);
    };
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof VSphereError) || error.kind !== "NotAuthenticated") throw error;
      this.vsphere.sessionExpired();
      await this.vsphere.ensureSession();
      return await attempt();
    }
  }

  /** The decoded `returnval` of a PBM answer, or the typed error of its fault. */
  static parse(method: string, status: number, text: string): VimValue | undefined {
    const path = `pbm:${method}`;
    let doc: Record<string, Node[]>;
    try {
      doc = parser.parse(text) as Record<string, Node[]>;
    } catch {
      doc = {};
    }
    const envelope = doc.Envelope?.[0];
    const body = typeof envelope === "object" ? (envelope.Body as Node[] | undefined)?.[0] : undefined;
    if (!body || typeof body === "string") {
      throw new VSphereError("Connection", {
        faultType: `HTTP${status}`,
        vcMessage: status === 404
          ? "vCenter has no storage policy (PBM) service here"
          : "not a SOAP envelope",
        path,
        details: { status },
      });
    }
    const fault = (body.Fault as Node[] | undefined)?.[0];
    if (fault && typeof fault === "object") {
      const message = (fault.faultstring as Node[] | undefined)?.[0];
      const detail = (fault.detail as Node[] | undefined)?.[0];
      let decoded: VimObject = { _type: "MethodFault" };
      if (detail && typeof detail === "object") {
        const [name, nodes] = Object.entries(detail).find(([k]) => !k.startsWith("@") && k !== "#text") ?? [];
        const node = (nodes as Node[] | undefined)?.[0];
        if (name && node !== undefined) {
          const value = decode(node);
          const obj = value && typeof value === "object" && !Array.isArray(value) ? value as VimObject : {};
          const type = typeof obj._type === "string" ? obj._type : name.replace(/Fault$/, "");
          decoded = { ...obj, _type: type };
        }
      }
      const vcMessage = typeof message === "string" ? message : "";
      const pbmKind = PBM_FAULT_KINDS[String(decoded._type)];
      if (pbmKind) {
        const details: Record<string, unknown> = { ...decoded };
        delete details._type;
        throw new VSphereError(pbmKind, { faultType: String(decoded._type), vcMessage, path, details });
      }
      throw faultError(decoded, { vcMessage, path });
    }
    const response = (body[`${method}Response`] as Node[] | undefined)?.[0];
    if (response === undefined || typeof response === "string") return undefined;
    const values = ((response.returnval as Node[] | undefined) ?? []).map(decode);
    if (values.length === 0) return undefined;
    return values.length === 1 ? values[0] : values;
  }

  /** `PbmRetrieveServiceContent`, once per client. */
  content(): Promise<PbmServiceContent> {
    this.#content ??= this.call("PbmRetrieveServiceContent", SERVICE_INSTANCE).then((v) => {
      const c = (v ?? {}) as Record<string, VimValue>;
      return {
        profileManager: c.profileManager as MoRef,
        complianceManager: c.complianceManager as MoRef,
        placementSolver: c.placementSolver as MoRef,
      };
    }).catch((error) => {
      this.#content = undefined;
      throw error;
    });
    return this.#content;
  }
}
