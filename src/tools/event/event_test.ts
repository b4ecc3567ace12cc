import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { checkEnvelope, recordingClient, requestsFor } from "../../../tests/helpers/wsdl_contract.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { waitForTask } from "../../vsphere/objects/tasks.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { eventFilterSpec, userEvent } from "./events.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

type Events = {
  events: {
    key: number;
    type: string;
    user: string | null;
    message: string;
    objects: Record<string, string>;
  }[];
  next_cursor?: string;
};

/** Ground truth: QueryEvents straight from the EventManager, newest first. */
async function queryEvents(client: VSphereClient, filter: VimObject): Promise<VimObject[]> {
  const content = await client.serviceContent();
  const result = await client.call("QueryEvents", content.eventManager as MoRef, {
    filter: { ...filter, maxCount: 1000 },
  });
  const list = (Array.isArray(result) ? result : result ? [result] : []) as VimObject[];
  return list.sort((a, b) => Number(b.key) - Number(a.key));
}

async function firstVm(client: VSphereClient): Promise<{ ref: MoRef; name: string }> {
  for await (const o of retrieveView(client, { type: "VirtualMachine", paths: ["name"] })) {
    return { ref: o.ref, name: String(o.props.name) };
  }
  throw new Error("no VM");
}

Deno.test("event_query returns vCenter's events for an object, by type, newest first and paged", async () => {
  await using env = await simEnv(["default"]);
  const { mcp, direct } = env;
  const vm = await firstVm(direct);
  await waitForTask(direct, await direct.call("PowerOffVM_Task", vm.ref) as MoRef);
  await waitForTask(direct, await direct.call("PowerOnVM_Task", vm.ref) as MoRef);

  const truth = await queryEvents(direct, eventFilterSpec({ entity: vm.ref, recursion: "all" }));
  assert.ok(truth.length >= 3, "the simulator logged the power events");
  const seen: number[] = [];
  let cursor: string | undefined;
  do {
    const result = await mcp.call("event_query", {
      entity: vm.name,
      limit: 2,
      ...(cursor ? { cursor } : {}),
    });
    assert.equal(result.isError, undefined, textOf(result));
    const page = result.structuredContent as Events;
    assert.ok(page.events.every((e) => e.objects.vm === vm.name));
    seen.push(...page.events.map((e) => e.key));
    cursor = page.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, truth.map((e) => Number(e.key)), "every event once, newest first");

  const off = (await mcp.call("event_query", { entity: vm.ref.value, types: ["VmPoweredOffEvent"] }))
    .structuredContent as Events;
  assert.equal(off.events.length, 1);
  assert.equal(off.events[0]!.type, "VmPoweredOffEvent");
  assert.match(off.events[0]!.message, new RegExp(vm.name));

  const future = (await mcp.call("event_query", { since: "2999-01-01T00:00:00Z" }))
    .structuredContent as Events;
  assert.deepEqual(future.events, []);
});

Deno.test("event_post previews, then records a user event that vCenter really has", async () => {
  await using env = await simEnv(["default"]);
  const { mcp, direct } = env;
  const vm = await firstVm(direct);
  const userEvents = async () =>
    await queryEvents(direct, eventFilterSpec({ entity: vm.ref, eventTypes: ["GeneralUserEvent"] }));
  assert.equal((await userEvents()).length, 0);

  const args = { entity: vm.name, message: "patched\u202E outside vCenter" };
  const preview = (await mcp.call("event_post", args)).structuredContent as {
    status: string;
    confirmation_handle: string;
    preview: { method: string; tier: string; targets: { ref: MoRef }[] };
  };
  assert.equal(preview.status, "confirmation_required");
  assert.equal(preview.preview.method, "PostEvent");
  assert.equal(preview.preview.tier, "low");
  assert.deepEqual(preview.preview.targets[0]!.ref, vm.ref);
  assert.equal((await userEvents()).length, 0, "the preview posted nothing");

  const done = await mcp.call("event_post", {
    ...args,
    confirm: true,
    confirmation_handle: preview.confirmation_handle,
  });
  assert.equal(done.isError, undefined, textOf(done));
  assert.equal((done.structuredContent as { status: string }).status, "done");
  const posted = await userEvents();
  assert.equal(posted.length, 1, "vCenter has the event");
  assert.equal(posted[0]!.message, "patched outside vCenter");
  assert.equal((posted[0]!.vm as VimObject).name, vm.name);

  const found =
    (await mcp.call("event_query", { entity: vm.name, types: ["GeneralUserEvent"], users: ["user"] }))
      .structuredContent as Events;
  assert.deepEqual(found.events.map((e) => [e.key, e.message, e.user]), [
    [Number(posted[0]!.key), "patched outside vCenter", "user"],
  ]);
  const nobody = (await mcp.call("event_query", { types: ["GeneralUserEvent"], users: ["nobody"] }))
    .structuredContent as Events;
  assert.deepEqual(nobody.events, []);

  // Text someone else logged is sanitized on the way out.
  const content = await direct.serviceContent();
  await direct.call("PostEvent", content.eventManager as MoRef, {
    eventToPost: userEvent("evil\u200B\u202Etext", vm.ref, vm.name, new Date()),
  });
  const evil = (await mcp.call("event_query", { entity: vm.name, types: ["GeneralUserEvent"], limit: 1 }))
    .structuredContent as Events;
  assert.equal(evil.events[0]!.message, "eviltext");
});

Deno.test("event requests conform to the vim25 WSDL for every filter and entity kind", async () => {
  await using sim = await startVcsim();
  const { client, requests } = recordingClient(sim.target());
  try {
    const content = await client.serviceContent();
    const em = content.eventManager as MoRef;
    const entities: { ref: MoRef; name: string }[] = [];
    for (
      const type of [
        "VirtualMachine",
        "HostSystem",
        "ClusterComputeResource",
        "Datacenter",
        "Datastore",
        "Network",
      ]
    ) {
      for await (const o of retrieveView(client, { type, paths: ["name"] })) {
        entities.push({ ref: o.ref, name: String(o.props.name) });
        break;
      }
    }
    for (const e of entities) {
      await client.call("PostEvent", em, { eventToPost: userEvent("contract", e.ref, e.name, new Date()) });
    }
    await client.call("PostEvent", em, { eventToPost: userEvent("contract", undefined, "", new Date()) });
    const collector = await client.call("CreateCollectorForEvents", em, {
      filter: eventFilterSpec({
        entity: entities[0]!.ref,
        recursion: "children",
        beginTime: "2020-01-01T00:00:00.000Z",
        endTime: "2030-01-01T00:00:00.000Z",
        users: ["user"],
        eventTypes: ["GeneralUserEvent"],
        maxCount: 10,
      }),
    }) as MoRef;
    await client.call("ResetCollector", collector);
    await client.call("ReadPreviousEvents", collector, { maxCount: 5 });
    await client.call("DestroyCollector", collector);
    for (
      const method of [
        "PostEvent",
        "CreateCollectorForEvents",
        "ResetCollector",
        "ReadPreviousEvents",
        "DestroyCollector",
      ]
    ) {
      const sent = requestsFor(requests, method);
      assert.ok(sent.length > 0, method);
      for (const body of sent) assert.deepEqual(await checkEnvelope(body), [], `${method}: ${body}`);
    }
    assert.equal(requestsFor(requests, "PostEvent").length, entities.length + 1);
  } finally {
    await client.close();
  }
});
