/**
 * Canary secrets: a full run — list, preview, confirmed change, failures, a refused bearer token and a
 * wrong vCenter password — with canary values for the password, the bearer token, the vCenter session id
 * and an MCP session id. Every log line, the audit file, every MCP response and every error text is then
 * searched for them: none may appear.
 */
import assert from "node:assert/strict";
import { clearSecrets } from "../src/log/redact.ts";
import { flushLogs, logger, setupLogging } from "../src/log/mod.ts";
import { hashToken } from "../src/policy/engine.ts";
import { governed } from "./helpers/governed.ts";
import { startVcsim } from "./helpers/vcsim.ts";

const CANARY_PASSWORD = "Canary-Pw-7f3e9a1c";
const WRONG_PASSWORD = "Canary-Wrong-Pw-51d0";
const CANARY_TOKEN = "Canary-Token-a8c2e4f6b0";
const CANARY_MCP_SESSION = "Canary-Mcp-Session-93b1";

Deno.test("No canary secret appears in any log line, audit record, MCP response or error text", async () => {
  const logLines: string[] = [];
  await setupLogging("debug", "json", { write: (line) => logLines.push(line) });
  const seen: string[] = [];
  let vcenterSession = "";
  try {
    await using sim = await startVcsim({ user: "canary-user", password: CANARY_PASSWORD });
    const policy = {
      version: 2,
      principals: {
        local: { local: true, roles: ["admin"] },
        ops: { token_sha256: hashToken(CANARY_TOKEN), roles: ["admin"] },
      },
      roles: { admin: { toolsets: ["*"], max_tier: "high" } },
    };
    {
      await using gov = await governed({}, { target: sim.target() }, policy);
      const principal = gov.app.governance.authenticate(CANARY_TOKEN)!;
      const ops = await gov.session(principal);
      const record = async (name: string, args: Record<string, unknown>) => {
        try {
          const result = await ops.call(name, args);
          seen.push(JSON.stringify(result));
          return result;
        } catch (error) {
          seen.push(String(error), JSON.stringify(error));
          return undefined;
        }
      };
      seen.push(JSON.stringify(await ops.client.listTools()));
      await record("vm_list", {});
      const preview = await record("vm_power", { vm: "DC0_H0_VM0", action: "off" });
      const handle = (preview?.structuredContent as { confirmation_handle: string }).confirmation_handle;
      await record("vm_power", {
        vm: "DC0_H0_VM0",
        action: "off",
        confirm: true,
        confirmation_handle: handle,
      });
      await record("vm_power", {
        vm: "DC0_H0_VM0",
        action: "off",
        confirm: true,
        confirmation_handle: handle,
      });
      await record("vm_power", { vm: "no-such-vm", action: "on" });
      await record("vm_power", { vm: "DC0_H0_VM0", action: "off", confirm: true });
      await record("vm_list", { cursor: `x ${CANARY_TOKEN}` });
      // The vCenter session id of this run: the canary a leaked cookie would show.
      vcenterSession = /vmware_soap_session="?([^";]+)/.exec(gov.app.vsphere().sessionCookie ?? "")?.[1] ??
        "";
      assert.ok(vcenterSession.length > 8, "logged in, so a session id exists");
      await gov.app.governance.denial({
        reason: "auth",
        transport: "http",
        sessionId: CANARY_MCP_SESSION,
        detail: `rejected Authorization: Bearer ${CANARY_TOKEN}`,
      });
      // A careless log line with whole objects must still come out clean.
      logger("test").info("Careless: {target} {cookie} {header}", {
        target: gov.app.config.target,
        cookie: gov.app.vsphere().sessionCookie,
        header: `Bearer ${CANARY_TOKEN}`,
      });
      logger("test").error(`SOAP dump <password>${CANARY_PASSWORD}</password> session ${vcenterSession}`);
      seen.push(Deno.readTextFileSync(gov.auditPath));
    }
    {
      await using wrong = await governed({}, { target: sim.target({ password: WRONG_PASSWORD }) });
      const me = await wrong.session({ id: "local", kind: "local", roles: [] });
      const failed = await me.call("vm_list", {});
      assert.equal(failed.isError, true);
      assert.match(JSON.stringify(failed), /rejected the user name or password/);
      seen.push(JSON.stringify(failed), Deno.readTextFileSync(wrong.auditPath));
      assert.match(Deno.readTextFileSync(wrong.auditPath), /"fault":"InvalidLogin"/);
    }
  } finally {
    await flushLogs();
    clearSecrets();
  }
  seen.push(...logLines);
  assert.ok(logLines.length > 5, `the run logged (${logLines.length} lines)`);
  const everything = seen.join("\n");
  for (const canary of [CANARY_PASSWORD, WRONG_PASSWORD, CANARY_TOKEN, CANARY_MCP_SESSION, vcenterSession]) {
    const leak = seen.find((s) => s.includes(canary));
    assert.ok(!leak, `found canary ${canary.slice(0, 10)}… in: ${leak?.slice(0, 300)}`);
  }
  assert.match(everything, /\[REDACTED\]/, "redaction did happen");
});
