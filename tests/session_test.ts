/**
 * The vSphere client's session and transport behaviour against the simulator: lazy login, re-login after
 * every kind of expiry the simulator produces (single-flight), retries by class, the in-flight cap,
 * version negotiation and headers, keepalive, logout, tracing without secrets, and a server that dies.
 */
import assert from "node:assert/strict";
import { configure, type LogRecord, reset } from "@logtape/logtape";
import { VSphereClient } from "../src/vsphere/client.ts";
import { VSphereError } from "../src/vsphere/errors.ts";
import { retrieveView } from "../src/vsphere/objects/property_collector.ts";
import { retrieveOne } from "../src/vsphere/objects/retrieve.ts";
import { resolveEntity } from "../src/vsphere/objects/resolve.ts";
import type { SoapDecorator } from "../src/vsphere/soap/round_trip.ts";
import { callCount } from "../src/vsphere/soap/stats.ts";
import type { TraceRecord } from "../src/vsphere/soap/trace.ts";
import type { MoRef, VimObject } from "../src/vsphere/soap/types.ts";
import { createRoundTripper } from "../src/vsphere/transport.ts";
import { startVcsim, type Vcsim } from "./helpers/vcsim.ts";

const FAST_RETRY = { maxRetries: 3, baseDelayMs: 20, maxDelayMs: 100 };

/** The client under test and a second session ("admin") that can see and end the first one's session. */
function twoSessions(sim: Vcsim) {
  const client = new VSphereClient(sim.target());
  const admin = new VSphereClient(sim.target());
  return {
    client,
    admin,
    async [Symbol.asyncDispose]() {
      await client.close();
      await admin.close();
    },
  };
}

async function sessionKey(client: VSphereClient): Promise<string> {
  const content = await client.serviceContent();
  const props = await retrieveOne(client, content.sessionManager, ["currentSession"]);
  return String((props.currentSession as VimObject).key);
}

async function sessionKeys(client: VSphereClient): Promise<string[]> {
  const content = await client.serviceContent();
  const props = await retrieveOne(client, content.sessionManager, ["sessionList"]);
  const list = props.sessionList;
  return (Array.isArray(list) ? list : list ? [list] : []).map((s) => String((s as VimObject).key));
}

async function terminate(admin: VSphereClient, key: string): Promise<void> {
  const content = await admin.serviceContent();
  await admin.call("TerminateSession", content.sessionManager, { sessionId: [key] });
}

async function firstVm(client: VSphereClient): Promise<MoRef> {
  for await (const vm of retrieveView(client, { type: "VirtualMachine", paths: ["name"] })) return vm.ref;
  throw new Error("no VM in the simulator");
}

async function statusOnce(sim: Vcsim, code: number): Promise<void> {
  const client = Deno.createHttpClient({ caCerts: [sim.caPem] });
  try {
    const res = await fetch(new URL(`/vcsim/status-sdk?code=${code}`, sim.url), { client });
    await res.body?.cancel();
    assert.equal(res.status, 204);
  } finally {
    client.close();
  }
}

Deno.test("VSphereClient logs in lazily, once, on the first call", async () => {
  await using sim = await startVcsim();
  const client = new VSphereClient(sim.target());
  try {
    assert.equal(client.stats.logins, 0);
    assert.equal(client.loggedIn, false);
    await Promise.all([firstVm(client), firstVm(client), client.call("CurrentTime", SI)]);
    assert.equal(client.stats.logins, 1);
    assert.equal(client.loggedIn, true);
  } finally {
    await client.close();
  }
});

const SI: MoRef = { type: "ServiceInstance", value: "ServiceInstance" };

Deno.test("a session terminated from a second session is renewed with exactly one Login (missingSet signal)", async () => {
  await using sim = await startVcsim();
  await using clients = twoSessions(sim);
  const { client, admin } = clients;
  const vm = await firstVm(client);
  await terminate(admin, await sessionKey(client));
  // RetrieveProperties on a dead session: HTTP 200 with NotAuthenticated inside missingSet.
  const props = await retrieveOne(client, vm, ["name", "runtime.powerState"]);
  assert.equal(props["runtime.powerState"], "poweredOn");
  assert.equal(client.stats.logins, 2);
  assert.equal(client.stats.relogins, 1);
});

