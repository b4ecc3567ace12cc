import assert from "node:assert/strict";
import { mapBounded } from "./bounded.ts";

Deno.test("mapBounded() keeps order and never exceeds the limit in flight", async () => {
  let inFlight = 0;
  let peak = 0;
  const out = await mapBounded(Array.from({ length: 50 }, (_, i) => i), async (n) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((r) => setTimeout(r, n % 3));
    inFlight--;
    return n * 2;
  }, 4);
  assert.deepEqual(out, Array.from({ length: 50 }, (_, i) => i * 2));
  assert.equal(peak, 4);
  assert.deepEqual(await mapBounded([], () => Promise.resolve(1)), []);
});
