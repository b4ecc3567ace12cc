/**
 * Confirmation paths beyond the preview handle (covered by vm_power_test.ts): elicitation accept, decline
 * and cancel; policy-required elicitation; the seed's bare confirm=true in flag mode; critical-tier
 * gating; and the governance seams (allow, middlewares) seeing what they need.
 */
import assert from "node:assert/strict";
import { z } from "zod";
import type { ElicitRequest } from "../src/mcp_sdk.ts";
import { defineTool, defineToolset, type Principal } from "../src/registry/define.ts";
import type { Middleware, ToolCall } from "../src/server/chain.ts";
import { TOOLSETS } from "../src/tools/mod.ts";
import { resolveEntity } from "../src/vsphere/objects/resolve.ts";
import { retrieveOne } from "../src/vsphere/objects/retrieve.ts";
import { VSphereClient } from "../src/vsphere/client.ts";
import { connect, textOf } from "./helpers/mcp.ts";
import { startVcsim } from "./helpers/vcsim.ts";

type Envelope = {
  status: string;
  result?: { power_state: string };
  next_step?: string;
  preview?: { tier: string };
};

async function powerState(
  target: ReturnType<Awaited<ReturnType<typeof startVcsim>>["target"]>,
  name: string,
) {
  const client = new VSphereClient(target);
  try {
    const vm = await resolveEntity(client, "VirtualMachine", name);
    return (await retrieveOne(client, vm.ref, ["runtime.powerState"]))["runtime.powerState"];
  } finally {
    await client.close();
  }
}

Deno.test("elicitation: a client that can elicit is asked once, and accept powers the VM off for real", async () => {
  await using sim = await startVcsim();
  const asked: ElicitRequest[] = [];
  const audited: ToolCall[] = [];
  const audit: Middleware = async (call, next) => {
    const result = await next();
    audited.push(call);
    return result;
  };
  await using mcp = await connect({ target: sim.target() }, {
    elicit: (request) => {
      asked.push(request);
      return { action: "accept", content: { approve: true } };
    },
    governance: { afterConfirm: [audit] },
  });
  const result = await mcp.call("vm_power", { vm: "DC0_H0_VM0", action: "off" });
  assert.equal(result.isError, undefined, textOf(result));
  const envelope = result.structuredContent as Envelope;
  assert.equal(envelope.status, "done");
  assert.equal(envelope.result?.power_state, "poweredOff");
  assert.equal(await powerState(sim.target(), "DC0_H0_VM0"), "poweredOff");
  assert.equal(asked.length, 1);
  const message = String(asked[0]!.params.message);
  assert.match(message, /DC0_H0_VM0/);
  assert.match(message, /medium/);
  assert.match(message, /PowerOffVM_Task/);
  assert.equal(audited[0]?.elicitation, "accept");
  assert.equal(audited[0]?.confirmedBy, "elicitation");
});

Deno.test("elicitation: decline, cancel and an unticked approval change nothing", async () => {
  await using sim = await startVcsim();
  const answers = [
    { action: "decline" as const },
    { action: "cancel" as const },
    { action: "accept" as const, content: { approve: false } },
  ];
  let next = 0;
  await using mcp = await connect({ target: sim.target() }, { elicit: () => answers[next++]! });
  const statuses = [];
  for (let i = 0; i < answers.length; i++) {
    const result = await mcp.call("vm_power", { vm: "DC0_H0_VM0", action: "off" });
    statuses.push((result.structuredContent as Envelope).status);
    assert.equal(await powerState(sim.target(), "DC0_H0_VM0"), "poweredOn", "nothing changed");
  }
  assert.deepEqual(statuses, ["declined", "cancelled", "declined"]);
});

Deno.test("elicitation required by policy: clients without it are refused, even with a handle", async () => {
  await using sim = await startVcsim();
  await using mcp = await connect({ target: sim.target() }, { governance: { elicitationTiers: ["medium"] } });
  const refused = await mcp.call("vm_power", { vm: "DC0_H0_VM0", action: "off" });
  assert.equal(refused.isError, true);
  assert.match(textOf(refused), /approval dialog \(MCP elicitation\)/);
  const withHandle = await mcp.call("vm_power", {
    vm: "DC0_H0_VM0",
    action: "off",
    confirm: true,
    confirmation_handle: "cfm_anything",
  });
  assert.equal(withHandle.isError, true);
  assert.match(textOf(withHandle), /elicitation/);
  assert.equal(await powerState(sim.target(), "DC0_H0_VM0"), "poweredOn");
  const list = await mcp.call("vm_list", {});
  assert.equal(list.isError, undefined, "read-only tools are unaffected");
});