Deno.test("a NotAuthenticated fault re-logs in once and replays the call once", async () => {
  await using sim = await startVcsim();
  await using clients = twoSessions(sim);
  const { client, admin } = clients;
  await client.call("CurrentTime", SI);
  await terminate(admin, await sessionKey(client));
  const now = await client.call("CurrentTime", SI);
  assert.match(String(now), /^\d{4}-\d\d-\d\dT/);
  assert.equal(client.stats.logins, 2);
  assert.deepEqual(client.stats.byMethod.CurrentTime, { ok: 2, NotAuthenticated: 1 });
});

Deno.test("a container view that died with its session is created again in the new session", async () => {
  await using sim = await startVcsim();
  const admin = new VSphereClient(sim.target());
  const victim: { client?: VSphereClient } = {};
  let armed = true;
  // Kill the session right after the view was created, before it is read: the worst moment.
  const killAfterView: SoapDecorator = (next) => async (request) => {
    const response = await next(request);
    if (request.method === "CreateContainerView" && armed && victim.client) {
      armed = false;
      await terminate(admin, await sessionKey(victim.client));
    }
    return response;
  };
  const client = new VSphereClient(sim.target(), { decorators: [killAfterView] });
  victim.client = client;
  try {
    await client.ensureSession();
    const names: string[] = [];
    for await (const vm of retrieveView(client, { type: "VirtualMachine", paths: ["name"] })) {
      names.push(String(vm.props.name));
    }
    assert.equal(names.length, sim.vms);
    assert.equal(armed, false, "the session was killed mid-listing");
    assert.equal(client.stats.logins, 2);
    assert.equal(callCount(client.stats, "CreateContainerView"), 2);
  } finally {
    await client.close();
    await admin.close();
  }
});

Deno.test("50 parallel calls after expiry cause exactly one Login and at most 8 requests in flight", async () => {
  await using sim = await startVcsim();
  await using clients = twoSessions(sim);
  const { client, admin } = clients;
  const vm = await firstVm(client);
  await terminate(admin, await sessionKey(client));
  const results = await Promise.all(
    Array.from({ length: 50 }, () => retrieveOne(client, vm, ["runtime.powerState"])),
  );
  assert.ok(results.every((p) => p["runtime.powerState"] === "poweredOn"));
  assert.equal(client.stats.logins, 2, "one initial Login and one re-login");
  assert.ok(client.stats.peakInFlight <= 8, `peak in flight ${client.stats.peakInFlight}`);
  assert.ok(client.stats.peakInFlight >= 2, "calls did run concurrently");
  assert.equal(client.stats.inFlight, 0);
});

Deno.test("VSPHERE_MAX_INFLIGHT caps concurrent requests", async () => {
  await using sim = await startVcsim();
  const client = new VSphereClient(sim.target({ maxInFlight: 2 }));
  try {
    const vm = await firstVm(client);
    await Promise.all(Array.from({ length: 20 }, () => retrieveOne(client, vm, ["name"])));
    assert.equal(client.stats.peakInFlight, 2);
  } finally {
    await client.close();
  }
});

Deno.test("a wrong password is tried once: typed InvalidLogin, the credential is not used again", async () => {
  await using sim = await startVcsim({ user: "admin", password: "right-password" });
  const traces: TraceRecord[] = [];
  const client = new VSphereClient(sim.target({ password: "wrong-password" }), {
    trace: (r) => traces.push(r),
  });
  try {
    const parallel = await Promise.allSettled(
      Array.from({ length: 10 }, () => client.call("CurrentTime", SI)),
    );
    assert.ok(
      parallel.every((r) => r.status === "rejected" && (r.reason as VSphereError).kind === "InvalidLogin"),
    );
    for (let i = 0; i < 3; i++) {
      await assert.rejects(client.call("CurrentTime", SI), (error: unknown) => {
        assert.ok(error instanceof VSphereError);
        assert.equal(error.kind, "InvalidLogin");
        assert.doesNotMatch(error.message, /wrong-password/);
        return true;
      });
    }
    assert.equal(client.stats.logins, 1);
    assert.equal(traces.filter((t) => t.method === "Login").length, 1, "one Login on the wire");
  } finally {
    await client.close();
  }
});

Deno.test("HTTP 503 once: a read is retried and succeeds", async () => {
  await using sim = await startVcsim();
  const client = new VSphereClient(sim.target(), { retry: FAST_RETRY });
  try {
    const vm = await firstVm(client);
    await statusOnce(sim, 503);
    const props = await retrieveOne(client, vm, ["name"]);
    assert.ok(props.name);
    assert.equal(client.stats.retries, 1);
    assert.equal(client.stats.byMethod.RetrievePropertiesEx?.HTTP503, 1);
  } finally {
    await client.close();
  }
});

