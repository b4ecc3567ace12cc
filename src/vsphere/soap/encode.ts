/**
 * Serializes method calls to vim25 SOAP, driven entirely by the schema: parameters and fields in WSDL order
 * (base-type fields first), `xsi:type` wherever the value's type differs from the declared one (subtypes,
 * primitives and arrays in `anyType` slots), and a TypeError for anything vCenter would refuse: an unknown
 * method, parameter, field, type or enum value, a missing required field, a value of the wrong kind.
 */
import { isMoRef, type VimField, type VimObject, type VimSchema, type VimValue } from "./types.ts";
import { arrayItemType, MOREF, XSD_TYPES } from "./xsd.ts";

const INTEGER = new Set(["int", "long", "short", "byte"]);
const NAMESPACES = `xmlns="urn:vim25" xmlns:xsd="http://www.w3.org/2001/XMLSchema"` +
  ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`;

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c]};`,
  )
    // Control characters other than tab/newline are not legal XML 1.0.
    // deno-lint-ignore no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "");
}

/** `xsi:type` value of a type: built-ins carry the `xsd:` prefix, vim25 types are in the default namespace. */
function xsiName(type: string): string {
  return XSD_TYPES.has(type) ? `xsd:${type}` : type;
}

export class SoapEncoder {
  constructor(private readonly schema: VimSchema) {}

  /** The full envelope for `method` on `thisRef`; `args` are keyed by parameter name. */
  envelope(
    method: string,
    thisRef: { type: string; value: string },
    args: Record<string, VimValue | undefined>,
  ): string {
    return `<?xml version="1.0" encoding="UTF-8"?>` +
      `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">` +
      `<soapenv:Body>${this.body(method, thisRef, args)}</soapenv:Body></soapenv:Envelope>`;
  }

  /** The Body's only child, `<Method xmlns="urn:vim25">`, carrying its own namespace declarations. */
  body(
    method: string,
    thisRef: { type: string; value: string },
    args: Record<string, VimValue | undefined>,
  ): string {
    const params = this.schema.paramsOf(method);
    if (!params) throw new TypeError(`Unknown vim25 method "${method}"`);
    checkKeys(args, params, `parameter for ${method}`);
    const out = [
      `<${method} ${NAMESPACES}>`,
      `<_this type="${escapeXml(thisRef.type)}">${escapeXml(thisRef.value)}</_this>`,
    ];
    for (const param of params) this.#field(out, param, args[param.name], method);
    out.push(`</${method}>`);
    return out.join("");
  }

