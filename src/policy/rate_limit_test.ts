import assert from "node:assert/strict";
import { RateLimiter, TokenBuckets } from "./rate_limit.ts";

Deno.test("TokenBuckets.take() allows a burst, then refuses with the retry-after seconds", () => {
  let now = 0;
  const buckets = new TokenBuckets({ rps: 5, burst: 10 }, { now: () => now });
  for (let i = 0; i < 10; i++) assert.deepEqual(buckets.take("alice"), { ok: true }, `call ${i + 1}`);
  assert.deepEqual(buckets.take("alice"), { ok: false, retryAfterSeconds: 1 });
  assert.deepEqual(buckets.take("bob"), { ok: true }, "buckets are per principal");
  now += 200; // 5/s → one token after 200 ms
  assert.deepEqual(buckets.take("alice"), { ok: true });
  assert.equal(buckets.take("alice").ok, false);
});

Deno.test("TokenBuckets evicts idle buckets and caps how many it keeps", () => {
  let now = 0;
  const buckets = new TokenBuckets({ rps: 1, burst: 2 }, { now: () => now, maxKeys: 100 });
  for (let i = 0; i < 50; i++) buckets.take(`p${i}`);
  assert.equal(buckets.size, 50);
  now += 2_000; // idle for burst/rps seconds: full again, so forgetting them changes nothing
  buckets.take("fresh");
  assert.equal(buckets.size, 1);
  for (let i = 0; i < 500; i++) buckets.take(`q${i}`);
  assert.ok(buckets.size <= 100, `bounded: ${buckets.size}`);
});

Deno.test("RateLimiter.take() spends the tighter write bucket only for mutating calls", () => {
  const limiter = new RateLimiter({ all: { rps: 5, burst: 10 }, write: { rps: 1, burst: 3 } }, {
    now: () => 0,
  });
  for (let i = 0; i < 3; i++) assert.equal(limiter.take("alice", true).ok, true);
  const refused = limiter.take("alice", true);
  assert.deepEqual(refused, { ok: false, retryAfterSeconds: 1, bucket: "write" });
  assert.equal(limiter.take("alice", false).ok, true, "reads still pass");
});