Deno.test("HTTP 503 once: a mutating call is not replayed", async () => {
  await using sim = await startVcsim();
  const client = new VSphereClient(sim.target(), { retry: FAST_RETRY });
  try {
    const vm = await firstVm(client);
    await statusOnce(sim, 503);
    await assert.rejects(client.call("PowerOffVM_Task", vm), (error: unknown) => {
      assert.ok(error instanceof VSphereError);
      assert.equal(error.kind, "Connection");
      assert.equal(error.faultType, "HTTP503");
      return true;
    });
    assert.deepEqual(client.stats.byMethod.PowerOffVM_Task, { HTTP503: 1 });
    assert.equal(client.stats.retries, 0);
    assert.equal((await retrieveOne(client, vm, ["runtime.powerState"]))["runtime.powerState"], "poweredOn");
  } finally {
    await client.close();
  }
});

Deno.test("a simulator killed mid-call gives a typed connection error in time; restarted, the next call works", async () => {
  const port = freePort();
  const model = { listen: `127.0.0.1:${port}`, "method-delay": '{"CurrentTime":3000}' };
  // Killed hard, the simulator cannot remove its datastore folders: give it one this test removes.
  const tmpdir = await Deno.makeTempDir(existsDir("/dev/shm") ? { dir: "/dev/shm" } : {});
  let sim = await startVcsim({ model, tmpdir });
  const client = new VSphereClient(sim.target({ timeoutMs: 8_000 }), { retry: FAST_RETRY });
  try {
    await client.ensureSession();
    const started = Date.now();
    const pending = client.call("CurrentTime", SI);
    await new Promise((r) => setTimeout(r, 300));
    Deno.kill(sim.pid, "SIGKILL");
    await assert.rejects(pending, (error: unknown) => {
      assert.ok(error instanceof VSphereError, String(error));
      assert.equal(error.kind, "Connection");
      return true;
    });
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 8_000, `failed after ${elapsed} ms, within the 8 s timeout`);
    await assert.rejects(firstVm(client), (error: unknown) => {
      assert.ok(error instanceof VSphereError);
      assert.equal(error.faultType, "ConnectionRefused");
      return true;
    });
    await sim.stop();

    sim = await startVcsim({ model: { listen: `127.0.0.1:${port}` } });
    const vm = await firstVm(client);
    assert.match(vm.value, /^vm-/);
    assert.equal(client.stats.logins, 2, "the new server needed a new session");
  } finally {
    await client.close();
    await sim.stop();
    await Deno.remove(tmpdir, { recursive: true });
  }
});

Deno.test("version is negotiated from vimServiceVersions.xml and every call names it and the product", async () => {
  await using sim = await startVcsim();
  const seen: { url: string; action: string | null; agent: string | null; body: string }[] = [];
  const http = createRoundTripper(sim.target().tls);
  const recording = Object.assign(async (request: Request) => {
    seen.push({
      url: new URL(request.url).pathname,
      action: request.headers.get("soapaction"),
      agent: request.headers.get("user-agent"),
      body: request.method === "POST" ? await request.clone().text() : "",
    });
    return await http(request);
  }, { close: () => http.close?.() });
  const client = new VSphereClient(sim.target(), { roundTrip: recording });
  try {
    await client.call("CurrentTime", SI, {}, { operationId: "evt-123" });
    assert.equal(seen[0]?.url, "/sdk/vimServiceVersions.xml");
    assert.equal(client.apiVersion, "6.5");
    const soap = seen.filter((s) => s.url === "/sdk");
    assert.deepEqual(soap.map((s) => /<(\w+) xmlns="urn:vim25"[ >]/.exec(s.body)?.[1]), [
      "RetrieveServiceContent",
      "Login",
      "CurrentTime",
    ]);
    assert.ok(soap.every((s) => s.action === "urn:vim25/6.5"));
    assert.ok(soap.every((s) => /^vsphere-mcp\/\d/.test(s.agent ?? "")));
    assert.match(soap[2]!.body, /<operationID>evt-123<\/operationID>/);
    assert.ok(soap.every((s) => /<soapenv:Header><operationID>[\w.:-]+<\/operationID>/.test(s.body)));
  } finally {
    await client.close();
  }
});

