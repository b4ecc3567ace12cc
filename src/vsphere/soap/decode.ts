/**
 * Parses vim25 SOAP responses into plain typed values: arrays where the schema says arrays (even for one
 * element), numbers and booleans typed, `xsi:type` kept as `_type`, MoRefs as `{ type, value }`.
 * XML parsing itself is fast-xml-parser's; this module only maps its tree using the schema.
 */
import { XMLParser } from "fast-xml-parser";
import type { VimField, VimObject, VimSchema, VimValue } from "./types.ts";
import { MOREF } from "./xsd.ts";

/** fast-xml-parser's tree with `isArray: () => true`: every child list is an array. */
type XmlNode = string | XmlElement;
interface XmlElement {
  [key: string]: XmlNode[] | string | undefined;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
});

const NUMERIC = new Set(["int", "long", "short", "byte", "float", "double"]);

function localName(qualified: string): string {
  const i = qualified.indexOf(":");
  return i < 0 ? qualified : qualified.slice(i + 1);
}

/** The xsi:type of an element, whatever prefix the server bound the XMLSchema-instance namespace to. */
function xsiTypeOf(node: XmlNode): string | undefined {
  if (typeof node === "string") return undefined;
  for (const key of Object.keys(node)) {
    if (key.startsWith("@") && key.endsWith(":type")) return localName(node[key] as string);
  }
  return undefined;
}

function textOf(node: XmlNode): string {
  if (typeof node === "string") return node;
  const text = node["#text"];
  if (Array.isArray(text)) return text.join("");
  return typeof text === "string" ? text : "";
}

function childEntries(node: XmlNode): [string, XmlNode[]][] {
  if (typeof node === "string") return [];
  const out: [string, XmlNode[]][] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("@") || key === "#text" || !Array.isArray(value)) continue;
    out.push([localName(key), value]);
  }
  return out;
}

export class SoapDecoder {
  #fieldMaps = new Map<string, Map<string, VimField> | undefined>();

  constructor(private readonly schema: VimSchema) {}

  parse(xml: string): XmlElement {
    return parser.parse(xml) as XmlElement;
  }

  /** Finds the Body element of an envelope. */
  body(doc: XmlElement): XmlElement | undefined {
    const envelope = childEntries(doc).find(([name]) => name === "Envelope")?.[1][0];
    if (!envelope) return undefined;
    const body = childEntries(envelope).find(([name]) => name === "Body")?.[1][0];
    return typeof body === "object" ? body : undefined;
  }

  /** The `returnval` of `<MethodResponse>` decoded with the method's declared return type. */
  returnValue(method: string, response: XmlNode): VimValue | undefined {
    const nodes = childEntries(response).find(([name]) => name === "returnval")?.[1];
    if (!nodes) return undefined;
    return this.decodeNodes(nodes, this.schema.returnOf(method));
  }

  /** The elements of one field: a list when the schema says so (even of one), else a single value. */
  decodeNodes(nodes: XmlNode[], declared: VimField | undefined): VimValue {
    const values = nodes.map((n) => this.decodeNode(n, declared?.type));
    if (declared?.array || values.length > 1) return values;
    return values[0] ?? null;
  }

  /** One element, typed by its xsi:type, else by the declared type; unknown types decode structurally. */
  decodeNode(node: XmlNode, declaredType: string | undefined): VimValue {
    const xsiType = xsiTypeOf(node);
    const type = xsiType ?? declaredType ?? "";
    if (type === MOREF || (typeof node === "object" && typeof node["@type"] === "string")) {
      return { type: typeof node === "object" ? String(node["@type"] ?? "") : "", value: textOf(node) };
    }
    if (NUMERIC.has(type)) return Number(textOf(node));
    if (type === "boolean") return textOf(node) === "true" || textOf(node) === "1";
    const fields = this.schema.fieldsOf(type);
    if (type.startsWith("ArrayOf") && fields?.length === 1) {
      const item = fields[0]!.type;
      return childEntries(node).flatMap(([, items]) => items.map((n) => this.decodeNode(n, item)));
    }
    const children = childEntries(node);
    if (children.length === 0) return fields ? (xsiType ? { _type: xsiType } : {}) : textOf(node);
    const obj: VimObject = xsiType ? { _type: xsiType } : {};
    const byName = this.#fieldMap(type, fields);
    for (const [name, items] of children) obj[name] = this.decodeNodes(items, byName?.get(name));
    return obj;
  }

  #fieldMap(type: string, fields: readonly VimField[] | undefined): Map<string, VimField> | undefined {
    if (!this.#fieldMaps.has(type)) {
      this.#fieldMaps.set(type, fields && new Map(fields.map((f) => [f.name, f])));
    }
    return this.#fieldMaps.get(type);
  }
}

export type { XmlElement, XmlNode };
export { childEntries, localName, textOf, xsiTypeOf };
