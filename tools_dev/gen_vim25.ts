/**
 * Generates src/vsphere/vim25/schema.ts from VMware's official vim25 WSDL/XSD: for every data object and
 * fault type its base type and ordered own fields, every enum with its values, and for every method its
 * ordered parameters, return type and declared faults. Nothing else: that is what serialization,
 * deserialization and fault mapping need.
 *
 *   deno task gen            (or `make gen`)
 *
 * The reference is read from $VIM25_WSDL_DIR, else from `shared/reference/vim25-wsdl-9.0` in the nearest
 * ancestor folder of the repository that has it (the WSDL is data for the build, not part of the repo).
 *
 * Output format (decoded by src/vsphere/vim25/vim_schema.ts): one packed string table of identifiers
 * (`NAMES`, space-separated, most frequent first) and three record lists whose tokens are indexes into it,
 * written self-delimiting: zero or more "continuation" characters then one letter (see `encodeIndex`).
 */
import { XMLParser } from "fast-xml-parser";
import { ARRAY, encodeIndex, OPTIONAL, TERM } from "../src/vsphere/vim25/packing.ts";

export const OUTPUT = "src/vsphere/vim25/schema.ts";
const ROOT = new URL("../", import.meta.url);

interface Field {
  name: string;
  type: string;
  flags: number;
}
interface Member {
  field?: Field;
  group?: string;
}
interface ComplexType {
  base: string;
  members: Member[];
}
interface Method {
  params: Field[];
  returns: Field | undefined;
  faults: string[];
}

/** One fast-xml-parser node in preserveOrder mode: `{ tag: children, ":@": attributes }`. */
type XNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  removeNSPrefix: true,
  parseAttributeValue: false,
  parseTagValue: false,
});

function tagOf(node: XNode): string {
  return Object.keys(node).find((k) => k !== ":@") ?? "";
}
function kids(node: XNode, tag?: string): XNode[] {
  const list = (node[tagOf(node)] ?? []) as XNode[];
  return tag ? list.filter((n) => tagOf(n) === tag) : list.filter((n) => tagOf(n) !== "#text");
}
function attr(node: XNode, name: string): string | undefined {
  return (node[":@"] as Record<string, string> | undefined)?.[name];
}
function kid(node: XNode, tag: string): XNode | undefined {
  return kids(node, tag)[0];
}

/** `vim25:Foo` → `Foo`, `xsd:int` → `int`; other namespaces (vsan) keep their prefix. */
function typeName(qualified: string): string {
  const [prefix, local] = qualified.includes(":")
    ? qualified.split(":") as [string, string]
    : ["", qualified];
  return prefix === "vim25" || prefix === "xsd" || prefix === "" ? local : `${prefix}:${local}`;
}

function fieldOf(el: XNode): Field {
  const max = attr(el, "maxOccurs") ?? "1";
  const array = max === "unbounded" || Number(max) > 1;
  const optional = attr(el, "minOccurs") === "0";
  return {
    name: attr(el, "name")!,
    type: typeName(attr(el, "type") ?? "anyType"),
    flags: (array ? ARRAY : 0) | (optional ? OPTIONAL : 0),
  };
}

function sequenceMembers(seq: XNode | undefined): Member[] {
  if (!seq) return [];
  return kids(seq).map((n): Member =>
    tagOf(n) === "group" ? { group: typeName(attr(n, "ref")!) } : { field: fieldOf(n) }
  );
}

interface Parsed {
  types: Map<string, ComplexType>;
  enums: Map<string, string[]>;
  groups: Map<string, Field[]>;
  requests: Map<string, Field[]>;
}

function schemaOf(xml: string): XNode {
  const doc = parser.parse(xml) as XNode[];
  const root = doc.find((n) => tagOf(n) === "schema" || tagOf(n) === "definitions")!;
  if (tagOf(root) === "schema") return root;
  return kid(kid(root, "types")!, "schema")!;
}