Deno.test("keepalive holds an idle session open past the server's idle timeout", async () => {
  await using sim = await startVcsim({ model: { "idle-timeout": "1s" } });
  const kept = new VSphereClient(sim.target({ keepaliveMs: 300 }));
  const idle = new VSphereClient(sim.target({ keepaliveMs: 0 }));
  try {
    await kept.call("CurrentTime", SI);
    await idle.call("CurrentTime", SI);
    await new Promise((r) => setTimeout(r, 2_500));
    await kept.call("CurrentTime", SI);
    await idle.call("CurrentTime", SI);
    assert.equal(kept.stats.logins, 1, "keepalive kept the session");
    assert.ok((kept.stats.byMethod.CurrentTime?.ok ?? 0) >= 4, "keepalive calls were made");
    assert.equal(idle.stats.logins, 2, "without keepalive the session expired and was renewed");
  } finally {
    await kept.close();
    await idle.close();
  }
});

Deno.test("close() logs the session out", async () => {
  await using sim = await startVcsim();
  const client = new VSphereClient(sim.target());
  const admin = new VSphereClient(sim.target());
  try {
    await client.call("CurrentTime", SI);
    const key = await sessionKey(client);
    assert.ok((await sessionKeys(admin)).includes(key));
    await client.close();
    assert.ok(!(await sessionKeys(admin)).includes(key), "the session is gone on the server");
    assert.equal(client.stats.byMethod.Logout?.ok, 1);
  } finally {
    await admin.close();
  }
});

Deno.test("tracing records each exchange without credentials or cookies", async () => {
  await using sim = await startVcsim({ user: "admin", password: "s3cret-Pa55" });
  const traces: TraceRecord[] = [];
  const client = new VSphereClient(sim.target(), { trace: (r) => traces.push(r) });
  try {
    const vm = await firstVm(client);
    await retrieveOne(client, vm, ["name"], { operationId: "evt-9" });
    const key = await sessionKey(client);
    const text = JSON.stringify(traces);
    assert.ok(traces.some((t) => t.method === "Login" && t.outcome === "ok"));
    assert.ok(traces.some((t) => t.operationId === "evt-9" && t.bytesReceived! > 0));
    assert.ok(traces.every((t) => typeof t.ms === "number" && t.target.includes(":")));
    assert.doesNotMatch(text, /s3cret-Pa55/);
    assert.ok(!text.includes(key), "no session cookie value in the trace");
    assert.doesNotMatch(text, /vmware_soap_session/);
  } finally {
    await client.close();
  }
});

function existsDir(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test("the default trace goes to the debug log, without credentials or cookies", async () => {
  await using sim = await startVcsim({ user: "admin", password: "s3cret-Pa55" });
  const records: LogRecord[] = [];
  await configure({
    reset: true,
    sinks: { memory: (record) => records.push(record) },
    loggers: [
      { category: ["vsphere-mcp"], lowestLevel: "debug", sinks: ["memory"] },
      { category: ["logtape", "meta"], lowestLevel: "error", sinks: [] },
    ],
  });
  const client = new VSphereClient(sim.target());
  try {
    const vm = await firstVm(client);
    await retrieveOne(client, vm, ["name"]);
    const key = await sessionKey(client);
    const soap = records.filter((r) => r.level === "debug" && String(r.rawMessage).startsWith("SOAP"));
    assert.ok(soap.some((r) => r.properties.method === "Login"));
    assert.ok(soap.some((r) => r.properties.method === "RetrievePropertiesEx"));
    const text = JSON.stringify(records.map((r) => ({ m: r.message, p: r.properties })));
    assert.doesNotMatch(text, /s3cret-Pa55/);
    assert.ok(!text.includes(key));
  } finally {
    await client.close();
    await reset();
  }
});

Deno.test("a standalone ESXi host: same session handling, ESXi ids resolve", async () => {
  await using sim = await startVcsim({ model: { esx: true } });
  await using clients = twoSessions(sim);
  const { client, admin } = clients;
  const content = await client.serviceContent();
  assert.equal((content.about as VimObject).apiType, "HostAgent");
  const vm = await firstVm(client);
  const host = await resolveEntity(client, "HostSystem", "ha-host");
  assert.equal(host.ref.value, "ha-host");
  await terminate(admin, await sessionKey(client));
  assert.equal((await retrieveOne(client, vm, ["runtime.powerState"]))["runtime.powerState"], "poweredOn");
  assert.equal(client.stats.logins, 2);
});
