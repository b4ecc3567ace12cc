/**
 * Reading decoded vim25 values defensively. Until every type is in the codec's schema, a nested field can
 * arrive as text ("42", "true") and a one-element list as a single value; these helpers read both shapes.
 */
import { sanitizeText } from "../../server/sanitize.ts";
import { isMoRef, type MoRef, type VimObject, type VimValue } from "../../vsphere/soap/types.ts";

export function asArray<T extends VimValue = VimValue>(value: VimValue | undefined): T[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

export function num(value: VimValue | undefined): number | null {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return null;
}

export function bool(value: VimValue | undefined): boolean | null {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return null;
}

/** A vCenter string, cleaned for output (untrusted text). */
export function text(value: VimValue | undefined, maxLength?: number): string | null {
  if (typeof value === "string") return sanitizeText(value, maxLength);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

export function ref(value: VimValue | undefined): MoRef | undefined {
  return isMoRef(value) ? value : undefined;
}

export function obj(value: VimValue | undefined): VimObject | undefined {
  return value && typeof value === "object" && !Array.isArray(value) && !isMoRef(value)
    ? value as VimObject
    : undefined;
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
