/**
 * Validates request bodies against VMware's vim25 schema with xmllint: each case is encoded exactly as the
 * client would send it, its method element is checked against the `XxxRequestType` the WSDL declares for
 * that method (element names, order, required fields, xsi:type of polymorphic values).
 */
import type { ContractCase } from "../../src/tools/shared/contract.ts";
import { VSphereClient } from "../../src/vsphere/client.ts";

/** VMware's vim25 WSDL/XSD folder (not copied into the project); VIM25_WSDL_DIR overrides it. */
const WSDL_DIR = Deno.env.get("VIM25_WSDL_DIR") ?? "/work/shared/reference/vim25-wsdl-9.0";

export function wsdlAvailable(): boolean {
  try {
    return Deno.statSync(`${WSDL_DIR}/vim-messagetypes.xsd`).isFile;
  } catch {
    return false;
  }
}

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
  const wsdl = await Deno.readTextFile(`${WSDL_DIR}/vim.wsdl`);
  const dir = await Deno.makeTempDir({ prefix: "wsdl-contract-" });
  try {
    const elements = new Set<string>();
    for (const c of cases) {
      const decl = new RegExp(`<element name="${c.method}"\\s+type="vim25:(\\w+)"`).exec(wsdl);
      if (!decl) throw new Error(`The WSDL declares no method ${c.method}`);
      elements.add(`<element name="${c.method}" type="vim25:${decl[1]}"/>`);
    }
    await Deno.writeTextFile(
      `${dir}/request.xsd`,
      `<schema targetNamespace="urn:vim25" xmlns="http://www.w3.org/2001/XMLSchema" xmlns:vim25="urn:vim25" ` +
        `elementFormDefault="qualified"><include schemaLocation="${WSDL_DIR}/vim-messagetypes.xsd"/>` +
        `${[...elements].join("")}</schema>`,
    );
    const files = cases.map((_, i) => `${dir}/case${i}.xml`);
    for (const [i, c] of cases.entries()) await Deno.writeTextFile(files[i]!, methodElement(c));
    const out = await new Deno.Command("xmllint", {
      args: ["--noout", "--schema", `${dir}/request.xsd`, ...files],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const report = new TextDecoder().decode(out.stderr);
    const results = new Map<string, string>();
    for (const [i, c] of cases.entries()) {
      const file = files[i]!;
      const lines = report.split("\n").filter((l) => l.startsWith(`${file}:`) || l.startsWith(`${file} `));
      results.set(c.name, lines.some((l) => l === `${file} validates`) ? "ok" : lines.join("\n") || report);
    }
    return results;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
