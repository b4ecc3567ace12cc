import assert from "node:assert/strict";
import { configError } from "../../tests/helpers/config_error.ts";
import { ConfigError, loadConfig, loadTarget, normalizeThumbprint } from "./mod.ts";

Deno.test("loadTarget() returns undefined without VSPHERE_HOST", () => {
  assert.equal(loadTarget({}), undefined);
});

Deno.test("loadTarget() reads the seed's names and the second design's aliases", () => {
  const seed = loadTarget({ VSPHERE_HOST: "vc01.corp", VSPHERE_USER: "a", VSPHERE_PASSWORD: "p" });
  assert.deepEqual(seed && { host: seed.host, port: seed.port, mode: seed.tls.mode }, {
    host: "vc01.corp",
    port: 443,
    mode: "verify",
  });
  const alias = loadTarget({
    VCENTER_HOST: "https://vc02:8443/sdk",
    VCENTER_USER: "b",
    VCENTER_PASSWORD: "q",
    INSECURE: "true",
  });
  assert.equal(alias?.host, "vc02");
  assert.equal(alias?.port, 8443);
  assert.equal(alias?.tls.mode, "insecure");
});

Deno.test("loadTarget() names the missing or invalid variable", () => {
  assert.equal(configError(() => loadTarget({ VSPHERE_HOST: "vc" })).params.name, "VSPHERE_USER");
  assert.equal(
    configError(() => loadTarget({ VSPHERE_HOST: "vc", VSPHERE_USER: "u" })).key,
    "config.missing",
  );
  const port = configError(() =>
    loadTarget({ VSPHERE_HOST: "vc", VSPHERE_USER: "u", VSPHERE_PASSWORD: "p", VSPHERE_PORT: "0" })
  );
  assert.equal(port.key, "config.invalid_number");
  const bool = configError(() =>
    loadTarget({ VSPHERE_HOST: "vc", VSPHERE_USER: "u", VSPHERE_PASSWORD: "p", VSPHERE_IGNORE_SSL: "maybe" })
  );
  assert.equal(bool.key, "config.invalid_bool");
});

Deno.test("loadTarget() refuses a password file readable by group or others", () => {
  const file = Deno.makeTempFileSync();
  try {
    Deno.writeTextFileSync(file, "s3cret\n");
    Deno.chmodSync(file, 0o644);
    assert.equal(
      configError(() => loadTarget({ VSPHERE_HOST: "vc", VSPHERE_USER: "u", VSPHERE_PASSWORD_FILE: file }))
        .key,
      "config.password_file_mode",
    );
    Deno.chmodSync(file, 0o600);
    assert.equal(
      loadTarget({ VSPHERE_HOST: "vc", VSPHERE_USER: "u", VSPHERE_PASSWORD_FILE: file })?.password,
      "s3cret",
    );
  } finally {
    Deno.removeSync(file);
  }
});

Deno.test("normalizeThumbprint() accepts SHA-1 and SHA-256 in any common spelling", () => {
  assert.equal(normalizeThumbprint("ab".repeat(20)), Array(20).fill("AB").join(":"));
  assert.equal(normalizeThumbprint(Array(32).fill("0f").join(":")), Array(32).fill("0F").join(":"));
  assert.equal(configError(() => normalizeThumbprint("abc")).key, "config.invalid_thumbprint");
});

Deno.test("loadConfig() lets flags win over the environment", () => {
  const config = loadConfig({ VSPHERE_MCP_TRANSPORT: "stdio", VSPHERE_TOOLSETS: "vm" }, {
    transport: "http",
    toolsets: "all",
  });
  assert.equal(config.transport, "http");
  assert.deepEqual(config.toolsets, ["all"]);
  assert.equal(config.httpHost, "127.0.0.1");
});

