/**
 * The hard output budget every tool result is held to. Tokens are estimated as characters / 4 of the
 * result's JSON (the text a client hands the model). Over budget, the framework trims the largest array
 * (repeatedly, if needed), marks the result `truncated: true` and — for paged tools — replaces
 * `next_cursor` with one that continues right after the last item kept. No result leaves over budget.
 */
import { cursorSnapshot, decodeCursor, encodeCursor } from "../tools/shared/paging.ts";
import { TRUNCATION_MARKER } from "./sanitize.ts";

export const DEFAULT_OUTPUT_BUDGET_TOKENS = 20_000;

export function estimateTokens(value: unknown): number {
  return Math.ceil(JSON.stringify(value).length / 4);
}

export interface BudgetOptions {
  budgetTokens: number;
  /** The cursor the call started from, when the tool pages with limit/cursor. */
  paging?: { cursor: string | undefined };
}

interface ArraySlot {
  holder: Record<string, unknown> | unknown[];
  key: string | number;
  array: unknown[];
  size: number;
  topLevel: boolean;
}

/** Returns `result` unchanged when it fits, else a trimmed copy with `truncated: true`. */
export function applyBudget(
  result: Record<string, unknown>,
  options: BudgetOptions,
): Record<string, unknown> {
  const maxChars = options.budgetTokens * 4;
  if (JSON.stringify(result).length <= maxChars) return result;
  const out = structuredClone(result);
  out.truncated = true;
  // Room for the continuation cursor the framework may add.
  const reserve = options.paging ? 120 : 0;
  for (let guard = 0; guard < 10_000 && JSON.stringify(out).length + reserve > maxChars; guard++) {
    const slot = largestArray(out);
    if (slot && slot.array.length > 0) {
      const kept = fitArray(out, slot, maxChars - reserve);
      if (slot.topLevel && options.paging) {
        // Keep the listing snapshot the tool's own cursor pointed into, if it had one.
        const snapshot = cursorSnapshot(out.next_cursor as string | undefined) ??
          cursorSnapshot(options.paging.cursor);
        out.next_cursor = encodeCursor(decodeCursor(options.paging.cursor) + kept, snapshot);
      }
      continue;
    }
    if (!shortenLongestString(out)) break;
  }
  return out;
}

/** Keeps the longest prefix of the array that lets the whole result fit; returns how many were kept. */
function fitArray(root: Record<string, unknown>, slot: ArraySlot, maxChars: number): number {
  const original = slot.array;
  const set = (n: number) => {
    const next = original.slice(0, n);
    if (Array.isArray(slot.holder)) slot.holder[slot.key as number] = next;
    else slot.holder[slot.key as string] = next;
  };
  let lo = 0;
  let hi = original.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    set(mid);
    if (JSON.stringify(root).length <= maxChars) lo = mid;
    else hi = mid - 1;
  }
  set(lo);
  return lo;
}

function largestArray(root: Record<string, unknown>): ArraySlot | undefined {
  let best: ArraySlot | undefined;
  const visit = (holder: Record<string, unknown> | unknown[], depth: number) => {
    const entries: [string | number, unknown][] = Array.isArray(holder)
      ? holder.map((v, i) => [i, v])
      : Object.entries(holder);
    for (const [key, value] of entries) {
      if (Array.isArray(value)) {
        const size = JSON.stringify(value).length;
        if (value.length > 0 && (!best || size > best.size)) {
          best = { holder, key, array: value, size, topLevel: depth === 0 };
        }
        visit(value, depth + 1);
      } else if (value && typeof value === "object") {
        visit(value as Record<string, unknown>, depth + 1);
      }
    }
  };
  visit(root, 0);
  return best;
}

/** Last resort when no array is left to trim: halve the longest string. */
function shortenLongestString(root: Record<string, unknown>): boolean {
  let best: { holder: Record<string, unknown> | unknown[]; key: string | number; length: number } | undefined;
  const visit = (holder: Record<string, unknown> | unknown[]) => {
    const entries: [string | number, unknown][] = Array.isArray(holder)
      ? holder.map((v, i) => [i, v])
      : Object.entries(holder);
    for (const [key, value] of entries) {
      if (typeof value === "string" && value.length > 64 && (!best || value.length > best.length)) {
        best = { holder, key, length: value.length };
      } else if (value && typeof value === "object") visit(value as Record<string, unknown>);
    }
  };
  visit(root);
  if (!best) return false;
  const holder = best.holder as Record<string | number, unknown>;
  const text = holder[best.key] as string;
  holder[best.key] = text.slice(0, Math.floor(text.length / 2)) + TRUNCATION_MARKER;
  return true;
}
