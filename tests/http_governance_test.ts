/**
 * Governance end to end over HTTP: two bearer tokens of different roles (the shipped example policy) see
 * different tool lists; the reader's change is refused before vCenter and audited; the operator's goes
 * through preview and confirmation and really happens; an unknown token gets 401.
 */
import assert from "node:assert/strict";
import { createApp } from "../src/app.ts";
import { loadConfig } from "../src/config/mod.ts";
import { Client, type StreamableHTTPClientTransport as Transport } from "../src/mcp_sdk.ts";
import { StreamableHTTPClientTransport } from "../src/mcp_sdk.ts";
import type { CallToolResult } from "../src/mcp_sdk.ts";
import { serveHttp } from "../src/transports/http.ts";
import { retrieveOne } from "../src/vsphere/objects/retrieve.ts";
import { VSphereClient } from "../src/vsphere/client.ts";
import { startVcsim } from "./helpers/vcsim.ts";

const ALICE = "example-alice-token"; // operator-dc0: inventory, vm, snapshot up to high, in DC0
const BOB = "example-bob-token"; // reader: every read tool

Deno.test("over HTTP, two tokens of different roles see different tools; only the operator's change happens", async () => {
  await using sim = await startVcsim();
  const dir = await Deno.makeTempDir();
  const auditLog = `${dir}/audit.jsonl`;
  const config = loadConfig(sim.env({
    VSPHERE_RBAC_POLICY: "builtin:example-multi-user",
    VSPHERE_AUDIT_LOG: auditLog,
    VSPHERE_RATE_LIMIT: "false",
  }));
  const app = createApp(config, "en");
  const http = serveHttp(app, { hostname: "127.0.0.1", port: 0 });
  const direct = new VSphereClient(sim.target());
  const clients: Client[] = [];
  const connect = async (token: string) => {
    const client = new Client({ name: `http-${token}`, version: "1" });
    const transport: Transport = new StreamableHTTPClientTransport(new URL("/mcp", http.url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    });
    await client.connect(transport);
    clients.push(client);
    return client;
  };
  const power = async () =>
    (await retrieveOne(direct, { type: "VirtualMachine", value: vm }, ["runtime.powerState"]))[
      "runtime.powerState"
    ];
  let vm = "";
  try {
    const alice = await connect(ALICE);
    const bob = await connect(BOB);
    const aliceTools = (await alice.listTools()).tools.map((t) => t.name);
    const bobTools = (await bob.listTools()).tools.map((t) => t.name);
    assert.ok(aliceTools.includes("vm_power") && aliceTools.includes("vm_list"));
    assert.ok(!aliceTools.includes("event_query"), "the operator role has no event tools");
    assert.ok(bobTools.includes("vm_list") && bobTools.includes("event_query"));
    assert.ok(!bobTools.includes("vm_power"), "the reader sees no tool that changes anything");

    const listed = await bob.callTool({
      name: "vm_list",
      arguments: { name: "DC0_H0_VM0" },
    }) as CallToolResult;
    vm = (listed.structuredContent as { vms: { moref: string }[] }).vms[0]!.moref;
    assert.equal(await power(), "poweredOn");
    const calls = direct.stats.calls;

    const refused = await bob.callTool({
      name: "vm_power",
      arguments: { vm, action: "off" },
    }) as CallToolResult;
    assert.equal(refused.isError, true);
    assert.equal(await power(), "poweredOn", "the reader's refused call changed nothing");

    const preview = await alice.callTool({
      name: "vm_power",
      arguments: { vm, action: "off" },
    }) as CallToolResult;
    const handle = (preview.structuredContent as { confirmation_handle: string }).confirmation_handle;
    assert.equal(await power(), "poweredOn", "the preview changed nothing");
    const done = await alice.callTool({
      name: "vm_power",
      arguments: { vm, action: "off", confirm: true, confirmation_handle: handle },
    }) as CallToolResult;
    assert.equal(done.isError, undefined, JSON.stringify(done.content));
    assert.equal(await power(), "poweredOff", "the operator's confirmed change really happened");
    assert.ok(direct.stats.calls > calls);

    const stranger = await fetch(new URL("/mcp", http.url), {
      method: "POST",
      headers: { authorization: "Bearer not-a-known-token", "content-type": "application/json" },
      body: "{}",
    });
    assert.equal(stranger.status, 401);
    await stranger.body?.cancel();

    const records = (await Deno.readTextFile(auditLog)).trim().split("\n").map((l) => JSON.parse(l));
    const text = JSON.stringify(records);
    const of = (id: string, kind: string) =>
      records.some((r) => r.principal?.id === id && r.tool === "vm_power" && r.kind === kind);
    assert.ok(of("bob", "denial"), "the refusal is audited");
    assert.ok(
      of("alice", "intent") && of("alice", "outcome"),
      "the change is audited, intent before outcome",
    );
    assert.ok(
      records.some((r) => r.kind === "denial" && r.decision?.reason === "auth"),
      "the unknown token too",
    );
    assert.ok(!text.includes(ALICE) && !text.includes(BOB), "no token in the audit log");
  } finally {
    for (const c of clients) await c.close();
    await direct.close();
    await http.shutdown();
    await app.close();
    await Deno.remove(dir, { recursive: true });
  }
});
