import assert from "node:assert/strict";
import { MetricsRegistry } from "./registry.ts";
import { serveMetrics } from "./server.ts";

Deno.test("MetricsRegistry.render() writes the Prometheus text format", () => {
  const registry = new MetricsRegistry();
  const calls = registry.counter("calls_total", "Calls.");
  calls.inc({ tool: "vm_list", status: "ok" });
  calls.inc({ tool: "vm_list", status: "ok" });
  calls.inc({ tool: 'we"ird\n', status: "error" });
  registry.gauge("in_flight", "In flight.", () => [[{ target: "a" }, 3]]);
  const latency = registry.histogram("latency_seconds", "Latency.", [0.1, 1]);
  latency.observe({ tool: "vm_list" }, 0.05);
  latency.observe({ tool: "vm_list" }, 0.5);
  latency.observe({ tool: "vm_list" }, 5);
  assert.equal(
    registry.render(),
    [
      "# HELP calls_total Calls.",
      "# TYPE calls_total counter",
      'calls_total{status="ok",tool="vm_list"} 2',
      'calls_total{status="error",tool="we\\"ird\\n"} 1',
      "# HELP in_flight In flight.",
      "# TYPE in_flight gauge",
      'in_flight{target="a"} 3',
      "# HELP latency_seconds Latency.",
      "# TYPE latency_seconds histogram",
      'latency_seconds_bucket{tool="vm_list",le="0.1"} 1',
      'latency_seconds_bucket{tool="vm_list",le="1"} 2',
      'latency_seconds_bucket{tool="vm_list",le="+Inf"} 3',
      'latency_seconds_sum{tool="vm_list"} 5.55',
      'latency_seconds_count{tool="vm_list"} 3',
      "",
    ].join("\n"),
  );
  assert.throws(() => registry.counter("calls_total", "again"), TypeError);
  assert.throws(() => calls.inc({}, -1), RangeError);
});

Deno.test("serveMetrics() serves GET /metrics on 127.0.0.1 only", async () => {
  const server = serveMetrics(() => "up 1\n", 0);
  try {
    const ok = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
    assert.equal(await ok.text(), "up 1\n");
    const other = await fetch(`http://127.0.0.1:${server.port}/`);
    assert.equal(other.status, 404);
    await other.body?.cancel();
    const post = await fetch(`http://127.0.0.1:${server.port}/metrics`, { method: "POST" });
    assert.equal(post.status, 405);
    await post.body?.cancel();
  } finally {
    await server.close();
  }
});
