/** SOAP CustomFieldsManager helpers: custom attribute definitions and values (vim25, not REST). */
import type { ToolContext } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";

export interface FieldDef {
  key: number;
  name: string;
  /** Managed object type the attribute applies to; empty for "global" (every type). */
  managed_object_type: string;
}

export async function customFieldsManager(ctx: ToolContext): Promise<MoRef> {
  const content = await ctx.vsphere.serviceContent();
  const ref = content.customFieldsManager as MoRef | undefined;
  if (!ref) throw new ToolInputError("custom_attribute.unsupported", {}, "hints.NotSupported");
  return ref;
}

export async function fieldDefs(ctx: ToolContext): Promise<FieldDef[]> {
  const manager = await customFieldsManager(ctx);
  const props = await retrieveOne(ctx.vsphere, manager, ["field"], { signal: ctx.signal });
  const defs = (Array.isArray(props.field) ? props.field : []) as VimObject[];
  return defs.map((d) => ({
    key: Number(d.key),
    name: sanitizeText(String(d.name ?? "")),
    managed_object_type: String(d.managedObjectType ?? ""),
  })).sort((a, b) => a.name.localeCompare(b.name) || a.key - b.key);
}

/** A definition by key or exact name (optionally for one object type); an input error when ambiguous. */
export function pickDef(defs: FieldDef[], nameOrKey: string, type?: string): FieldDef | undefined {
  const byKey = /^\d+$/.test(nameOrKey) ? defs.find((d) => d.key === Number(nameOrKey)) : undefined;
  if (byKey) return byKey;
  const matches = defs.filter((d) =>
    d.name === nameOrKey && (!type || d.managed_object_type === "" || d.managed_object_type === type)
  );
  if (matches.length > 1) {
    throw new ToolInputError("errors.ambiguous_name", {
      type: "custom attribute",
      name: nameOrKey,
      candidates: matches.map((d) => `${d.key} (${d.managed_object_type || "global"})`).join(", "),
    }, "hints.ambiguous_name");
  }
  return matches[0];
}

/** The object's values, keyed by field key. */
export async function fieldValues(ctx: ToolContext, ref: MoRef): Promise<Map<number, string>> {
  const props = await retrieveOne(ctx.vsphere, ref, ["customValue"], { signal: ctx.signal });
  const values = (Array.isArray(props.customValue) ? props.customValue : []) as VimObject[];
  return new Map(values.map((v) => [Number(v.key), String(v.value ?? "")]));
}
