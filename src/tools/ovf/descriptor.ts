/** Reads the parts of an OVF descriptor an operator chooses from before importing (no vCenter call). */
import { XMLParser } from "fast-xml-parser";
import { sanitizeText } from "../../server/sanitize.ts";

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
});

type El = Record<string, unknown>;

function els(parent: unknown, name: string): El[] {
  if (!parent || typeof parent !== "object") return [];
  const v = (parent as El)[name];
  return Array.isArray(v) ? v.filter((x): x is El => !!x && typeof x === "object") : [];
}

function textOf(parent: unknown, name: string): string {
  if (!parent || typeof parent !== "object") return "";
  const v = (parent as El)[name];
  const first = Array.isArray(v) ? v[0] : v;
  if (typeof first === "string") return sanitizeText(first.trim());
  if (first && typeof first === "object" && typeof (first as El)["#text"] === "string") {
    return sanitizeText(((first as El)["#text"] as string).trim());
  }
  return "";
}

function attr(el: El, name: string): string {
  const v = el[`@${name}`];
  return typeof v === "string" ? sanitizeText(v) : "";
}

export interface OvfSummary {
  virtual_systems: string[];
  deployment_options: { id: string; label: string; default: boolean }[];
  networks: { name: string; description: string }[];
  disks: { id: string; file: string; capacity: string }[];
  files: { id: string; href: string; size: number | null }[];
  properties: { key: string; type: string; default: string; configurable: boolean; label: string }[];
}

export function parseOvf(xml: string): OvfSummary {
  let doc: El;
  try {
    doc = parser.parse(xml) as El;
  } catch {
    throw new TypeError("not XML");
  }
  const envelope = els(doc, "Envelope")[0];
  if (!envelope) throw new TypeError("no OVF Envelope");
  const systems = [...els(envelope, "VirtualSystem"), ...els(envelope, "VirtualSystemCollection")];
  const products = systems.flatMap((s) => els(s, "ProductSection"));
  return {
    virtual_systems: systems.map((s) => textOf(s, "Name") || attr(s, "id")),
    deployment_options: els(envelope, "DeploymentOptionSection").flatMap((d) => els(d, "Configuration")).map((
      c,
    ) => ({
      id: attr(c, "id"),
      label: textOf(c, "Label"),
      default: attr(c, "default") === "true",
    })),
    networks: els(envelope, "NetworkSection").flatMap((n) => els(n, "Network")).map((n) => ({
      name: attr(n, "name"),
      description: textOf(n, "Description"),
    })),
    disks: els(envelope, "DiskSection").flatMap((d) => els(d, "Disk")).map((d) => ({
      id: attr(d, "diskId"),
      file: attr(d, "fileRef"),
      capacity: `${attr(d, "capacity")}${
        attr(d, "capacityAllocationUnits") ? ` ${attr(d, "capacityAllocationUnits")}` : ""
      }`,
    })),
    files: els(envelope, "References").flatMap((r) => els(r, "File")).map((f) => ({
      id: attr(f, "id"),
      href: attr(f, "href"),
      size: attr(f, "size") ? Number(attr(f, "size")) : null,
    })),
    properties: products.flatMap((p) => {
      const klass = attr(p, "class");
      const prefix = klass ? `${klass}.` : "";
      return [...els(p, "Property"), ...els(p, "Category").flatMap((c) => els(c, "Property"))].map((
        prop,
      ) => ({
        key: `${prefix}${attr(prop, "key")}`,
        type: attr(prop, "type"),
        default: attr(prop, "value"),
        configurable: attr(prop, "userConfigurable") === "true",
        label: textOf(prop, "Label"),
      }));
    }),
  };
}
