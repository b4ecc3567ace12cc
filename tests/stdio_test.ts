import assert from "node:assert/strict";
import { Client, StdioClientTransport } from "./helpers/sdk_client.ts";
import { spawnRawServer } from "./helpers/raw_stdio.ts";
import { startVcsim } from "./helpers/vcsim.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const DENO = Deno.execPath();
const RUN = ["run", "--allow-net", "--allow-env", "--allow-read", MAIN];

Deno.test("main.ts over stdio: a real client initializes, lists and calls vm_list", async () => {
  await using sim = await startVcsim();
  const transport = new StdioClientTransport({
    command: DENO,
    args: RUN,
    env: { ...sim.env(), PATH: Deno.env.get("PATH") ?? "", HOME: Deno.env.get("HOME") ?? "" },
    stderr: "pipe",
  });
  const client = new Client({ name: "stdio-test", version: "1.0.0" });
  await client.connect(transport);
  try {
    assert.equal(client.getServerVersion()?.name, "vsphere-mcp");
    const { tools } = await client.listTools();
    assert.ok(tools.some((t) => t.name === "vm_list"));
    const result = await client.callTool({ name: "vm_list", arguments: {} });
    assert.equal(result.isError, undefined);
    assert.equal((result.structuredContent as { total: number }).total, sim.vms);
  } finally {
    await client.close();
  }
});

Deno.test("main.ts over stdio writes nothing but JSON-RPC to stdout, logs to stderr", async () => {
  await using sim = await startVcsim();
  const server = spawnRawServer(sim.env(), { args: ["--log-level", "debug"] });
  await server.initialize();
  await server.send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
  await server.send({
    jsonrpc: "2.0",
    id: 3,
    method: "tools/call",
    params: { name: "vm_list", arguments: { limit: 1 } },
  });
  await server.send({
    jsonrpc: "2.0",
    id: 4,
    method: "tools/call",
    params: { name: "vm_list", arguments: { limit: "x" } },
  });
  // Read until the last answer arrives, then close stdin: EOF must end the server.
  await server.readUntil((out) =>
    [1, 2, 3, 4].every((id) => out.includes(`"id":${id}}`) || out.includes(`"id":${id},`))
  );
  const out = await server.finish();
  const status = await server.child.status;
  const stderr = await new Response(server.child.stderr).text();
  assert.equal(status.code, 0, stderr);
  const lines = out.split("\n").filter((l) => l.trim());
  assert.equal(lines.length, 4, out);
  for (const line of lines) assert.equal(JSON.parse(line).jsonrpc, "2.0", line);
  const invalid = lines.map((l) => JSON.parse(l)).find((m) => m.id === 4);
  assert.equal(invalid.error.code, -32602, "schema violations stay protocol errors");
  assert.match(stderr, /Starting vsphere-mcp/);
});

Deno.test("main.ts --help and --version print and exit 0; bad flags exit 2", async () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    new Deno.Command(DENO, { args: [...RUN, ...args], env, stdout: "piped", stderr: "piped" }).output();
  const help = await run(["--help"]);
  assert.equal(help.code, 0);
  assert.match(new TextDecoder().decode(help.stdout), /--transport stdio\|http/);
  const helpJa = await run(["--help"], { VSPHERE_LANG: "ja" });
  assert.match(new TextDecoder().decode(helpJa.stdout), /使い方/);
  const version = await run(["--version"]);
  assert.match(new TextDecoder().decode(version.stdout), /^vsphere-mcp \d+\.\d+\.\d+ \(deno \d/);
  const bad = await run(["--bogus"]);
  assert.equal(bad.code, 2);
  assert.match(new TextDecoder().decode(bad.stderr), /Unknown option/);
  const badConfig = await run([], {
    VSPHERE_HOST: "vc.example",
    VSPHERE_USER: "u",
    VSPHERE_PASSWORD: "p",
    VSPHERE_PORT: "99999",
  });
  assert.equal(badConfig.code, 2);
  assert.match(new TextDecoder().decode(badConfig.stderr), /VSPHERE_PORT/);
});

Deno.test("main.ts over stdio: notifications/cancelled drops the call's answer; the session carries on", async () => {
  await using sim = await startVcsim({
    model: { "method-delay": JSON.stringify({ PowerOffVM_Task: 1500 }) },
  });
  const server = spawnRawServer(sim.env({ VSPHERE_CONFIRM_MODE: "flag" }));
  await server.initialize();
  await server.send({
    jsonrpc: "2.0",
    id: 2,
    method: "tools/call",
    params: {
      name: "vm_power",
      arguments: { vm: "DC0_H0_VM0", action: "off", confirm: true },
      _meta: { progressToken: "p2" },
    },
  });
  await new Promise((r) => setTimeout(r, 300));
  await server.send({
    jsonrpc: "2.0",
    method: "notifications/cancelled",
    params: { requestId: 2, reason: "user" },
  });
  await server.send({
    jsonrpc: "2.0",
    id: 3,
    method: "tools/call",
    params: { name: "vm_list", arguments: {} },
  });
  await server.readUntil((out) => out.includes('"id":3'));
  // Give the cancelled call time to finish in vCenter: its answer must still never arrive.
  await new Promise((r) => setTimeout(r, 2_000));
  const out = await server.finish();
  await server.child.status;
  await server.child.stderr.cancel();
  const ids = out.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l).id);
  assert.ok(ids.includes(3), out);
  assert.ok(!ids.includes(2), "no answer for the cancelled request");
});
