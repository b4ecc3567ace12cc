/**
 * Governance end to end against the simulator, in-process: each principal gets its own MCP session from
 * `app.newServer(principal)` (what the HTTP transport does per bearer token), all sharing one app, one
 * policy, one audit log.
 */
import assert from "node:assert/strict";
import { verifyAuditFile } from "../src/audit/log.ts";
import { hashToken } from "../src/policy/engine.ts";
import { retrieveOne } from "../src/vsphere/objects/retrieve.ts";
import { VSphereClient } from "../src/vsphere/client.ts";
import { LOCAL_PRINCIPAL } from "../src/app.ts";
import { textOf } from "./helpers/mcp.ts";
import { governed } from "./helpers/governed.ts";
import { startVcsim } from "./helpers/vcsim.ts";

const ALICE = "alice-token-0123456789";
const BOB = "bob-token-0123456789";
const CAROL = "carol-token-0123456789";

const POLICY = {
  version: 2,
  principals: {
    alice: { token_sha256: hashToken(ALICE), roles: ["operator"] },
    bob: { token_sha256: hashToken(BOB), roles: ["reader"] },
    carol: { token_sha256: hashToken(CAROL), roles: ["vm1-only"] },
  },
  roles: {
    operator: { toolsets: ["inventory", "vm"], max_tier: "high" },
    reader: { toolsets: ["*"], read_only: true },
    "vm1-only": {
      tools: ["vm_power", "vm_list"],
      max_tier: "medium",
      scope: { datacenters: ["DC0"], names: ["*_VM1"] },
    },
  },
};

type Envelope = { status: string; confirmation_handle?: string; result?: { task?: string } };

async function powerState(client: VSphereClient, vm: string) {
  return (await retrieveOne(client, { type: "VirtualMachine", value: vm }, ["runtime.powerState"]))[
    "runtime.powerState"
  ];
}

async function vmRef(client: VSphereClient, name: string): Promise<string> {
  const { retrieveView } = await import("../src/vsphere/objects/property_collector.ts");
  for await (const vm of retrieveView(client, { type: "VirtualMachine", paths: ["name"] })) {
    if (vm.props.name === name) return vm.ref.value;
  }
  throw new Error(`no VM ${name}`);
}