  #field(out: string[], field: VimField, value: VimValue | undefined, where: string): void {
    const path = `${where}.${field.name}`;
    if (
      value === undefined || value === null || (Array.isArray(value) && value.length === 0 && field.array)
    ) {
      if (!field.optional) throw new TypeError(`Missing required field "${field.name}" in ${where}`);
      return;
    }
    if (Array.isArray(value) && field.array) {
      value.forEach((item, i) => {
        if (item !== null) this.#value(out, field.name, field.type, item, `${path}[${i}]`);
      });
      return;
    }
    if (Array.isArray(value) && field.type !== "anyType") {
      throw new TypeError(`${path} takes one value, not a list`);
    }
    this.#value(out, field.name, field.type, value, path);
  }

  /** One element `<tag>` for `value` in a slot declared as `declared`. */
  #value(out: string[], tag: string, declared: string, value: VimValue, path: string): void {
    if (value === null) return;
    if (Array.isArray(value)) return this.#array(out, tag, inferArrayType(value, path), value, path);
    if (typeof value !== "object") {
      return this.#primitive(
        out,
        tag,
        declared,
        declared === "anyType" ? inferXsd(value) : declared,
        value,
        path,
      );
    }
    if (isMoRef(value)) {
      if (declared !== MOREF && declared !== "anyType") {
        throw new TypeError(`${path}: expected ${declared}, got a MoRef`);
      }
      const xsi = declared === MOREF ? "" : ` xsi:type="${MOREF}"`;
      out.push(`<${tag}${xsi} type="${escapeXml(value.type)}">${escapeXml(value.value)}</${tag}>`);
      return;
    }
    if ("_value" in value) return this.#typed(out, tag, declared, value, path);
    this.#object(out, tag, declared, value, path);
  }

  /** `{ _type: "int", _value: 5 }` or `{ _type: "ArrayOfLong", _value: [...] }`: an explicitly typed value. */
  #typed(out: string[], tag: string, declared: string, value: VimObject, path: string): void {
    const type = value._type ?? "";
    const inner = value._value;
    if (Array.isArray(inner) && type.startsWith("ArrayOf")) return this.#array(out, tag, type, inner, path);
    if (inner === undefined || inner === null || typeof inner === "object" || !XSD_TYPES.has(type)) {
      throw new TypeError(
        `${path}: { _type, _value } needs an xsd type and a primitive value, got "${type}"`,
      );
    }
    if (declared !== type && declared !== "anyType") {
      throw new TypeError(`${path}: expected ${declared}, got ${type}`);
    }
    this.#primitive(out, tag, declared, type, inner, path);
  }

  #primitive(
    out: string[],
    tag: string,
    declared: string,
    type: string,
    value: string | number | boolean,
    path: string,
  ): void {
    if (this.schema.fieldsOf(type) || type === MOREF) {
      throw new TypeError(`${path}: expected a ${type} object, got ${JSON.stringify(value)}`);
    }
    const ok = INTEGER.has(type)
      ? Number.isInteger(value) || (typeof value === "string" && /^-?\d+$/.test(value))
      : type === "float" || type === "double"
      ? typeof value === "number" && Number.isFinite(value)
      : type === "boolean"
      ? typeof value === "boolean"
      : typeof value === "string";
    if (!ok) throw new TypeError(`${path}: expected ${type}, got ${JSON.stringify(value)}`);
    const allowed = this.schema.enumValues(type);
    if (allowed && !allowed.includes(value as string)) {
      throw new TypeError(`${path}: "${value}" is not a valid ${type} (one of: ${allowed.join(", ")})`);
    }
    const xsi = declared === type ? "" : ` xsi:type="${xsiName(type)}"`;
    out.push(`<${tag}${xsi}>${escapeXml(String(value))}</${tag}>`);
  }

  /** A list in an `anyType` slot travels as `<tag xsi:type="ArrayOfX"><X>..</X>..</tag>`. */
  #array(out: string[], tag: string, arrayType: string, items: VimValue[], path: string): void {
    const item = arrayItemType(arrayType);
    if (!this.schema.fieldsOf(arrayType)) throw new TypeError(`${path}: unknown array type "${arrayType}"`);
    out.push(`<${tag} xsi:type="${arrayType}">`);
    items.forEach((v, i) => this.#value(out, item, item, v, `${path}[${i}]`));
    out.push(`</${tag}>`);
  }

  #object(out: string[], tag: string, declared: string, value: VimObject, path: string): void {
    const type = value._type ?? declared;
    const fields = this.schema.fieldsOf(type);
    if (!fields || type === "anyType") {
      throw new TypeError(`${path}: unknown data type "${type}"${value._type ? "" : " (set _type)"}`);
    }
    if (declared !== "anyType" && !this.schema.isSubtypeOf(type, declared)) {
      throw new TypeError(`${path}: ${type} is not a ${declared}`);
    }
    checkKeys(value, fields, `field for ${type} at ${path}`);
    out.push(type === declared ? `<${tag}>` : `<${tag} xsi:type="${xsiName(type)}">`);
    for (const field of fields) this.#field(out, field, value[field.name], path);
    out.push(`</${tag}>`);
  }
}

function checkKeys(value: Record<string, unknown>, fields: readonly VimField[], what: string): void {
  for (const key of Object.keys(value)) {
    if (key === "_type" || value[key] === undefined || fields.some((f) => f.name === key)) continue;
    const near = fields.find((f) => f.name.toLowerCase() === key.toLowerCase());
    const expected = near
      ? `did you mean "${near.name}"?`
      : `expected one of: ${fields.map((f) => f.name).join(", ") || "none"}`;
    throw new TypeError(`Unknown ${what}: "${key}" (${expected})`);
  }
}

function inferXsd(value: string | number | boolean): string {
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return Number.isInteger(value) ? "long" : "double";
  return "string";
}

/** The ArrayOf type of an untyped list in an `anyType` slot, from its items. */
function inferArrayType(items: VimValue[], path: string): string {
  const kinds = new Set(items.map((v) => {
    if (isMoRef(v)) return MOREF;
    if (typeof v === "object" && v !== null && !Array.isArray(v) && v._type) return v._type;
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return inferXsd(v);
    return "";
  }));
  const [kind] = kinds;
  if (kinds.size !== 1 || !kind) {
    throw new TypeError(`${path}: cannot tell the array type; pass { _type: "ArrayOf...", _value: [...] }`);
  }
  return `ArrayOf${kind.charAt(0).toUpperCase()}${kind.slice(1)}`;
}
