/** main.ts as users run it: fail-closed start-up, hash-token, verify-audit, stdio with --metrics-port. */
import assert from "node:assert/strict";
import { AuditLog } from "../src/audit/log.ts";
import { hashToken } from "../src/policy/engine.ts";
import { Client, StdioClientTransport } from "./helpers/sdk_client.ts";
import { startVcsim } from "./helpers/vcsim.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const DENO = Deno.execPath();

async function run(args: string[], env: Record<string, string> = {}, stdin?: string) {
  const child = new Deno.Command(DENO, {
    args: ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-write", MAIN, ...args],
    env: { VSPHERE_LANG: "en", ...env },
    clearEnv: true,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const out = await child.output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
}

Deno.test("main.ts refuses to start with a missing or invalid policy, or an unusable audit log", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const missing = await run([], { VSPHERE_RBAC_POLICY: `${dir}/nope.json` });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Configuration error: Cannot read the RBAC policy file ".*nope\.json"/);
    assert.equal(missing.stdout, "", "nothing on stdout");

    await Deno.writeTextFile(
      `${dir}/bad.json`,
      JSON.stringify({ version: 2, principals: {}, roles: { ops: { max_tier: "huge" } } }),
    );
    const invalid = await run([], {
      VSPHERE_RBAC_POLICY: `${dir}/bad.json`,
      VSPHERE_LANG: "ja",
    });
    assert.equal(invalid.code, 2);
    assert.match(
      invalid.stderr,
      /RBAC ポリシーファイル「.*bad\.json」の内容が不正です: \$\.roles\.ops\.max_tier: /,
    );

    const audit = await run([], { VSPHERE_AUDIT_LOG: `${dir}/no/such/dir/audit.jsonl` });
    assert.equal(audit.code, 2);
    assert.match(audit.stderr, /Cannot open the audit log ".*audit\.jsonl" \(VSPHERE_AUDIT_LOG\)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("main.ts hash-token reads the token from stdin and prints its SHA-256", async () => {
  const result = await run(["hash-token"], {}, "my-token-123\n");
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.trim(), hashToken("my-token-123"));
  const generated = await run(["hash-token", "--generate"]);
  const token = /vmcp_[0-9a-f]{64}/.exec(generated.stderr)?.[0];
  assert.ok(token, generated.stderr);
  assert.equal(generated.stdout.trim(), hashToken(token));
  assert.equal((await run(["hash-token", "my-token-on-argv"])).code, 2, "never from argv");
});

Deno.test("main.ts verify-audit reports an intact chain, and the first broken record", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/audit.jsonl`;
    const log = AuditLog.open(path);
    for (let i = 0; i < 4; i++) {
      await log.append({
        kind: "outcome",
        principal: { id: "p", kind: "local" },
        tool: "vm_list",
        result: "ok",
      });
    }
    const ok = await run(["verify-audit", path]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /4 records, hash chain intact/);
    const lines = (await Deno.readTextFile(path)).split("\n");
    lines[2] = lines[2]!.replace('"tool":"vm_list"', '"tool":"vm_power"');
    await Deno.writeTextFile(path, lines.join("\n"));
    const broken = await run(["verify-audit", path]);
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, /chain BROKEN at line 3 \(sequence 3\): hash/);
    assert.equal((await run(["verify-audit"])).code, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("main.ts over stdio with --metrics-port and an audit log: metrics and records after calls", async () => {
  await using sim = await startVcsim();
  const dir = await Deno.makeTempDir();
  const audit = `${dir}/audit.jsonl`;
  const transport = new StdioClientTransport({
    command: DENO,
    args: [
      "run",
      "--allow-net",
      "--allow-env",
      "--allow-read",
      `--allow-write=${dir}`,
      MAIN,
      "--metrics-port",
      "0",
    ],
    env: { ...sim.env(), VSPHERE_AUDIT_LOG: audit, VSPHERE_LANG: "en", PATH: Deno.env.get("PATH") ?? "" },
    stderr: "pipe",
  });
  const stderr: string[] = [];
  const port = new Promise<number>((resolve) => {
    transport.stderr?.on("data", (chunk: Uint8Array) => {
      stderr.push(new TextDecoder().decode(chunk));
      const found = /127\.0\.0\.1:(\d+)\/metrics/.exec(stderr.join(""));
      if (found) resolve(Number(found[1]));
    });
  });
  const client = new Client({ name: "metrics-test", version: "1.0.0" });
  await client.connect(transport);
  try {
    for (let i = 0; i < 3; i++) await client.callTool({ name: "vm_list", arguments: { limit: 1 } });
    await client.callTool({ name: "vm_power", arguments: { vm: "DC0_H0_VM0", action: "off" } });
    const text = await (await fetch(`http://127.0.0.1:${await port}/metrics`)).text();
    assert.match(text, /vsphere_mcp_tool_calls_total\{status="ok",tool="vm_list"\} 3\n/);
    assert.match(text, /vsphere_mcp_tool_calls_total\{status="preview",tool="vm_power"\} 1\n/);
    assert.match(text, /vsphere_mcp_vcenter_logins_total\{target="default"\} 1\n/);
    const records = (await Deno.readTextFile(audit)).trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(records.map((r) => [r.tool, r.kind, r.result, r.transport]), [
      ["vm_list", "outcome", "ok", "stdio"],
      ["vm_list", "outcome", "ok", "stdio"],
      ["vm_list", "outcome", "ok", "stdio"],
      ["vm_power", "decision", "preview", "stdio"],
    ]);
    assert.equal(records[0].client.name, "metrics-test");
  } finally {
    await client.close();
    await Deno.remove(dir, { recursive: true });
  }
});
