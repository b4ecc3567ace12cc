/**
 * Parses vim25 SOAP responses into plain typed values: arrays where the schema says arrays (even for one
 * element), numbers and booleans typed, `xsi:type` kept as `_type`, MoRefs as `{ type, value }`.
 * XML parsing is ./xml.ts (a strict single-pass reader; it replaced fast-xml-parser, which took ~80% of
 * the time of a 10,000-VM listing); this module only maps its tree using the schema.
 */
import type { VimField, VimObject, VimSchema, VimValue } from "./types.ts";
import { parseXml, scanXml, type XmlElement, type XmlNode, XmlSyntaxError } from "./xml.ts";
import { MOREF } from "./xsd.ts";

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

  /** The document tree; a body that is not well-formed XML gives an empty tree (no envelope in it). */
  parse(xml: string): XmlElement {
    try {
      return parseXml(xml);
    } catch (error) {
      if (error instanceof XmlSyntaxError) return {};
      throw error;
    }
  }

  /**
   * The `returnval` of a method response decoded straight from the text, without building the document
   * tree first (a 10,000-VM RetrievePropertiesEx answer is ~11 MB; the tree was the largest transient
   * allocation of a listing). Gives the same values as `returnValue(method, body(parse(xml)))`.
   * Undefined when the answer is not a plain method response (a Fault, not SOAP, not well-formed): the
   * caller then takes the tree path, which reports those.
   */
  decodeResponse(xml: string, method: string): { value: VimValue | undefined } | undefined {
    const builder = new ValueBuilder(this, this.schema.returnOf(method));
    try {
      scanXml(xml, builder);
    } catch (error) {
      if (error instanceof XmlSyntaxError || error === NOT_PLAIN) return undefined;
      throw error;
    }
    return builder.result();
  }

  /** Ordered fields of `type`, if the schema knows it. */
  schemaFields(type: string): readonly VimField[] | undefined {
    return this.schema.fieldsOf(type);
  }

  /** Field metadata of `type` by name (cached). */
  fieldMap(type: string): Map<string, VimField> | undefined {
    return this.#fieldMap(type, this.schema.fieldsOf(type));
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

/**
 * A copy of `text` that does not keep the response alive. V8 represents a slice of a long string as a
 * view into it, so one MoRef id kept in a cache or paging snapshot would otherwise pin the whole answer it
 * came from (measured: ~0.5 MB retained per vm_list call). Concatenating and slicing again makes V8
 * flatten into a fresh string of the value's own length.
 */
function ownString(text: string): string {
  return text.length < 13 ? text : (" " + text).slice(1);
}

/** Thrown inside a scan to leave the direct path (the answer is a Fault or not an envelope). */
const NOT_PLAIN = Symbol("not a plain method response");

/** One open element of the direct decode. */
interface Frame {
  /** Local name, as the parent stores it. */
  name: string;
  /** The declared field in the parent (array-ness and type), if the schema knows it. */
  declared: VimField | undefined;
  xsiType: string | undefined;
  /** Effective type: xsi:type, else declared. */
  type: string;
  /** A `type` attribute (MoRefs). */
  refType: string | undefined;
  text: string;
  /** Data object under construction (made at the first child). */
  obj: VimObject | undefined;
  /** Names whose values were made lists because they repeated. */
  repeated: Set<string> | undefined;
  /** For ArrayOfX: the items and their type. */
  items: VimValue[] | undefined;
  itemType: string | undefined;
  hasChildren: boolean;
}

/**
 * Envelope → Body → <MethodResponse> → returnval..., decoded as SoapDecoder.decodeNode would decode the
 * tree: depth 1-3 are the envelope, a Header's content is skipped, a Fault leaves the direct path.
 */
class ValueBuilder {
  #frames: Frame[] = [];
  #depth = 0;
  #skipDepth = 0;
  #sawBody = false;
  #sawResponse = false;
  #values: VimValue[] = [];

  constructor(private readonly decoder: SoapDecoder, private readonly declared: VimField | undefined) {}

  result(): { value: VimValue | undefined } | undefined {
    if (!this.#sawBody) return undefined;
    if (!this.#sawResponse) return { value: undefined };
    if (this.#values.length === 0) return { value: undefined };
    return { value: this.declared?.array || this.#values.length > 1 ? this.#values : this.#values[0]! };
  }

  open(qualified: string, attrs: Record<string, string> | undefined): void {
    const depth = ++this.#depth;
    if (this.#skipDepth) return;
    const name = localName(qualified);
    if (depth === 1) {
      if (name !== "Envelope") throw NOT_PLAIN;
      return;
    }
    if (depth === 2) {
      if (name === "Body") this.#sawBody = true;
      else this.#skipDepth = depth;
      return;
    }
    if (depth === 3) {
      if (name === "Fault" || this.#sawResponse) throw NOT_PLAIN;
      this.#sawResponse = true;
      return;
    }
    let declared: VimField | undefined;
    if (depth === 4) {
      if (name !== "returnval") {
        this.#skipDepth = depth;
        return;
      }
      declared = this.declared;
    } else {
      const parent = this.#frames[this.#frames.length - 1]!;
      parent.hasChildren = true;
      declared = parent.itemType !== undefined
        ? { name, type: parent.itemType } as VimField
        : this.decoder.fieldMap(parent.type)?.get(name);
    }
    let xsiType: string | undefined;
    let refType: string | undefined;
    if (attrs) {
      for (const key in attrs) {
        if (key.endsWith(":type")) xsiType = localName(attrs[key]!);
        else if (key === "type") refType = attrs[key];
      }
    }
    const type = xsiType ?? declared?.type ?? "";
    let itemType: string | undefined;
    if (type.startsWith("ArrayOf") && type !== MOREF && refType === undefined) {
      const fields = this.decoder.schemaFields(type);
      if (fields?.length === 1) itemType = fields[0]!.type;
    }
    this.#frames.push({
      name,
      declared,
      xsiType,
      type,
      refType,
      text: "",
      obj: undefined,
      repeated: undefined,
      items: itemType !== undefined ? [] : undefined,
      itemType,
      hasChildren: false,
    });
  }

  text(text: string): void {
    if (this.#skipDepth || this.#depth < 4) return;
    const frame = this.#frames[this.#frames.length - 1];
    if (frame && !frame.hasChildren) frame.text += text;
  }

  close(): void {
    const depth = this.#depth--;
    if (this.#skipDepth) {
      if (this.#skipDepth === depth) this.#skipDepth = 0;
      return;
    }
    if (depth < 4) return;
    const frame = this.#frames.pop()!;
    const value = this.#valueOf(frame);
    if (depth === 4) {
      this.#values.push(value);
      return;
    }
    const parent = this.#frames[this.#frames.length - 1]!;
    if (parent.items) {
      parent.items.push(value);
      return;
    }
    const obj = parent.obj ??= parent.xsiType ? { _type: parent.xsiType } : {};
    const current = obj[frame.name];
    if (current === undefined && !(frame.name in obj)) {
      obj[frame.name] = frame.declared?.array ? [value] : value;
      if (frame.declared?.array) (parent.repeated ??= new Set()).add(frame.name);
    } else if (parent.repeated?.has(frame.name)) {
      (current as VimValue[]).push(value);
    } else {
      obj[frame.name] = [current as VimValue, value];
      (parent.repeated ??= new Set()).add(frame.name);
    }
  }

  #valueOf(frame: Frame): VimValue {
    const { type } = frame;
    if (type === MOREF || frame.refType !== undefined) {
      return { type: ownString(frame.refType ?? ""), value: ownString(frame.text) };
    }
    if (NUMERIC.has(type)) return Number(frame.text);
    if (type === "boolean") return frame.text === "true" || frame.text === "1";
    if (frame.items) return frame.items;
    if (frame.obj) return frame.obj;
    const fields = this.decoder.schemaFields(type);
    return fields ? (frame.xsiType ? { _type: frame.xsiType } : {}) : ownString(frame.text);
  }
}

export type { XmlElement, XmlNode };
export { childEntries, localName, textOf, xsiTypeOf };
