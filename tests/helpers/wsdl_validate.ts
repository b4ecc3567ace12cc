/**
 * Validates request bodies against VMware's vim25 schema with xmllint: each case is encoded exactly as the
 * client would send it, its method element is checked against the `XxxRequestType` the WSDL declares for
 * that method (element names, order, required fields, xsi:type of polymorphic values).
 */
import type { ContractCase } from "../../src/tools/shared/contract.ts";
import { VSphereClient } from "../../src/vsphere/client.ts";
import { validateRequests } from "./wsdl.ts";

/** The client's own encoder (whatever schema table the client uses), without any network. */
function encoder() {
  const client = new VSphereClient({
    host: "vc.invalid",
    port: 443,
    user: "u",
    password: "p",
    tls: { mode: "insecure" },
    timeoutMs: 1000,
  }, { roundTrip: () => Promise.reject(new Error("offline")) });
  return client.soap.encoder;
}

/** The method element of an encoded envelope, with the namespaces it uses declared on it. */
export function methodElement(c: ContractCase): string {
  const envelope = encoder().envelope(c.method, c.this, c.args);
  const start = envelope.indexOf(`<${c.method} xmlns="urn:vim25"`);
  const end = envelope.lastIndexOf(`</${c.method}>`);
  if (start < 0 || end < 0) throw new Error(`No ${c.method} element in the envelope`);
  // The encoder declares the namespaces the element uses on the element itself.
  return envelope.slice(start, end + c.method.length + 3);
}

/** Validates every case; returns, per case name, "ok" or xmllint's complaint. */
export async function validateCases(cases: readonly ContractCase[]): Promise<Map<string, string>> {
  const invalid = await validateRequests(cases.map((c) => ({ name: c.name, xml: methodElement(c) })));
  const errors = new Map(invalid.map((i) => [i.name, i.errors]));
  return new Map(cases.map((c) => [c.name, errors.get(c.name) ?? "ok"]));
}