function collect(schema: XNode, out: Parsed, prefix: string): void {
  for (const node of kids(schema)) {
    const name = attr(node, "name");
    if (!name) continue;
    const tag = tagOf(node);
    if (tag === "complexType") {
      const ext = kid(kid(node, "complexContent") ?? {}, "extension");
      if (kid(node, "simpleContent")) continue; // ManagedObjectReference: handled by the codec itself
      const base = ext ? typeName(attr(ext, "base")!) : "";
      const members = sequenceMembers(kid(ext ?? node, "sequence"));
      if (name.endsWith("RequestType")) {
        out.requests.set(name.slice(0, -"RequestType".length), members.map((m) => m.field!).slice(1));
      } else if (!prefix) out.types.set(name, { base, members });
    } else if (tag === "simpleType" && !prefix) {
      const values = kids(kid(node, "restriction")!, "enumeration").map((e) => attr(e, "value")!);
      out.enums.set(name, values);
    } else if (tag === "group") {
      out.groups.set(`${prefix}${name}`, sequenceMembers(kid(node, "sequence")).map((m) => m.field!));
    }
  }
}

/** `ArrayOfFoo` holding `<Foo>` items is implied by `Foo` (the decoder synthesizes it); keep the rest. */
function isImpliedArray(name: string, t: ComplexType): boolean {
  const only = t.members.length === 1 ? t.members[0]?.field : undefined;
  if (!name.startsWith("ArrayOf") || t.base || !only || only.flags !== (ARRAY | OPTIONAL)) return false;
  const item = name.slice("ArrayOf".length);
  const expected = only.type === item ? item : item.charAt(0).toLowerCase() + item.slice(1);
  return only.name === expected && only.type === expected;
}

export interface Vim25Model {
  types: Map<string, { base: string; fields: Field[] }>;
  enums: Map<string, string[]>;
  methods: Map<string, Method>;
}

/** Reads the WSDL/XSD in `dir` into a model. */
export function readModel(dir: string): Vim25Model {
  const read = (file: string) => schemaOf(Deno.readTextFileSync(`${dir}/${file}`));
  const parsed: Parsed = { types: new Map(), enums: new Map(), groups: new Map(), requests: new Map() };
  for (const file of ["core-types.xsd", "query-types.xsd", "vim-types.xsd"]) collect(read(file), parsed, "");
  collect(read("vsan-types.xsd"), parsed, "vsan:");
  for (const file of ["query-messagetypes.xsd", "vim-messagetypes.xsd"]) collect(read(file), parsed, "");

  const types = new Map<string, { base: string; fields: Field[] }>();
  for (const [name, t] of [...parsed.types].sort(([a], [b]) => a < b ? -1 : 1)) {
    if (isImpliedArray(name, t)) continue;
    const fields = t.members.flatMap((m) => m.field ? [m.field] : parsed.groups.get(m.group!) ?? []);
    types.set(name, { base: t.base, fields });
  }

  // vim.wsdl: method → request type, response's returnval, and the faults each operation declares.
  const wsdl = parser.parse(Deno.readTextFileSync(`${dir}/vim.wsdl`)) as XNode[];
  const definitions = wsdl.find((n) => tagOf(n) === "definitions")!;
  const schema = kid(kid(definitions, "types")!, "schema")!;
  const elementType = new Map<string, string>();
  const returns = new Map<string, Field>();
  for (const el of kids(schema, "element")) {
    const name = attr(el, "name")!;
    const type = attr(el, "type");
    if (type) elementType.set(name, typeName(type));
    const inline = kid(kid(el, "complexType") ?? {}, "sequence");
    const returnval = inline ? kid(inline, "element") : undefined;
    if (name.endsWith("Response") && returnval) {
      returns.set(name.slice(0, -"Response".length), fieldOf(returnval));
    }
  }
  const messageElement = new Map<string, string>();
  for (const msg of kids(definitions, "message")) {
    messageElement.set(attr(msg, "name")!, typeName(attr(kid(msg, "part")!, "element")!));
  }
  const methods = new Map<string, Method>();
  const portType = kid(definitions, "portType")!;
  for (const op of kids(portType, "operation")) {
    const name = attr(op, "name")!;
    const params = parsed.requests.get(elementType.get(name)?.replace(/RequestType$/, "") ?? "");
    if (!params) throw new Error(`no request type for operation ${name}`);
    const faults = kids(op, "fault").map((f) =>
      elementType.get(messageElement.get(typeName(attr(f, "message")!))!)!
    );
    methods.set(name, { params, returns: returns.get(name), faults });
  }
  const enums = new Map([...parsed.enums].sort(([a], [b]) => a < b ? -1 : 1));
  return { types, enums, methods: new Map([...methods].sort(([a], [b]) => a < b ? -1 : 1)) };
}

