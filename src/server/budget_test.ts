import assert from "node:assert/strict";
import { decodeCursor, encodeCursor } from "../tools/shared/paging.ts";
import { applyBudget, estimateTokens } from "./budget.ts";

const items = (n: number, size = 100) => Array.from({ length: n }, (_, i) => ({ i, pad: "x".repeat(size) }));

Deno.test("applyBudget() leaves a result within budget untouched", () => {
  const result = { items: items(5), total: 5 };
  assert.equal(applyBudget(result, { budgetTokens: 1000 }), result);
});

Deno.test("applyBudget() trims the largest array to fit, flags it and continues the cursor", () => {
  const result = { items: items(200), total: 400, next_cursor: encodeCursor(300) };
  const out = applyBudget(result, { budgetTokens: 1000, paging: { cursor: encodeCursor(100) } });
  assert.ok(estimateTokens(out) <= 1000);
  assert.equal(out.truncated, true);
  const kept = (out.items as unknown[]).length;
  assert.ok(kept > 0 && kept < 200);
  assert.equal(
    decodeCursor(out.next_cursor as string),
    100 + kept,
    "the cursor resumes after the last kept item",
  );
  assert.equal(result.items.length, 200, "the input is not mutated");
});

Deno.test("applyBudget() trims nested arrays and, as a last resort, long strings", () => {
  const nested = { groups: [{ members: items(100) }, { members: items(3) }], note: "y".repeat(50) };
  const out = applyBudget(nested, { budgetTokens: 500 });
  assert.ok(estimateTokens(out) <= 500);
  assert.equal(out.truncated, true);
  const text = { message: "z".repeat(20_000) };
  const cut = applyBudget(text, { budgetTokens: 600 });
  assert.ok(estimateTokens(cut) <= 600);
  assert.match(cut.message as string, /…\[truncated\]$/);
});
