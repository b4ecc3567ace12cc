/** The decorators' own rules, at their boundary: version choice, what is retried, the in-flight queue. */
import assert from "node:assert/strict";
import { VSphereError } from "../errors.ts";
import { limitInFlight } from "./limiter.ts";
import { isRetryable, READ_METHODS, retryReads } from "./retry.ts";
import type { SoapRequest, SoapResponse } from "./round_trip.ts";
import { createStats } from "./stats.ts";
import { CLIENT_VIM_VERSION, pickVersion, vim25Versions } from "./version.ts";

const request = (method: string, signal?: AbortSignal): SoapRequest => ({
  method,
  thisRef: { type: "PropertyCollector", value: "propertyCollector" },
  args: {},
  ...(signal ? { signal } : {}),
});
const ok: SoapResponse = { value: null, status: 200, bytesSent: 0, bytesReceived: 0 };
const http = (status: number) =>
  new VSphereError("Connection", { faultType: `HTTP${status}`, details: { status } });

Deno.test("vim25Versions() and pickVersion() choose the newest version both sides know", () => {
  // vCenter 6.0's answer, as recorded in pyVmomi's test fixtures.
  const vc60 =
    `<?xml version="1.0" encoding="UTF-8" ?><namespaces version="1.0"><namespace><name>urn:vim25</name>` +
    `<version>6.0</version><priorVersions><version>5.5</version><version>5.1</version></priorVersions>` +
    `</namespace><namespace><name>urn:vim2</name><version>2.0</version></namespace></namespaces>`;
  assert.deepEqual(vim25Versions(vc60), ["6.0", "5.5", "5.1"]);
  assert.equal(pickVersion(vim25Versions(vc60)), "6.0");
  assert.equal(pickVersion(["8.0.3.0", "8.0.2.0"]), "8.0.3.0");
  // A server newer than this client: the newest version it still lists that the client knows.
  assert.equal(pickVersion(["9.1.0.0", "9.0.0.0", "8.0.3.0"]), "9.0.0.0");
  assert.equal(pickVersion(["9.1.0.0"]), CLIENT_VIM_VERSION);
  assert.deepEqual(vim25Versions("<html>not found</html>"), []);
});

Deno.test("isRetryable() replays reads after transient failures only, never mutating calls", () => {
  assert.ok(isRetryable("RetrievePropertiesEx", http(503)));
  assert.ok(isRetryable("CurrentTime", new VSphereError("Connection", { faultType: "ConnectionRefused" })));
  assert.ok(
    isRetryable("FindByInventoryPath", new VSphereError("Connection", { faultType: "ConnectionFailed" })),
  );
  assert.ok(!isRetryable("PowerOffVM_Task", http(503)));
  assert.ok(!isRetryable("Login", http(503)));
  assert.ok(!isRetryable("QueryVMotionCompatibilityEx_Task", http(503)), "a *_Task starts work");
  assert.ok(!isRetryable("RetrievePropertiesEx", new VSphereError("Timeout", { faultType: "Timeout" })));
  assert.ok(!isRetryable("RetrievePropertiesEx", new VSphereError("Certificate")));
  assert.ok(!isRetryable("RetrievePropertiesEx", new VSphereError("NotAuthenticated")));
  // A cursor may have advanced if the connection broke mid-answer: replay only what surely did not run.
  assert.ok(isRetryable("ContinueRetrievePropertiesEx", http(503)));
  assert.ok(
    !isRetryable(
      "ContinueRetrievePropertiesEx",
      new VSphereError("Connection", { faultType: "ConnectionFailed" }),
    ),
  );
  for (const method of READ_METHODS) assert.ok(!method.endsWith("_Task"), method);
});

Deno.test("retryReads() backs off exponentially with jitter and gives up after maxRetries", async () => {
  const stats = createStats();
  const delays: number[] = [];
  let attempts = 0;
  const send = retryReads({ maxRetries: 3, baseDelayMs: 10, maxDelayMs: 25, random: () => 1 }, stats)(() => {
    attempts++;
    const started = performance.now();
    delays.push(started);
    return Promise.reject(http(503));
  });
  await assert.rejects(send(request("RetrievePropertiesEx")), (e) => e instanceof VSphereError);
  assert.equal(attempts, 4);
  assert.equal(stats.retries, 3);
  const gaps = delays.slice(1).map((t, i) => t - delays[i]!);
  assert.ok(gaps[0]! >= 9 && gaps[1]! >= 19 && gaps[2]! >= 24, `gaps ${gaps.map(Math.round)}`);
});

Deno.test("retryReads() stops backing off when the caller aborts", async () => {
  const controller = new AbortController();
  const send = retryReads({ maxRetries: 5, baseDelayMs: 10_000, maxDelayMs: 10_000 }, createStats())(() =>
    Promise.reject(http(503))
  );
  setTimeout(() => controller.abort(new Error("stop")), 20);
  const started = Date.now();
  await assert.rejects(send(request("CurrentTime", controller.signal)), /stop/);
  assert.ok(Date.now() - started < 1_000);
});

Deno.test("limitInFlight() queues beyond the cap in arrival order and drops callers that give up", async () => {
  const stats = createStats();
  const order: string[] = [];
  const gates: (() => void)[] = [];
  const send = limitInFlight(2, stats)((r) => {
    order.push(r.method);
    return new Promise((resolve) => gates.push(() => resolve(ok)));
  });
  const controller = new AbortController();
  const calls = [
    send(request("a")),
    send(request("b")),
    send(request("c", controller.signal)),
    send(request("d")),
  ];
  await Promise.resolve();
  assert.deepEqual(order, ["a", "b"]);
  assert.equal(stats.queued, 2);
  controller.abort(new Error("gone"));
  await assert.rejects(calls[2]!, /gone/);
  gates.shift()!();
  await calls[0];
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(order, ["a", "b", "d"], "c left the queue");
  gates.forEach((g) => g());
  await new Promise((r) => setTimeout(r, 0));
  gates.forEach((g) => g());
  await Promise.all([calls[1], calls[3]]);
  assert.equal(stats.peakInFlight, 2);
  assert.equal(stats.inFlight, 0);
  assert.equal(stats.queued, 0);
});

Deno.test("retryReads() honours a short Retry-After and gives up on a long one", async () => {
  const stats = createStats();
  let attempts = 0;
  const busy = (ms: number) =>
    new VSphereError("Connection", { faultType: "HTTP503", details: { status: 503, retryAfterMs: ms } });
  const policy = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 1_000 };
  const started = performance.now();
  const short = retryReads(policy, stats)(() =>
    attempts++ === 0 ? Promise.reject(busy(150)) : Promise.resolve(ok)
  );
  await short(request("CurrentTime"));
  assert.ok(performance.now() - started >= 140, "waited as asked");
  attempts = 0;
  const long = retryReads(policy, stats)(() => {
    attempts++;
    return Promise.reject(busy(60_000));
  });
  await assert.rejects(long(request("CurrentTime")), (e) => e instanceof VSphereError);
  assert.equal(attempts, 1, "a minute-long Retry-After is not waited out");
});
