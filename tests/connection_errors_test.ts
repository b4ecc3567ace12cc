import assert from "node:assert/strict";
import { connect, textOf } from "./helpers/mcp.ts";
import { startVcsim } from "./helpers/vcsim.ts";
import { VSphereClient } from "../src/vsphere/client.ts";
import { VSphereError } from "../src/vsphere/errors.ts";
import { createRoundTripper } from "../src/vsphere/transport.ts";

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

Deno.test("a server that never answers gives a typed Timeout within VSPHERE_TIMEOUT", async () => {
  await using sim = await startVcsim();
  // Accepts TCP connections and then says nothing, like a hung vCenter or a black-holing firewall.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of listener) held.push(conn);
  })();
  const port = (listener.addr as Deno.NetAddr).port;
  try {
    for (const tls of [sim.target().tls, { mode: "insecure" as const }]) {
      const client = new VSphereClient(sim.target({ port, timeoutMs: 700, tls }));
      const started = Date.now();
      await assert.rejects(
        client.call("CurrentTime", { type: "ServiceInstance", value: "ServiceInstance" }),
        (e) => {
          assert.ok(e instanceof VSphereError, String(e));
          assert.equal(e.kind, "Timeout", `${tls.mode}: ${e.message}`);
          return true;
        },
      );
      assert.ok(Date.now() - started < 3_000, `${tls.mode}: gave up after ${Date.now() - started} ms`);
      await client.close();
    }
  } finally {
    listener.close();
    held.forEach((c) => c.close());
    await accepting.catch(() => {});
  }
});

Deno.test("a host name that does not resolve gives a typed HostUnreachable error", async () => {
  await using sim = await startVcsim();
  for (const tls of [sim.target().tls, { mode: "insecure" as const }]) {
    const client = new VSphereClient(sim.target({ host: "vcenter.does-not-exist.invalid", tls }));
    await assert.rejects(
      client.call("CurrentTime", { type: "ServiceInstance", value: "ServiceInstance" }),
      (e) => {
        assert.ok(e instanceof VSphereError, String(e));
        assert.equal(e.kind, "Connection");
        assert.equal(e.faultType, "HostUnreachable", `${tls.mode}: ${e.message}`);
        return true;
      },
    );
    await client.close();
  }
});

Deno.test("a wrong pin is refused before any request is written to the connection", async () => {
  await using sim = await startVcsim();
  const wrong = sim.sha256.replace(/^../, sim.sha256.startsWith("00") ? "11" : "00");
  const client = new VSphereClient(sim.target({ tls: { mode: "thumbprint", thumbprint: wrong } }));
  const observer = new VSphereClient(sim.target());
  try {
    await assert.rejects(
      client.ensureSession(),
      (e) => e instanceof VSphereError && e.kind === "Certificate",
    );
    assert.equal(client.stats.logins, 0, "no Login (no password) was sent");
    assert.equal(client.stats.requests, 1, "only the version probe was attempted");
    await observer.ensureSession();
  } finally {
    await client.close();
    await observer.close();
  }
});

Deno.test("main.ts warns at start when certificate checks are off", async () => {
  await using sim = await startVcsim();
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net",
      "--allow-env",
      "--allow-read",
      new URL("../main.ts", import.meta.url).pathname,
    ],
    env: sim.env({ VSPHERE_IGNORE_SSL: "true" }),
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0);
  const stderr = new TextDecoder().decode(out.stderr);
  assert.match(stderr, /WRN/);
  assert.match(stderr, new RegExp(`${sim.host}`));
  assert.match(stderr, /certificate/i);
});

Deno.test("a server without vimServiceVersions.xml: the version comes from ServiceContent", async () => {
  await using sim = await startVcsim();
  const http = createRoundTripper(sim.target().tls);
  const actions: string[] = [];
  // The document is missing, as on some older or locked-down endpoints; everything else is the simulator's.
  const withoutVersions = Object.assign(async (request: Request) => {
    if (new URL(request.url).pathname === "/sdk/vimServiceVersions.xml") {
      return new Response("", { status: 404 });
    }
    actions.push(request.headers.get("soapaction") ?? "");
    return await http(request);
  }, { close: () => http.close?.() });
  const client = new VSphereClient(sim.target(), { roundTrip: withoutVersions });
  try {
    await client.call("CurrentTime", { type: "ServiceInstance", value: "ServiceInstance" });
    assert.equal(client.apiVersion, "6.5");
    assert.equal(actions[0], "urn:vim25/9.0.0.0", "asked with the client's own version first");
    assert.equal(actions.at(-1), "urn:vim25/6.5");
  } finally {
    await client.close();
  }
});