Deno.test("Two principals see different tool lists; a denied call is refused before vCenter and audited", async () => {
  await using sim = await startVcsim();
  await using gov = await governed({ VSPHERE_RATE_LIMIT: "false" }, { target: sim.target() }, POLICY);
  const direct = new VSphereClient(sim.target());
  try {
    const alice = await gov.session(gov.app.governance.authenticate(ALICE)!);
    const bob = await gov.session(gov.app.governance.authenticate(BOB)!);
    assert.equal(gov.app.governance.authenticate("wrong-token"), undefined);
    // Derived from the registry, so tools added to these toolsets later keep the test true.
    const exposed = gov.app.registry.exposed;
    const tiers = ["low", "medium", "high"];
    assert.deepEqual(
      await alice.tools(),
      exposed.filter((t) => ["inventory", "vm"].includes(t.toolset) && tiers.includes(t.tier)).map((t) =>
        t.name
      ),
    );
    assert.deepEqual(await bob.tools(), exposed.filter((t) => t.annotations.readOnlyHint).map((t) => t.name));
    assert.ok((await alice.tools()).includes("vm_power"));
    assert.ok(!(await bob.tools()).includes("vm_power"));
    assert.ok((await bob.tools()).includes("vm_list"));

    const vm = await vmRef(direct, "DC0_H0_VM0");
    const before = gov.app.vsphere().stats.calls;
    const denied = await bob.call("vm_power", { vm: "DC0_H0_VM0", action: "off" });
    assert.equal(denied.isError, true);
    assert.match(textOf(denied), /vm_power is not permitted for "bob": the caller's role is read-only/);
    assert.equal(gov.app.vsphere().stats.calls, before, "not a single vCenter request");
    assert.equal(await powerState(direct, vm), "poweredOn", "the simulator is untouched");
    const seedName = await bob.call("power_off_vm", { vm: "DC0_H0_VM0", action: "off" });
    assert.equal(seedName.isError, true, "the seed's name for the tool is refused too");

    const denial = gov.audit().at(-2)!;
    assert.equal(denial.kind, "denial");
    assert.equal(denial.principal.id, "bob");
    assert.equal(denial.tool, "vm_power");
    assert.deepEqual(denial.decision, { result: "deny", rule: "role:reader read_only", reason: "read_only" });
    assert.equal(denial.client?.name, "test-bob");

    // Alice may: preview, then confirm. Records: decision (preview), intent (write-ahead), outcome.
    const preview = (await alice.call("vm_power", { vm: "DC0_H0_VM0", action: "off" }))
      .structuredContent as Envelope;
    const done = await alice.call("vm_power", {
      vm: "DC0_H0_VM0",
      action: "off",
      confirm: true,
      confirmation_handle: preview.confirmation_handle,
    });
    assert.equal(done.isError, undefined, textOf(done));
    assert.equal(await powerState(direct, vm), "poweredOff");
    const [decision, intent, outcome] = gov.audit().slice(-3);
    assert.deepEqual([decision!.kind, decision!.result, decision!.confirmation?.outcome], [
      "decision",
      "preview",
      "preview",
    ]);
    assert.equal(intent!.kind, "intent");
    assert.equal(intent!.event_id, outcome!.event_id, "intent and outcome belong to one call");
    assert.deepEqual(intent!.targets, [{
      ref: { type: "VirtualMachine", value: vm },
      type: "VirtualMachine",
      name: "DC0_H0_VM0",
    }]);
    assert.equal(intent!.method, "PowerOffVM_Task");
    assert.equal(intent!.decision?.rule, "role:operator toolsets[vm]");
    assert.deepEqual(intent!.args, { vm: "DC0_H0_VM0", action: "off", wait_seconds: 120 });
    assert.equal(intent!.vcenter, sim.host);
    assert.deepEqual([outcome!.kind, outcome!.result, outcome!.confirmation?.outcome], [
      "outcome",
      "ok",
      "confirmed",
    ]);
    assert.equal(outcome!.task?.moref, (done.structuredContent as Envelope).result?.task);
    assert.equal(outcome!.task?.state, "success");

    // A replayed handle is a refused confirmation; a failing call is an error outcome.
    await alice.call("vm_power", {
      vm: "DC0_H0_VM0",
      action: "on",
      confirm: true,
      confirmation_handle: preview.confirmation_handle,
    });
    const refused = gov.audit().at(-1)!;
    assert.deepEqual([refused.kind, refused.confirmation?.outcome], ["denial", "refused"]);
    const failed = await alice.call("vm_power", { vm: "no-such-vm", action: "on" });
    assert.equal(failed.isError, true);
    const failure = gov.audit().at(-1)!;
    assert.deepEqual([failure.kind, failure.result], ["outcome", "error"]);
    assert.match(failure.error ?? "", /No VirtualMachine named "no-such-vm"/);

    // Refusals outside tool calls come from the transport through denial().
    await gov.app.governance.denial({
      reason: "auth",
      transport: "http",
      detail: "unknown bearer token",
      sessionId: "sess-1",
    });
    const transport = gov.audit().at(-1)!;
    assert.deepEqual([transport.kind, transport.principal.id, transport.decision?.reason], [
      "denial",
      "anonymous",
      "auth",
    ]);
    assert.match(transport.mcp_session ?? "", /^[0-9a-f]{16}$/);

    assert.deepEqual(await verifyAuditFile(gov.auditPath), { ok: true, records: gov.audit().length });
  } finally {
    await direct.close();
  }
});

Deno.test("Inventory scope is enforced on the resolved MoRef, before the intent and before any change", async () => {
  await using sim = await startVcsim();
  await using gov = await governed({ VSPHERE_RATE_LIMIT: "false" }, { target: sim.target() }, POLICY);
  const direct = new VSphereClient(sim.target());
  try {
    const carol = await gov.session(gov.app.governance.authenticate(CAROL)!);
    const vm0 = await vmRef(direct, "DC0_H0_VM0");
    const vm1 = await vmRef(direct, "DC0_H0_VM1");
    const confirm = async (vm: string) => {
      const preview = (await carol.call("vm_power", { vm, action: "off" })).structuredContent as Envelope;
      assert.equal(preview.status, "confirmation_required", "previews show what would happen anywhere");
      return await carol.call("vm_power", {
        vm,
        action: "off",
        confirm: true,
        confirmation_handle: preview.confirmation_handle,
      });
    };
    // Named by MoRef id, so the check cannot rely on the name the model typed.
    const outside = await confirm(vm0);
    assert.equal(outside.isError, true);
    assert.match(
      textOf(outside),
      new RegExp(
        `DC0_H0_VM0 \\(${vm0}, /DC0/vm/DC0_H0_VM0\\) is outside the inventory your role may change \\(scope: names\\)`,
      ),
    );
    assert.equal(await powerState(direct, vm0), "poweredOn");
    const denial = gov.audit().at(-1)!;
    assert.deepEqual([denial.kind, denial.decision?.rule, denial.targets?.[0]?.ref.value], [
      "denial",
      "scope:names",
      vm0,
    ]);
    assert.ok(!gov.audit().some((r) => r.kind === "intent"), "no intent: nothing was about to happen");

    const inside = await confirm(vm1);
    assert.equal(inside.isError, undefined, textOf(inside));
    assert.equal(await powerState(direct, vm1), "poweredOff");
    assert.equal(gov.audit().at(-2)!.kind, "intent");
  } finally {
    await direct.close();
  }
});

Deno.test("An unwritable audit log refuses a change with zero mutating vCenter calls", async () => {
  await using sim = await startVcsim();
  await using gov = await governed({ VSPHERE_RATE_LIMIT: "false" }, { target: sim.target() });
  const direct = new VSphereClient(sim.target());
  try {
    const me = await gov.session(LOCAL_PRINCIPAL);
    const vm = await vmRef(direct, "DC0_H0_VM0");
    const preview = (await me.call("vm_power", { vm, action: "off" })).structuredContent as Envelope;
    // Replace the audit file with a directory: appends now fail (for root too, unlike chmod).
    await Deno.rename(gov.auditPath, `${gov.auditPath}.old`);
    await Deno.mkdir(gov.auditPath);
    const metrics = gov.app.governance.metrics;
    const powerOffs = () =>
      metrics.vcenterRequests.get({ target: "default", method: "PowerOffVM_Task", status: "ok" });
    const refused = await me.call("vm_power", {
      vm,
      action: "off",
      confirm: true,
      confirmation_handle: preview.confirmation_handle,
    });
    assert.equal(refused.isError, true);
    assert.match(textOf(refused), /audit record could not be written/);
    assert.equal(powerOffs(), 0, "no PowerOffVM_Task reached vCenter");
    assert.equal(await powerState(direct, vm), "poweredOn");
    assert.match(metrics.render(), /vsphere_mcp_denials_total\{reason="audit"\} 1/);

    const list = await me.call("vm_list", {});
    assert.equal(list.isError, undefined, "read-only tools keep working");
  } finally {
    await direct.close();
  }
});

Deno.test("Rate limit: a burst of 10 passes, the 11th waits; RBAC refusals spend no tokens", async () => {
  await using sim = await startVcsim();
  // A slow refill keeps the test independent of how fast this machine makes the calls (the defaults and
  // the refill arithmetic are tested with a fake clock in src/policy/rate_limit_test.ts).
  await using gov = await governed({ VSPHERE_RATE_LIMIT_RPS: "0.05" }, { target: sim.target() }, POLICY);
  const bob = await gov.session(gov.app.governance.authenticate(BOB)!);
  for (let i = 0; i < 15; i++) {
    const denied = await bob.call("vm_power", { vm: "DC0_H0_VM0", action: "off" });
    assert.match(textOf(denied), /not permitted/);
  }
  for (let i = 0; i < 10; i++) {
    const ok = await bob.call("vm_list", { limit: 1 });
    assert.equal(ok.isError, undefined, `call ${i + 1}: ${textOf(ok)}`);
  }
  const limited = await bob.call("vm_list", { limit: 1 });
  assert.equal(limited.isError, true);
  assert.match(textOf(limited), /Rate limit reached for "bob": retry after 20 s/);
  const record = gov.audit().at(-1)!;
  assert.deepEqual([record.kind, record.decision?.rule], ["denial", "rate_limit:all"]);
  const alice = await gov.session(gov.app.governance.authenticate(ALICE)!);
  assert.equal(
    (await alice.call("vm_list", { limit: 1 })).isError,
    undefined,
    "another principal has its own bucket",
  );

  const text = gov.app.governance.renderMetrics();
  assert.match(text, /vsphere_mcp_tool_calls_total\{status="ok",tool="vm_list"\} 11\n/);
  assert.match(text, /vsphere_mcp_tool_calls_total\{status="denied",tool="vm_power"\} 15\n/);
  assert.match(text, /vsphere_mcp_tool_calls_total\{status="denied",tool="vm_list"\} 1\n/);
  assert.match(text, /vsphere_mcp_denials_total\{reason="rbac"\} 15\n/);
  assert.match(text, /vsphere_mcp_denials_total\{reason="rate_limit"\} 1\n/);
  assert.match(text, /vsphere_mcp_rate_limited_total\{bucket="all"\} 1\n/);
  assert.match(text, /vsphere_mcp_tool_call_duration_seconds_count\{tool="vm_list"\} 11\n/);
  assert.match(
    text,
    /vsphere_mcp_vcenter_requests_total\{method="RetrievePropertiesEx",status="ok",target="default"\} \d+\n/,
  );
  assert.match(text, /vsphere_mcp_vcenter_logins_total\{target="default"\} 1\n/);
  assert.match(text, /vsphere_mcp_vcenter_in_flight_requests\{target="default"\} 0\n/);
});

Deno.test("Every SOAP request of a tool call carries the call's audit event id as vCenter operationID", async () => {
  await using sim = await startVcsim();
  await using gov = await governed({ VSPHERE_RATE_LIMIT: "false" }, { target: sim.target() });
  const me = await gov.session(LOCAL_PRINCIPAL);
  await me.call("vm_list", { limit: 1 }); // logs in
  const soap = gov.app.vsphere().soap;
  const sent: { method: string; operationId: string | undefined }[] = [];
  // Every SOAP exchange, whichever decorators sent it, ends in the core round trip.
  const original = soap.roundTrip.bind(soap);
  soap.roundTrip = (request) => {
    sent.push({ method: request.method, operationId: request.operationId });
    return original(request);
  };
  const preview = (await me.call("vm_power", { vm: "DC0_H0_VM0", action: "off" }))
    .structuredContent as Envelope;
  const previewId = gov.audit().at(-1)!.event_id;
  const previewCalls = sent.splice(0);
  await me.call("vm_power", {
    vm: "DC0_H0_VM0",
    action: "off",
    confirm: true,
    confirmation_handle: preview.confirmation_handle,
  });
  const outcome = gov.audit().at(-1)!;
  assert.ok(
    previewCalls.length >= 2 && previewCalls.every((c) => c.operationId === previewId),
    JSON.stringify(previewCalls),
  );
  assert.ok(sent.some((c) => c.method === "PowerOffVM_Task"));
  assert.deepEqual(
    sent.filter((c) => c.operationId !== outcome.event_id),
    [],
    "reads, the task call and its polling",
  );
});

Deno.test("A cancelled confirmed call still gets its outcome record after the intent", async () => {
  await using sim = await startVcsim({
    model: { "method-delay": JSON.stringify({ PowerOffVM_Task: 3000 }) },
  });
  await using gov = await governed({ VSPHERE_RATE_LIMIT: "false" }, { target: sim.target() });
  const me = await gov.session(LOCAL_PRINCIPAL);
  const preview = (await me.call("vm_power", { vm: "DC0_H0_VM0", action: "off" }))
    .structuredContent as Envelope;
  const controller = new AbortController();
  const call = me.client.callTool(
    {
      name: "vm_power",
      arguments: {
        vm: "DC0_H0_VM0",
        action: "off",
        confirm: true,
        confirmation_handle: preview.confirmation_handle,
      },
    },
    undefined,
    { signal: controller.signal },
  );
  // Cancel once the intent is on disk, i.e. while PowerOffVM_Task is in flight.
  while (!gov.audit().some((r) => r.kind === "intent")) await new Promise((r) => setTimeout(r, 20));
  controller.abort();
  await assert.rejects(call);
  let records = gov.audit();
  for (let i = 0; i < 100 && records.at(-1)?.kind !== "outcome"; i++) {
    await new Promise((r) => setTimeout(r, 20));
    records = gov.audit();
  }
  const [intent, outcome] = records.slice(-2);
  assert.equal(intent!.kind, "intent");
  assert.deepEqual([outcome!.kind, outcome!.result, outcome!.event_id], [
    "outcome",
    "cancelled",
    intent!.event_id,
  ]);
  assert.deepEqual(await verifyAuditFile(gov.auditPath), { ok: true, records: records.length });
});
