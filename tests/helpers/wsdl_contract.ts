/**
 * Contract checks of SOAP requests against VMware's vim25 WSDL/XSD (../shared/reference): for requests the
 * simulator lacks or accepts too leniently. Checks element names and order (base-type fields first),
 * required elements, xsi:type names, and enum values, recursively through data objects.
 */
import { XMLParser } from "fast-xml-parser";
import type { VSphereTarget } from "../../src/config/mod.ts";
import { VSphereClient } from "../../src/vsphere/client.ts";
import { createRoundTripper } from "../../src/vsphere/transport.ts";

const REFERENCE = new URL("../../../../shared/reference/vim25-wsdl-9.0/", import.meta.url);
const REFERENCE_DIR = Deno.env.get("VSPHERE_REFERENCE_DIR") ??
  (() => {
    for (const candidate of ["/work/shared/reference/vim25-wsdl-9.0/", REFERENCE.pathname]) {
      try {
        if (Deno.statSync(candidate + "vim-types.xsd").isFile) return candidate;
      } catch {
        // try the next
      }
    }
    return "/work/shared/reference/vim25-wsdl-9.0/";
  })();

interface Field {
  name: string;
  type: string;
  required: boolean;
  array: boolean;
}
interface ComplexType {
  base?: string;
  fields: Field[];
}

let cache: { types: Map<string, ComplexType>; enums: Map<string, Set<string>> } | undefined;

function load() {
  if (cache) return cache;
  const types = new Map<string, ComplexType>();
  const enums = new Map<string, Set<string>>();
  for (
    const file of [
      "vim-types.xsd",
      "vim-messagetypes.xsd",
      "core-types.xsd",
      "query-types.xsd",
      "query-messagetypes.xsd",
    ]
  ) {
    const text = Deno.readTextFileSync(REFERENCE_DIR + file);
    for (const m of text.matchAll(/<complexType name="(\w+)">([\s\S]*?)<\/complexType>/g)) {
      const body = m[2]!;
      const base = /<extension base="\w+:(\w+)"/.exec(body)?.[1];
      const fields = [...body.matchAll(/<element name="(\w+)" type="\w+:(\w+)"([^>]*)\/>/g)].map((f) => ({
        name: f[1]!,
        type: f[2]!,
        required: !/minOccurs="0"/.test(f[3]!),
        array: /maxOccurs="unbounded"/.test(f[3]!),
      }));
      types.set(m[1]!, { ...(base ? { base } : {}), fields });
    }
    for (const m of text.matchAll(/<simpleType name="(\w+)">([\s\S]*?)<\/simpleType>/g)) {
      const values = [...m[2]!.matchAll(/<enumeration value="([^"]*)"/g)].map((v) => v[1]!);
      if (values.length) enums.set(m[1]!, new Set(values));
    }
  }
  cache = { types, enums };
  return cache;
}

function allFields(type: string): Field[] | undefined {
  const { types } = load();
  const t = types.get(type);
  if (!t) return undefined;
  return [...(t.base ? allFields(t.base) ?? [] : []), ...t.fields];
}

function isSubtype(type: string, base: string): boolean {
  const { types } = load();
  for (let t: string | undefined = type; t; t = types.get(t)?.base) if (t === base) return true;
  return false;
}

type Node = Record<string, unknown>;
const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: "@" });

function nameOf(node: Node): string {
  return Object.keys(node).find((k) => k !== ":@")!;
}
function local(name: string) {
  return name.includes(":") ? name.slice(name.indexOf(":") + 1) : name;
}
function children(node: Node): Node[] {
  const value = node[nameOf(node)];
  return Array.isArray(value) ? (value as Node[]).filter((c) => nameOf(c) !== "#text") : [];
}
function textOf(node: Node): string {
  const value = node[nameOf(node)];
  return Array.isArray(value) ? (value as Node[]).map((c) => String(c["#text"] ?? "")).join("") : "";
}
function attr(node: Node, name: string): string | undefined {
  const attrs = node[":@"] as Record<string, string> | undefined;
  return attrs?.[`@${name}`];
}

/** Problems with one SOAP request envelope; an empty list means it conforms to the WSDL. */
export function checkEnvelope(xml: string): string[] {
  const doc = parser.parse(xml) as Node[];
  const envelope = doc.find((n) => local(nameOf(n)) === "Envelope")!;
  const body = children(envelope).find((n) => local(nameOf(n)) === "Body")!;
  const request = children(body)[0]!;
  const method = local(nameOf(request));
  const problems: string[] = [];
  if (!load().types.has(`${method}RequestType`)) return [`${method}: no such method in the WSDL`];
  checkObject(request, `${method}RequestType`, method, problems);
  return problems;
}

function checkObject(node: Node, type: string, path: string, problems: string[]): void {
  const fields = allFields(type);
  if (!fields) {
    problems.push(`${path}: unknown type ${type}`);
    return;
  }
  let cursor = 0;
  const seen = new Set<string>();
  for (const child of children(node)) {
    const name = local(nameOf(child));
    const index = fields.findIndex((f, i) => i >= cursor && f.name === name);
    if (index < 0) {
      const known = fields.some((f) => f.name === name);
      problems.push(`${path}.${name}: ${known ? "out of order" : "not a field"} of ${type}`);
      continue;
    }
    const field = fields[index]!;
    if (seen.has(name) && !field.array) problems.push(`${path}.${name}: repeated but not an array`);
    seen.add(name);
    cursor = field.array ? index : index + 1;
    checkValue(child, field, `${path}.${name}`, problems);
  }
  for (const f of fields) {
    if (f.required && !seen.has(f.name)) problems.push(`${path}: missing required ${f.name} of ${type}`);
  }
}

function checkValue(node: Node, field: Field, path: string, problems: string[]): void {
  const { types, enums } = load();
  const xsiType = Object.entries((node[":@"] ?? {}) as Record<string, string>)
    .find(([k]) => k.endsWith(":type") && k !== "@type")?.[1];
  if (field.type === "ManagedObjectReference") {
    if (!attr(node, "type")) problems.push(`${path}: MoRef without type attribute`);
    return;
  }
  if (field.type === "anyType") {
    if (!xsiType) problems.push(`${path}: anyType value without xsi:type`);
    return;
  }
  const enumValues = enums.get(field.type);
  if (enumValues) {
    if (!enumValues.has(textOf(node))) {
      problems.push(`${path}: "${textOf(node)}" is not a ${field.type} value`);
    }
    return;
  }
  if (!types.has(field.type)) return; // xsd primitive
  let actual = field.type;
  if (xsiType) {
    actual = local(xsiType);
    if (!isSubtype(actual, field.type)) problems.push(`${path}: xsi:type ${actual} is not a ${field.type}`);
  }
  checkObject(node, actual, path, problems);
}

/** A client whose every request body is recorded (against a real simulator), for contract checks. */
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
