/**
 * Paging across ContinueRetrievePropertiesEx. The simulator never pages, so those tests replay a cassette
 * at the HTTP boundary (tests/fixtures/paged_retrieve.json, see its recorder for how it was made): the
 * whole client stack above the HTTP round-tripper is the real one. View reuse runs against the simulator.
 */
import assert from "node:assert/strict";
import cassette from "../../../tests/fixtures/paged_retrieve.json" with { type: "json" };
import type { VSphereTarget } from "../../config/mod.ts";
import { VSphereClient } from "../client.ts";
import type { RoundTripper } from "../transport.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { callCount } from "../soap/stats.ts";
import type { MoRef } from "../soap/types.ts";
import { retrieveView } from "./property_collector.ts";
import { waitForTask } from "./tasks.ts";

const TARGET: VSphereTarget = {
  host: "vc.example",
  port: 443,
  user: "user",
  password: "pass",
  tls: { mode: "verify" },
  timeoutMs: 5_000,
  keepaliveMs: 0,
};

interface Seen {
  call: string;
  body: string;
}

/** Serves the recorded exchanges in order; a request the cassette does not expect gets HTTP 500. */
function player(): { roundTrip: RoundTripper; seen: Seen[] } {
  const queue = [...cassette.exchanges];
  const seen: Seen[] = [];
  const roundTrip: RoundTripper = async (request) => {
    const body = request.method === "POST" ? await request.text() : "";
    const call = /<(\w+) xmlns="urn:vim25"[ >]/.exec(body)?.[1] ?? new URL(request.url).pathname;
    seen.push({ call, body });
    if (queue[0]?.call !== call) return new Response("not in the cassette", { status: 500 });
    const next = queue.shift()!;
    return new Response(next.body, { status: next.status, headers: next.headers });
  };
  return { roundTrip, seen };
}

Deno.test("retrieveView() follows ContinueRetrievePropertiesEx tokens across pages, one round trip each", async () => {
  const { roundTrip, seen } = player();
  const client = new VSphereClient(TARGET, { roundTrip });
  const names: string[] = [];
  for await (
    const vm of retrieveView(client, {
      type: "VirtualMachine",
      paths: ["name", "runtime.powerState"],
      pageSize: 2,
    })
  ) {
    names.push(String(vm.props.name));
    assert.equal(vm.props["runtime.powerState"], "poweredOn");
  }
  await client.close();

  assert.equal(names.length, cassette.vms);
  assert.equal(new Set(names).size, cassette.vms, "no object twice");
  assert.deepEqual(seen.map((s) => s.call), cassette.exchanges.map((e) => e.call));
  const first = seen.find((s) => s.call === "RetrievePropertiesEx")!;
  assert.match(first.body, /<options><maxObjects>2<\/maxObjects><\/options>/);
  assert.match(first.body, /<pathSet>name<\/pathSet><pathSet>runtime.powerState<\/pathSet>/);
  const continued = seen.filter((s) => s.call === "ContinueRetrievePropertiesEx");
  assert.deepEqual(continued.map((s) => /<token>(.*?)<\/token>/.exec(s.body)?.[1]), ["1", "2"]);
  assert.ok(
    continued.every((s) => s.body.includes(`<_this type="PropertyCollector">propertyCollector</_this>`)),
  );
  assert.equal(client.stats.byMethod.RetrievePropertiesEx?.ok, 1);
  assert.equal(client.stats.byMethod.ContinueRetrievePropertiesEx?.ok, 2);
});

Deno.test("retrieveView() stopped early cancels the pending token", async () => {
  const { roundTrip, seen } = player();
  const client = new VSphereClient(TARGET, { roundTrip });
  for await (const _ of retrieveView(client, { type: "VirtualMachine", paths: ["name"], pageSize: 2 })) break;
  await client.close();
  const cancel = seen.find((s) => s.call === "CancelRetrievePropertiesEx");
  assert.ok(cancel, "CancelRetrievePropertiesEx was sent");
  assert.match(cancel.body, /<token>1<\/token>/);
  assert.ok(!seen.some((s) => s.call === "ContinueRetrievePropertiesEx"));
});

Deno.test("retrieveView() reuses its container view: a repeated listing is one round trip", async () => {
  await using sim = await startVcsim();
  const client = new VSphereClient(sim.target());
  try {
    const list = async () => {
      const names: string[] = [];
      for await (const vm of retrieveView(client, { type: "VirtualMachine", paths: ["name"] })) {
        names.push(String(vm.props.name));
      }
      return names;
    };
    const first = await list();
    const before = callCount(client.stats);
    assert.deepEqual(await list(), first);
    assert.equal(callCount(client.stats) - before, 1, "only RetrievePropertiesEx");
    assert.equal(callCount(client.stats, "CreateContainerView"), 1);
    // The view is live: a VM renamed since is listed with its new name, without a new view.
    const vm = (await (async () => {
      for await (const o of retrieveView(client, { type: "VirtualMachine", paths: ["name"] })) return o.ref;
    })())!;
    await waitForTask(client, await client.call("Rename_Task", vm, { newName: "renamed-live" }) as MoRef);
    assert.ok((await list()).includes("renamed-live"));
    assert.equal(callCount(client.stats, "CreateContainerView"), 1);
  } finally {
    await client.close();
  }
});
