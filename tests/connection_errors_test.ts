import assert from "node:assert/strict";
import { connect, textOf } from "./helpers/mcp.ts";
import { startVcsim } from "./helpers/vcsim.ts";

Deno.test("a wrong password gives a typed InvalidLogin error and is not retried", async () => {
  await using sim = await startVcsim({ user: "admin", password: "right-password" });
  await using mcp = await connect({ target: sim.target({ password: "wrong-password" }) });
  for (let i = 0; i < 2; i++) {
    const result = await mcp.call("vm_list", {});
    assert.equal(result.isError, true);
    assert.match(textOf(result), /rejected the user name or password/);
    assert.match(textOf(result), /InvalidLogin/);
    assert.doesNotMatch(textOf(result), /wrong-password/);
  }
  assert.equal(mcp.app.vsphere().stats.logins, 1, "the bad credential is tried once only");
});

Deno.test("the right fixed password logs in", async () => {
  await using sim = await startVcsim({ user: "admin", password: "right-password" });
  await using mcp = await connect({ target: sim.target() });
  const result = await mcp.call("vm_list", {});
  assert.equal(result.isError, undefined, textOf(result));
});

Deno.test("a closed port gives a typed connection-refused error", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  await using sim = await startVcsim();
  await using mcp = await connect({ target: sim.target({ port }) });
  const result = await mcp.call("vm_list", {});
  assert.equal(result.isError, true);
  assert.match(textOf(result), /Cannot connect to vCenter/);
  assert.match(textOf(result), /ConnectionRefused/);
});

Deno.test("an untrusted certificate gives a typed certificate error naming the fix", async () => {
  await using sim = await startVcsim();
  await using mcp = await connect({ target: sim.target({ tls: { mode: "verify" } }) });
  const result = await mcp.call("vm_list", {});
  assert.equal(result.isError, true);
  assert.match(textOf(result), /certificate is not trusted/);
  assert.match(textOf(result), /VSPHERE_CA_FILE/);
});

Deno.test("a pinned thumbprint (SHA-1 or SHA-256) is accepted and a wrong one refused", async () => {
  await using sim = await startVcsim();
  for (const thumbprint of [sim.sha1, sim.sha256]) {
    await using ok = await connect({ target: sim.target({ tls: { mode: "thumbprint", thumbprint } }) });
    const result = await ok.call("vm_list", {});
    assert.equal(result.isError, undefined, textOf(result));
  }
  const wrong = sim.sha256.replace(/^../, sim.sha256.startsWith("00") ? "11" : "00");
  await using bad = await connect({ target: sim.target({ tls: { mode: "thumbprint", thumbprint: wrong } }) });
  const result = await bad.call("vm_list", {});
  assert.equal(result.isError, true);
  assert.match(textOf(result), /ThumbprintMismatch/);
});

Deno.test("VSPHERE_IGNORE_SSL reaches a server whose CA is not trusted", async () => {
  await using sim = await startVcsim();
  await using mcp = await connect({ target: sim.target({ tls: { mode: "insecure" } }) });
  const result = await mcp.call("vm_list", {});
  assert.equal(result.isError, undefined, textOf(result));
});