Deno.test("loadConfig() governance defaults: no policy file, no audit log, rate limits 5/10 and 1/3", () => {
  const config = loadConfig({});
  assert.equal(config.policyPath, undefined);
  assert.equal(config.auditLog, undefined);
  assert.equal(config.allowCritical, false);
  assert.equal(config.metricsPort, undefined);
  assert.deepEqual(config.rateLimit, { enabled: true, rps: 5, burst: 10, writeRps: 1, writeBurst: 3 });
  assert.deepEqual(config.targets, {});
});

Deno.test("loadConfig() takes flags over env, and the second design's governance aliases", () => {
  const config = loadConfig({
    AUDIT_LOG_PATH: "/var/log/vsphere-mcp/audit.jsonl",
    RATE_LIMIT: "true",
    RATE_LIMIT_RPS: "0.5",
    RATE_LIMIT_BURST: "4",
    VSPHERE_ALLOW_CRITICAL: "false",
    VSPHERE_METRICS_PORT: "9100",
    VSPHERE_RBAC_POLICY: "builtin:operator",
  }, { allowCritical: true, metricsPort: "9200" });
  assert.equal(config.auditLog, "/var/log/vsphere-mcp/audit.jsonl");
  assert.equal(config.rateLimit.rps, 0.5);
  assert.equal(config.rateLimit.burst, 4);
  assert.equal(config.allowCritical, true);
  assert.equal(config.metricsPort, 9200);
  assert.equal(config.policyPath, "builtin:operator");
  assert.equal(configError(() => loadConfig({ VSPHERE_RATE_LIMIT_RPS: "0" })).key, "config.invalid_positive");
  assert.equal(loadConfig({ VSPHERE_RATE_LIMIT: "off" }).rateLimit.enabled, false);
});

