/**
 * Strings that come from vCenter (names, notes, guest data, event messages) are untrusted: anyone who can
 * name a VM can write them. They are returned only as data fields, cleaned of characters that can hide or
 * reorder text or drive a terminal, and capped in length.
 */
// deno-lint-ignore no-control-regex
const ANSI = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[@-Z\\-_])/g;
// C0/C1 controls except tab/newline, bidi overrides/isolates, zero-width and BOM characters.
// deno-lint-ignore no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

export const DEFAULT_MAX_LENGTH = 512;
export const TRUNCATION_MARKER = "…[truncated]";

export function sanitizeText(value: string, maxLength = DEFAULT_MAX_LENGTH): string {
  const clean = value.replace(ANSI, "").replace(INVISIBLE, "");
  return clean.length > maxLength ? clean.slice(0, maxLength) + TRUNCATION_MARKER : clean;
}

/** Framework pass over a whole structured result: every string cleaned (the output budget caps size). */
export function sanitizeDeep<T>(value: T, maxLength = 8192): T {
  if (typeof value === "string") return sanitizeText(value, maxLength) as T;
  if (Array.isArray(value)) return value.map((v) => sanitizeDeep(v, maxLength)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, sanitizeDeep(v, maxLength)]),
    ) as T;
  }
  return value;
}
