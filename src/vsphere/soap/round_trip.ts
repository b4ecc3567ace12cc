/**
 * The SOAP round-trip contract, in the manner of govmomi's `soap.RoundTripper`: one request in, one decoded
 * response (or a typed VSphereError) out. The core (`SoapClient.roundTrip`) does exactly one HTTP exchange;
 * retry, re-login, tracing and the in-flight cap are decorators that wrap a round-tripper and return one.
 */
import type { MoRef, VimValue } from "./types.ts";

export interface SoapRequest {
  method: string;
  thisRef: MoRef;
  args: Record<string, VimValue | undefined>;
  signal?: AbortSignal;
  /** Sent as the `operationID` SOAP header so vCenter's logs can be joined with the audit log. */
  operationId?: string;
  /** The session cookie to send (`vmware_soap_session=...`); the session decorator fills it in. */
  cookie?: string;
}

export interface SoapResponse {
  value: VimValue | undefined;
  /** HTTP status of the exchange. */
  status: number;
  /** A `vmware_soap_session` cookie the server set (Login answers with one). */
  cookie?: string;
  bytesSent: number;
  bytesReceived: number;
}

export type SoapRoundTripper = (request: SoapRequest) => Promise<SoapResponse>;
export type SoapDecorator = (next: SoapRoundTripper) => SoapRoundTripper;

/** Wraps `core` so that the first decorator listed is the outermost one. */
export function decorate(core: SoapRoundTripper, ...decorators: SoapDecorator[]): SoapRoundTripper {
  return decorators.reduceRight<SoapRoundTripper>((next, decorator) => decorator(next), core);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
