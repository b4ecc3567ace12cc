import assert from "node:assert/strict";
import { argsDigest, canonicalJson, ConfirmationStore } from "./confirm.ts";

Deno.test("ConfirmationStore.consume() accepts a handle once, for the same principal, tool and arguments", () => {
  const store = new ConfirmationStore();
  const { handle } = store.issue("alice", "vm_power", "d1");
  assert.equal(store.consume(handle, "alice", "vm_power", "d1"), "ok");
  assert.equal(store.consume(handle, "alice", "vm_power", "d1"), "unknown", "replay is refused");
  const other = store.issue("alice", "vm_power", "d1").handle;
  assert.equal(store.consume(other, "bob", "vm_power", "d1"), "mismatch");
  const args = store.issue("alice", "vm_power", "d1").handle;
  assert.equal(store.consume(args, "alice", "vm_power", "d2"), "mismatch");
});

Deno.test("ConfirmationStore.consume() refuses an expired handle", () => {
  let now = 1_000;
  const store = new ConfirmationStore(60_000, () => now);
  const { handle } = store.issue("alice", "vm_power", "d1");
  now += 60_001;
  assert.equal(store.consume(handle, "alice", "vm_power", "d1"), "expired");
});

Deno.test("argsDigest() ignores key order and undefined fields", async () => {
  assert.equal(
    await argsDigest({ a: 1, b: { y: 2, x: 1 } }),
    await argsDigest({ b: { x: 1, y: 2 }, a: 1, c: undefined }),
  );
  assert.notEqual(await argsDigest({ a: 1 }), await argsDigest({ a: 2 }));
  assert.equal(canonicalJson({ b: [2, { d: 1, c: 0 }], a: "x" }), '{"a":"x","b":[2,{"c":0,"d":1}]}');
});
