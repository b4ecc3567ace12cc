import assert from "node:assert/strict";
import { ConfigError, loadConfig, loadTarget, normalizeThumbprint } from "./mod.ts";

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

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
  assert.deepEqual(config.allowedHosts, ["mcp.corp.example"]);
  const defaults = loadConfig({});
  assert.equal(defaults.confirmMode, "handle");
  assert.equal(defaults.outputBudgetTokens, 20_000);
  assert.equal(defaults.allowCritical, false);
  assert.throws(() => loadConfig({ VSPHERE_OUTPUT_BUDGET_TOKENS: "10" }), ConfigError);
  assert.throws(() => loadConfig({ VSPHERE_CONFIRM_MODE: "yolo" }), ConfigError);
});