Deno.test("VSPHERE_CONFIRM_MODE=flag accepts the seed's bare confirm=true; the default mode does not", async () => {
  await using sim = await startVcsim();
  await using strict = await connect({ target: sim.target() });
  await assert.rejects(strict.call("vm_power", { vm: "DC0_H0_VM0", action: "off", confirm: true }));
  assert.equal(await powerState(sim.target(), "DC0_H0_VM0"), "poweredOn");
  await using flag = await connect({ target: sim.target(), confirmMode: "flag" });
  const preview = await flag.call("vm_power", { vm: "DC0_H0_VM0", action: "off" });
  assert.equal(
    (preview.structuredContent as Envelope).status,
    "confirmation_required",
    "still previews first",
  );
  const done = await flag.call("vm_power", { vm: "DC0_H0_VM0", action: "off", confirm: true });
  assert.equal((done.structuredContent as Envelope).status, "done", textOf(done));
  assert.equal(await powerState(sim.target(), "DC0_H0_VM0"), "poweredOff");
});

const critical = defineTool({
  name: "test_destroy",
  toolset: "test",
  input: (t) => ({ vm: z.string().describe(t("param.vm")) }),
  output: { ok: z.boolean() },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  tier: "critical",
  privileges: ["VirtualMachine.Inventory.Delete"],
  handler: () => Promise.resolve({ ok: true }),
});
const withCritical = [...TOOLSETS, defineToolset({ id: "test", default: true, tools: [critical] })];

Deno.test("critical-tier tools are neither listed nor callable without --allow-critical or a policy grant", async () => {
  const names = async (mcp: Awaited<ReturnType<typeof connect>>) =>
    (await mcp.client.listTools()).tools.map((t) => t.name);
  await using off = await connect({ toolsets: ["all"], allowCritical: false }, { toolsets: withCritical });
  assert.ok(!(await names(off)).includes("test_destroy"));
  const refused = await off.call("test_destroy", { vm: "x" });
  assert.equal(refused.isError, true, "refused through the chain, so the refusal is audited");
  await using on = await connect({ toolsets: ["all"], allowCritical: true }, { toolsets: withCritical });
  assert.ok((await names(on)).includes("test_destroy"));
  await using granted = await connect({ toolsets: ["all"] }, {
    toolsets: withCritical,
    governance: { grantsCritical: (principal) => principal.roles.includes("admin") },
  });
  assert.ok((await names(granted)).includes("test_destroy"));
});

Deno.test("governance seams: allow() filters per principal; beforeConfirm middlewares run before the handler", async () => {
  await using sim = await startVcsim();
  const reader: Principal = { id: "carol", kind: "token", roles: ["reader"] };
  const order: string[] = [];
  await using mcp = await connect({ target: sim.target() }, {
    principal: reader,
    governance: {
      allow: (principal, tool) => tool.annotations.readOnlyHint || principal.roles.includes("operator"),
      beforeConfirm: [async (call, next) => {
        order.push(`policy:${call.tool.name}:${call.principal.id}`);
        return await next();
      }],
    },
  });
  const names = (await mcp.client.listTools()).tools.map((t) => t.name);
  assert.ok(names.includes("vm_list"));
  assert.ok(!names.includes("vm_power"), "the reader does not see write tools");
  const refused = await mcp.call("power_off_vm", { vm: "DC0_H0_VM0", action: "off" });
  assert.equal(refused.isError, true);
  assert.match(textOf(refused), /not permitted/);
  await mcp.call("vm_list", {});
  // The refused call still reaches the policy middleware (which audits it); the backstop then refuses it.
  assert.deepEqual(order, ["policy:vm_power:carol", "policy:vm_list:carol"]);
});
