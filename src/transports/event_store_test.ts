import assert from "node:assert/strict";
import type { JSONRPCMessage } from "../mcp_sdk.ts";
import { MemoryEventStore } from "./event_store.ts";

const message = (size: number): JSONRPCMessage => ({
  jsonrpc: "2.0",
  method: "x",
  params: { pad: "a".repeat(size) },
});

Deno.test("MemoryEventStore drops the oldest events beyond its count or byte bound, keeping the newest", async () => {
  const byCount = new MemoryEventStore(3, 1_000_000);
  for (let i = 0; i < 10; i++) await byCount.storeEvent("s", message(10));
  assert.equal(byCount.size, 3);

  const bySize = new MemoryEventStore(500, 10_000);
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) ids.push(await bySize.storeEvent("s", message(1_000)));
  assert.ok(bySize.bytes <= 10_000, `${bySize.bytes} bytes kept`);
  assert.ok(bySize.size < 20 && bySize.size >= 1);
  const huge = await bySize.storeEvent("s", message(50_000));
  assert.equal(bySize.size, 1, "one event larger than the bound is still kept, alone");

  const replayed: string[] = [];
  await bySize.replayEventsAfter(ids.at(-1)!, { send: (id) => Promise.resolve(void replayed.push(id)) });
  assert.deepEqual(replayed, [huge], "a client resumes with what is still stored");
});
