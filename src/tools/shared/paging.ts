/**
 * Opaque list cursors and shared list parameters. A cursor encodes where the next page starts; clients
 * must treat it as opaque, so its format can change without breaking them.
 */
import { z } from "zod";
import type { Translate } from "../../i18n/mod.ts";
import { ToolInputError } from "../../registry/errors.ts";

export function pagingInput(t: Translate) {
  return {
    limit: z.number().int().min(1).max(1000).default(50).describe(t("param.limit")),
    cursor: z.string().max(200).optional().describe(t("param.cursor")),
  };
}

/**
 * A cursor: the offset where the next page starts and, for tools that keep one, the id of the listing
 * snapshot the offset counts into (see ../inventory/list_snapshot.ts).
 */
export function encodeCursor(offset: number, snapshot?: string): string {
  return btoa(JSON.stringify(snapshot ? { o: offset, s: snapshot } : { o: offset }));
}

/** The snapshot id a cursor carries, if any (a malformed cursor carries none). */
export function cursorSnapshot(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = JSON.parse(atob(cursor)) as { s?: unknown };
    return typeof parsed.s === "string" && /^[\w-]{1,64}$/.test(parsed.s) ? parsed.s : undefined;
  } catch {
    return undefined;
  }
}

/** Returns the offset a cursor points at; a malformed cursor is an input error the model can fix. */
export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const parsed = JSON.parse(atob(cursor)) as { o?: unknown };
    if (typeof parsed.o === "number" && Number.isInteger(parsed.o) && parsed.o >= 0) return parsed.o;
  } catch {
    // fall through
  }
  throw new ToolInputError("errors.invalid_cursor", { cursor: cursor.slice(0, 40) }, "hints.invalid_cursor");
}

/** One page of `items` starting at `cursor`, with the cursor of the next page when there is one. */
export function page<T>(items: readonly T[], limit: number, cursor: string | undefined) {
  const offset = decodeCursor(cursor);
  const slice = items.slice(offset, offset + limit);
  const next = offset + slice.length;
  return {
    items: slice,
    total: items.length,
    ...(next < items.length ? { next_cursor: encodeCursor(next) } : {}),
  };
}
