/**
 * The sandbox claim, proven without the compiled binary: the real server runs under exactly the permission
 * flags `make compile` gives the binary (tools_dev/permissions.ts, from deno.json's "release" set).
 */
import assert from "node:assert/strict";
import { permissionFlags, type SiteOptions } from "../tools_dev/permissions.ts";
import { Client, StdioClientTransport } from "./helpers/sdk_client.ts";
import { startVcsim } from "./helpers/vcsim.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const PKI = new URL("../.tools/pki", import.meta.url).pathname;

function argsFor(site: SiteOptions = {}): string[] {
  return ["run", "--no-prompt", ...permissionFlags(site), MAIN];
}

async function listThroughSandbox(args: string[], env: Record<string, string>): Promise<number> {
  const client = new Client({ name: "sandbox-test", version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: Deno.execPath(), args, env, stderr: "pipe" }));
  try {
    const result = await client.callTool({ name: "vm_list", arguments: {} });
    assert.equal(result.isError, undefined, JSON.stringify(result.content));
    return (result.structuredContent as { total: number }).total;
  } finally {
    await client.close();
  }
}

/** Runs the server with stdin closed; it must exit on its own (no prompt, no hang). */
async function runToExit(args: string[], env: Record<string, string>) {
  const out = await new Deno.Command(Deno.execPath(), {
    args,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(20_000),
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

Deno.test("the server works end to end under the release binary's permission set", async () => {
  await using sim = await startVcsim();
  assert.equal(await listThroughSandbox(argsFor(), sim.env()), sim.vms);
});

Deno.test("the server works under a per-site build's grants: one host:port, one folder to read", async () => {
  await using sim = await startVcsim();
  const site = { vsphereHosts: [`${sim.host}:${sim.port}`], read: [PKI] };
  assert.equal(await listThroughSandbox(argsFor(site), sim.env()), sim.vms);
});

Deno.test("a vCenter outside the per-site grant stops start-up with the flag to add", async () => {
  await using sim = await startVcsim();
  const site = { vsphereHosts: [`${sim.host}:${sim.port}`], read: [PKI] };
  const { code, stderr } = await runToExit(
    argsFor(site),
    sim.env({ VSPHERE_HOST: "vc02.corp", VSPHERE_PORT: "443" }),
  );
  assert.equal(code, 3);
  assert.match(stderr, /permission missing: net vc02\.corp:443 — rebuild with --allow-net=vc02\.corp:443/);
});

Deno.test("the release set refuses cloud metadata and link-local addresses", async () => {
  const { code, stderr } = await runToExit(argsFor(), {
    VSPHERE_HOST: "169.254.169.254",
    VSPHERE_USER: "u",
    VSPHERE_PASSWORD: "p",
  });
  assert.equal(code, 3);
  assert.match(stderr, /permission missing: net 169\.254\.169\.254:443/);
});

Deno.test("a file outside the read grant stops start-up with the flag to add", async () => {
  await using sim = await startVcsim();
  const site = { vsphereHosts: [`${sim.host}:${sim.port}`], read: [PKI] };
  const { code, stderr } = await runToExit(
    argsFor(site),
    sim.env({ VSPHERE_PASSWORD_FILE: "/etc/hostname" }),
  );
  assert.equal(code, 3);
  assert.match(
    stderr,
    /permission missing: read \/etc\/hostname — rebuild with --allow-read=\/etc\/hostname/,
  );
});

Deno.test("an audit log outside the write grant stops start-up with the flag to add", async () => {
  await using sim = await startVcsim();
  const { code, stderr } = await runToExit(
    argsFor(),
    sim.env({ VSPHERE_AUDIT_LOG: "/tmp/elsewhere/audit.jsonl" }),
  );
  assert.equal(code, 3);
  assert.match(stderr, /permission missing: write \/tmp\/elsewhere\/audit\.jsonl/);
});
