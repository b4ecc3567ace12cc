/**
 * Contract checks of recorded SOAP requests against VMware's vim25 WSDL — for requests the simulator lacks
 * or accepts too leniently. The validation itself is xmllint's (tests/helpers/wsdl.ts); this file records
 * what a client sends and picks requests by method.
 */
import type { VSphereTarget } from "../../src/config/mod.ts";
import { VSphereClient } from "../../src/vsphere/client.ts";
import { createRoundTripper } from "../../src/vsphere/transport.ts";
import { bodyOfEnvelope, methodOfBody, validateRequests } from "./wsdl.ts";

/** Problems with one SOAP request envelope; an empty list means it conforms to the WSDL. */
export async function checkEnvelope(xml: string): Promise<string[]> {
  const body = bodyOfEnvelope(xml);
  const invalid = await validateRequests([{ name: methodOfBody(body), xml: body }]);
  return invalid.map((i) => i.errors);
}

/** A client whose every request envelope is recorded (against a real simulator), for contract checks. */
export function recordingClient(target: VSphereTarget): { client: VSphereClient; requests: string[] } {
  const requests: string[] = [];
  const inner = createRoundTripper(target.tls);
  const roundTrip = Object.assign(async (request: Request) => {
    requests.push(await request.clone().text());
    return await inner(request);
  }, { close: () => inner.close?.() });
  return { client: new VSphereClient(target, { roundTrip }), requests };
}

/** The recorded requests for `method`. */
export function requestsFor(requests: readonly string[], method: string): string[] {
  return requests.filter((r) => r.includes(`<${method} xmlns="urn:vim25"`));
}
