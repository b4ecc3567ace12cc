/**
 * Reading decoded vim25 values defensively. Until every type is in the codec's schema, a nested field can
 * arrive as text ("42", "true") and a one-element list as a single value; these helpers read both shapes.
 * They are ./vim_values.ts's readers with `null` for "absent" (what the summary tools put in their results).
 */
import { sanitizeText } from "../../server/sanitize.ts";
import type { VimValue } from "../../vsphere/soap/types.ts";
import * as shared from "./vim_values.ts";
import { maybeObject as obj, ref } from "./vim_values.ts";

export { obj, ref };

export function asArray<T extends VimValue = VimValue>(value: VimValue | undefined): T[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

export function num(value: VimValue | undefined): number | null {
  return shared.num(value) ?? null;
}

export function bool(value: VimValue | undefined): boolean | null {
  return shared.bool(value) ?? null;
}

/** A vCenter string, cleaned for output (untrusted text). */
export function text(value: VimValue | undefined, maxLength?: number): string | null {
  if (typeof value === "string") return sanitizeText(value, maxLength);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/** Reads a dotted path inside a decoded data object. */
export function at(value: VimValue | undefined, path: string): VimValue | undefined {
  let current: VimValue | undefined = value;
  for (const part of path.split(".")) {
    const o = obj(current);
    if (!o) return undefined;
    current = o[part];
  }
  return current;
}

/** Bytes → GiB rounded to 0.1 (vCenter capacities are long byte counts). */
export function gib(bytes: number | null): number | null {
  return bytes === null ? null : Math.round(bytes / 2 ** 30 * 10) / 10;
}

/** Percentage rounded to 0.1, or null when the total is unknown or zero. */
export function percent(part: number | null, total: number | null): number | null {
  return part === null || !total ? null : Math.round(part / total * 1000) / 10;
}
