/**
 * Optional field selection for list tools: the model asks only for the columns it needs (`fields`), which
 * keeps big lists inside the output budget. Key fields (e.g. `moref`, `name`) are always returned, so an
 * item can still be referred to. Use all three together:
 *
 * ```ts
 * const item = { moref: z.string(), name: z.string(), power_state: z.string(), ip: z.string().nullable() };
 * input: (t) => ({ ...fieldsInput(t, item, ["moref", "name"]), ...pagingInput(t) }),
 * output: { vms: z.array(selectableItem(item, ["moref", "name"])), ... },
 * handler: ... return { vms: selectFields(rows, args.fields, ["moref", "name"]) }
 * ```
 */
import { z } from "zod";
import type { Translate } from "../i18n/mod.ts";

type Keys<S extends z.ZodRawShape> = Extract<keyof S, string>;

/** The `fields` input: an optional list of the item's non-key field names. */
export function fieldsInput<S extends z.ZodRawShape>(t: Translate, item: S, keys: readonly Keys<S>[]) {
  const choices = Object.keys(item).filter((k) => !keys.includes(k as Keys<S>));
  return {
    fields: z.array(z.enum(choices as [string, ...string[]])).min(1).optional().describe(
      t("param.fields", { keys: keys.join(", ") }),
    ),
  };
}

/** The item schema with every non-key field optional, so a projected item still validates. */
export function selectableItem<S extends z.ZodRawShape>(item: S, keys: readonly Keys<S>[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, schema] of Object.entries(item)) {
    const field = schema as z.ZodType;
    shape[name] = keys.includes(name as Keys<S>) ? field : field.optional();
  }
  return z.object(shape);
}

/** Keeps the key fields and the selected ones; no selection returns the items unchanged. */
export function selectFields<T extends Record<string, unknown>>(
  items: readonly T[],
  fields: readonly string[] | undefined,
  keys: readonly string[],
): Partial<T>[] {
  if (!fields?.length) return [...items];
  const keep = new Set([...keys, ...fields]);
  return items.map((item) =>
    Object.fromEntries(Object.entries(item).filter(([k]) => keep.has(k))) as Partial<T>
  );
}
