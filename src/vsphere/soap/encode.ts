/**
 * Serializes method calls to vim25 SOAP envelopes. Field order follows the schema when the type is known
 * (base-type fields first, as vCenter's deserializer requires); values carrying `_type` get `xsi:type`.
 */
import { isMoRef, type VimObject, type VimSchema, type VimValue } from "./types.ts";

const XSD_PRIMITIVES = new Set([
  "string",
  "boolean",
  "int",
  "long",
  "short",
  "byte",
  "float",
  "double",
  "dateTime",
  "base64Binary",
  "anyURI",
]);

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c]};`,
  )
    // Control characters other than tab/newline are not legal XML 1.0.
    // deno-lint-ignore no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "");
}

function primitiveText(value: string | number | boolean): string {
  return escapeXml(String(value));
}

export class SoapEncoder {
  constructor(private readonly schema: VimSchema) {}

  /** The full envelope for `method` on `thisRef`; `args` are keyed by parameter name. */
  envelope(
    method: string,
    thisRef: { type: string; value: string },
    args: Record<string, VimValue | undefined>,
  ): string {
    const parts: string[] = [
      `<?xml version="1.0" encoding="UTF-8"?>`,
      `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"`,
      ` xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`,
      `<soapenv:Body><${method} xmlns="urn:vim25">`,
      `<_this type="${escapeXml(thisRef.type)}">${escapeXml(thisRef.value)}</_this>`,
    ];
    const params = this.schema.paramsOf(method);
    const names = params ? params.map((p) => p.name) : Object.keys(args);
    const declared = new Map(params?.map((p) => [p.name, p.type]) ?? []);
    for (const name of names) {
      const value = args[name];
      if (value === undefined || value === null) continue;
      this.field(parts, name, value, declared.get(name));
    }
    if (params) {
      const unknown = Object.keys(args).filter((k) => args[k] !== undefined && !declared.has(k));
      if (unknown.length) throw new TypeError(`Unknown parameter for ${method}: ${unknown.join(", ")}`);
    }
    parts.push(`</${method}></soapenv:Body></soapenv:Envelope>`);
    return parts.join("");
  }

  private field(out: string[], name: string, value: VimValue, declaredType: string | undefined): void {
    if (value === null) return;
    if (Array.isArray(value)) {
      for (const item of value) this.field(out, name, item, declaredType);
      return;
    }
    if (typeof value !== "object") {
      // A primitive in a slot declared as anyType needs its xsd type so vCenter can decode it.
      const xsiType = declaredType === "anyType" ? ` xsi:type="xsd:${xsdTypeOf(value)}"` : "";
      out.push(`<${name}${xsiType}>${primitiveText(value)}</${name}>`);
      return;
    }
    if (isMoRef(value)) {
      const xsiType = declaredType && declaredType !== "ManagedObjectReference"
        ? ` xsi:type="ManagedObjectReference"`
        : "";
      out.push(`<${name}${xsiType} type="${escapeXml(value.type)}">${escapeXml(value.value)}</${name}>`);
      return;
    }
    this.dataObject(out, name, value, declaredType);
  }

  private dataObject(out: string[], name: string, value: VimObject, declaredType: string | undefined): void {
    const typeName = value._type ?? declaredType;
    const xsiType = value._type && (value._type !== declaredType || declaredType === undefined)
      ? ` xsi:type="${XSD_PRIMITIVES.has(value._type) ? "xsd:" : ""}${escapeXml(value._type)}"`
      : "";
    out.push(`<${name}${xsiType}>`);
    const fields = typeName ? this.schema.fieldsOf(typeName) : undefined;
    if (fields) {
      const known = new Set(fields.map((f) => f.name));
      const unknown = Object.keys(value).filter((k) =>
        k !== "_type" && value[k] !== undefined && !known.has(k)
      );
      if (unknown.length) throw new TypeError(`Unknown field for ${typeName}: ${unknown.join(", ")}`);
      for (const f of fields) {
        const v = value[f.name];
        if (v !== undefined && v !== null) this.field(out, f.name, v, f.type);
      }
    } else {
      for (const [k, v] of Object.entries(value)) {
        if (k !== "_type" && v !== undefined && v !== null) this.field(out, k, v, undefined);
      }
    }
    out.push(`</${name}>`);
  }
}

function xsdTypeOf(value: string | number | boolean): string {
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return Number.isInteger(value) ? "long" : "double";
  return "string";
}