/** Renders the model as the generated TypeScript module. */
export function render(model: Vim25Model): string {
  // Intern every identifier; the most frequent get the shortest codes.
  const counts = new Map<string, number>();
  const use = (s: string) => counts.set(s, (counts.get(s) ?? 0) + 1);
  use("");
  for (const [name, t] of model.types) {
    [name, t.base, ...t.fields.flatMap((f) => [f.name, f.type])].forEach(use);
  }
  for (const [name, values] of model.enums) [name, ...values].forEach(use);
  for (const [name, m] of model.methods) {
    [name, m.returns?.type ?? "", ...m.params.flatMap((f) => [f.name, f.type]), ...m.faults].forEach(use);
  }
  for (const name of counts.keys()) {
    if (/[\s"\\]/.test(name)) throw new Error(`identifier with whitespace or quote: ${JSON.stringify(name)}`);
  }
  // "" is always index 0 (no base type, no return value).
  const names = [...counts].sort((a, b) =>
    a[0] === "" ? -1 : b[0] === "" ? 1 : b[1] - a[1] || (a[0] < b[0] ? -1 : 1)
  )
    .map(([s]) => s);
  const index = new Map(names.map((s, i) => [s, encodeIndex(i)]));
  const ix = (s: string) => index.get(s)!;
  const fields = (list: Field[]) => list.map((f) => ix(f.name) + ix(f.type) + TERM[f.flags]).join("");

  const types = [...model.types].map(([name, t]) => ix(name) + ix(t.base) + fields(t.fields)).join(";");
  const enums = [...model.enums].map(([name, values]) => [name, ...values].map(ix).join("")).join(";");
  const methods = [...model.methods].map(([name, m]) =>
    ix(name) + ix(m.returns?.type ?? "") + TERM[m.returns?.flags ?? 0] + fields(m.params) + "," +
    m.faults.map(ix).join("")
  ).join(";");

  const fieldCount = [...model.types.values()].reduce((n, t) => n + t.fields.length, 0);
  return [
    "// generated by tools_dev/gen_vim25.ts — do not edit",
    "// Source: VMware vim25 WSDL/XSD 9.0 (vim.wsdl, core/query/vim-types.xsd, *-messagetypes.xsd; vsan groups).",
    `// ${model.types.size} data/fault types (${fieldCount} own fields), ${model.enums.size} enums, ` +
    `${model.methods.size} methods. Decoded by vim_schema.ts.`,
    "// deno-fmt-ignore-file",
    "",
    `export const NAMES = ${JSON.stringify(names.join(" "))};`,
    `export const TYPES = ${JSON.stringify(types)};`,
    `export const ENUMS = ${JSON.stringify(enums)};`,
    `export const METHODS = ${JSON.stringify(methods)};`,
    "",
  ].join("\n");
}

/** Finds the reference folder: $VIM25_WSDL_DIR, else `shared/reference/vim25-wsdl-9.0` upward. */
export function referenceDir(): string {
  const fromEnv = Deno.env.get("VIM25_WSDL_DIR");
  if (fromEnv) return fromEnv;
  let dir = new URL(".", ROOT);
  for (let i = 0; i < 5; i++) {
    const candidate = new URL("shared/reference/vim25-wsdl-9.0/", dir);
    try {
      if (Deno.statSync(new URL("vim.wsdl", candidate)).isFile) return candidate.pathname.replace(/\/$/, "");
    } catch {
      // not here; look one level up
    }
    dir = new URL("../", dir);
  }
  throw new Error(
    "Cannot find the vim25 WSDL: set VIM25_WSDL_DIR to a folder with vim.wsdl and its XSDs " +
      "(VMware's vcf-api-specs, specifications/vsphere/wsdl/vim)",
  );
}

export function generate(dir = referenceDir()): string {
  return render(readModel(dir));
}

if (import.meta.main) {
  const text = generate();
  const path = new URL(OUTPUT, ROOT);
  Deno.writeTextFileSync(path, text);
  console.log(`wrote ${OUTPUT}: ${text.length} bytes`);
}