Deno.test("VSPHERE_TARGETS_FILE: named targets with credentials from a file or an env variable", () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(`${dir}/pw`, "file-secret\n", { mode: 0o600 });
    Deno.chmodSync(`${dir}/pw`, 0o600);
    Deno.writeTextFileSync(
      `${dir}/targets.json`,
      JSON.stringify({
        default: "lab",
        targets: {
          prod: {
            host: "vc-prod.corp",
            user: "svc@vsphere.local",
            password_file: `${dir}/pw`,
            thumbprint: "ab".repeat(20),
          },
          lab: {
            host: "vc-lab.corp",
            port: 8443,
            user: "lab",
            password_env: "LAB_PW",
            insecure: true,
            timeout: 5,
          },
        },
      }),
    );
    const config = loadConfig({ VSPHERE_TARGETS_FILE: `${dir}/targets.json`, LAB_PW: "env-secret" });
    assert.deepEqual(Object.keys(config.targets).sort(), ["lab", "prod"]);
    assert.equal(config.defaultTarget, "lab");
    assert.equal(config.target?.host, "vc-lab.corp");
    assert.equal(config.target?.port, 8443);
    assert.equal(config.target?.password, "env-secret");
    assert.equal(config.target?.tls.mode, "insecure");
    assert.equal(config.target?.timeoutMs, 5000);
    assert.equal(config.targets.prod?.password, "file-secret");
    assert.equal(config.targets.prod?.tls.mode, "thumbprint");

    const withEnv = loadConfig({
      VSPHERE_TARGETS_FILE: `${dir}/targets.json`,
      LAB_PW: "x",
      VSPHERE_HOST: "vc-env.corp",
      VSPHERE_USER: "u",
      VSPHERE_PASSWORD: "p",
    });
    assert.equal(withEnv.defaultTarget, "default", "VSPHERE_HOST stays the default target");
    assert.deepEqual(Object.keys(withEnv.targets).sort(), ["default", "lab", "prod"]);

    const missing = configError(() => loadConfig({ VSPHERE_TARGETS_FILE: `${dir}/targets.json` }));
    assert.deepEqual([missing.key, missing.params.name, missing.inner?.params.name], [
      "config.target_invalid",
      "lab",
      "LAB_PW",
    ]);
    Deno.chmodSync(`${dir}/pw`, 0o644);
    const mode = configError(() => loadConfig({ VSPHERE_TARGETS_FILE: `${dir}/targets.json`, LAB_PW: "x" }));
    assert.equal(mode.inner?.key, "config.password_file_mode");

    Deno.writeTextFileSync(
      `${dir}/bad.json`,
      JSON.stringify({ targets: { lab: { host: "h", user: "u", password: "inline" } } }),
    );
    const bad = configError(() => loadConfig({ VSPHERE_TARGETS_FILE: `${dir}/bad.json` }));
    assert.equal(bad.key, "config.targets_invalid");
    assert.match(String(bad.params.problems), /\$\.targets\.lab: Unrecognized key: "password"/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("VSPHERE_ALLOWED_HOSTS refuses any other vCenter host", () => {
  const env = { VSPHERE_HOST: "vc-evil.example", VSPHERE_USER: "u", VSPHERE_PASSWORD: "p" };
  const refused = configError(() => loadConfig({ ...env, VSPHERE_ALLOWED_HOSTS: "vc01.corp, vc02.corp" }));
  assert.deepEqual([refused.key, refused.params.host], ["config.host_not_allowed", "vc-evil.example"]);
  assert.equal(
    loadConfig({ ...env, VSPHERE_HOST: "VC01.corp", VSPHERE_ALLOWED_HOSTS: "vc01.corp" }).target?.host,
    "vc01.corp",
  );
  assert.equal(
    configError(() => loadConfig({ ...env, ALLOWED_VCENTER_HOSTS: "vc01.corp" })).key,
    "config.host_not_allowed",
    "the second design's ALLOWED_VCENTER_HOSTS is an alias",
  );
});

Deno.test("loadTarget() reads VSPHERE_KEEPALIVE_SECONDS and VSPHERE_MAX_INFLIGHT with their defaults", () => {
  const base = { VSPHERE_HOST: "vc", VSPHERE_USER: "u", VSPHERE_PASSWORD: "p" };
  const defaults = loadTarget(base);
  assert.equal(defaults?.keepaliveMs, 600_000);
  assert.equal(defaults?.maxInFlight, 8);
  assert.equal(defaults?.timeoutMs, 60_000);
  const set = loadTarget({ ...base, VSPHERE_KEEPALIVE_SECONDS: "0", VSPHERE_MAX_INFLIGHT: "3" });
  assert.equal(set?.keepaliveMs, 0, "0 turns keepalive off");
  assert.equal(set?.maxInFlight, 3);
  assert.deepEqual(
    configError(() => loadTarget({ ...base, VSPHERE_MAX_INFLIGHT: "0" })).params.name,
    "VSPHERE_MAX_INFLIGHT",
  );
});

Deno.test("loadConfig() reads the exposure, confirmation, budget and HTTP settings with flags winning", () => {
  const config = loadConfig({
    VSPHERE_TOOLS: "vm_power, vm_list",
    VSPHERE_EXCLUDE_TOOLS: "vm_list",
    VSPHERE_ALLOW_CRITICAL: "yes",
    VSPHERE_CONFIRM_MODE: "FLAG",
    VSPHERE_OUTPUT_BUDGET_TOKENS: "8000",
    VSPHERE_MCP_ALLOWED_HOSTS: "MCP.corp.example",
  }, { excludeTools: "vm_power" });
  assert.deepEqual(config.tools, ["vm_power", "vm_list"]);
  assert.deepEqual(config.excludeTools, ["vm_power"]);
  assert.equal(config.allowCritical, true);
  assert.equal(config.confirmMode, "flag");
  assert.equal(config.outputBudgetTokens, 8000);
  assert.deepEqual(config.httpAllowedHosts, ["mcp.corp.example"]);
  const defaults = loadConfig({});
  assert.equal(defaults.confirmMode, "handle");
  assert.equal(defaults.outputBudgetTokens, 20_000);
  assert.equal(defaults.allowCritical, false);
  assert.throws(() => loadConfig({ VSPHERE_OUTPUT_BUDGET_TOKENS: "10" }), ConfigError);
  assert.throws(() => loadConfig({ VSPHERE_CONFIRM_MODE: "yolo" }), ConfigError);
});
