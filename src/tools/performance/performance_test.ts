import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { checkEnvelope, recordingClient, requestsFor } from "../../../tests/helpers/wsdl_contract.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { aggregate, perfQuerySpec } from "./counters.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

type Metrics = {
  counters: { id: number; name: string; unit: string }[];
  total: number;
  next_cursor?: string;
};
type Stats = {
  entity_type: string;
  interval_s: number;
  metrics: {
    metric: string;
    instance: string;
    unit: string;
    samples: number;
    latest: number;
    avg: number;
    min: number;
    max: number;
    series?: [string, number][];
  }[];
};

async function firstOf(client: VSphereClient, type: string): Promise<{ ref: MoRef; name: string }> {
  for await (const o of retrieveView(client, { type, paths: ["name"] })) {
    return { ref: o.ref, name: String(o.props.name) };
  }
  throw new Error(`no ${type}`);
}

Deno.test("perf_metrics lists the counter catalog and an entity's available counters as vCenter has them", async () => {
  await using env = await simEnv(["performance"]);
  const { mcp, direct } = env;
  const content = await direct.serviceContent();
  const perfManager = content.perfManager as MoRef;
  const catalog = (await retrieveOne(direct, perfManager, ["perfCounter"])).perfCounter as VimObject[];
  const all = (await mcp.call("perf_metrics", { limit: 1000 })).structuredContent as Metrics;
  assert.equal(all.total, catalog.length);
  const usage = catalog.find((c) =>
    (c.groupInfo as VimObject).key === "cpu" && (c.nameInfo as VimObject).key === "usage" &&
    c.rollupType === "average"
  )!;
  const row = all.counters.find((c) => c.name === "cpu.usage.average")!;
  assert.equal(row.id, Number(usage.key));
  assert.equal(row.unit, (usage.unitInfo as VimObject).key);

  const vm = await firstOf(direct, "VirtualMachine");
  const ids = await direct.call("QueryAvailablePerfMetric", perfManager, {
    entity: vm.ref,
    intervalId: 20,
  });
  const expected = new Set([ids].flat().map((i) => Number((i as VimObject).counterId)));
  const forVm = (await mcp.call("perf_metrics", { entity: vm.name, limit: 1000 }))
    .structuredContent as Metrics;
  assert.deepEqual(new Set(forVm.counters.map((c) => c.id)), expected);

  const glob = (await mcp.call("perf_metrics", { name: "mem.*", limit: 1000 }))
    .structuredContent as Metrics;
  assert.ok(glob.total > 0 && glob.counters.every((c) => c.name.startsWith("mem.")));
});

Deno.test("perf_query summarizes real samples per metric for VMs, hosts, clusters and datastores", async () => {
  await using env = await simEnv(["performance"]);
  const { mcp, direct } = env;
  const vm = await firstOf(direct, "VirtualMachine");
  const result = await mcp.call("perf_query", { entity: vm.name, minutes: 10, series: true });
  assert.equal(result.isError, undefined, textOf(result));
  const stats = result.structuredContent as Stats;
  assert.equal(stats.interval_s, 20);
  const names = stats.metrics.map((m) => m.metric);
  assert.ok(names.includes("cpu.usage.average") && names.includes("mem.usage.average"), names.join());
  for (const m of stats.metrics) {
    assert.equal(m.samples, 31, "10 minutes of 20 s samples, as vCenter returned them");
    assert.equal(m.series!.length, m.samples);
    const again = aggregate(m.series!.map(([t, v]) => [t, v]), "");
    assert.deepEqual([again.latest, again.min, again.max], [m.latest, m.min, m.max]);
    assert.ok(Math.abs(again.avg! - m.avg) < 0.02);
  }
  const cpu = stats.metrics.find((m) => m.metric === "cpu.usage.average")!;
  assert.equal(cpu.unit, "percent");
  assert.ok(cpu.max <= 100, "percent values are scaled from hundredths");

  const host = await firstOf(direct, "HostSystem");
  const perCpu = (await mcp.call("perf_query", {
    entity: host.ref.value,
    metrics: ["cpu.usage.average"],
    instances: true,
    minutes: 5,
  })).structuredContent as Stats;
  const threads = (await retrieveOne(direct, host.ref, ["summary.hardware.numCpuThreads"]))[
    "summary.hardware.numCpuThreads"
  ];
  assert.equal(perCpu.metrics.filter((m) => m.instance !== "").length, threads, "one row per CPU thread");

  const cluster = await firstOf(direct, "ClusterComputeResource");
  const hist = (await mcp.call("perf_query", { entity: cluster.name, minutes: 60 }))
    .structuredContent as Stats;
  assert.equal(hist.interval_s, 300, "clusters default to the 5-minute historical interval");
  assert.ok(hist.metrics.length > 0);
  const ds = await firstOf(direct, "Datastore");
  const dsStats = (await mcp.call("perf_query", { entity: ds.name })).structuredContent as Stats;
  assert.equal(dsStats.entity_type, "Datastore");
  assert.ok(dsStats.metrics.some((m) => m.metric === "disk.used.latest"));

  const realtimeCluster = await mcp.call("perf_query", { entity: cluster.name, interval: "realtime" });
  assert.equal(realtimeCluster.isError, true);
  assert.match(textOf(realtimeCluster), /perf_metrics/);
});

Deno.test("performance requests conform to the vim25 WSDL", async () => {
  await using sim = await startVcsim();
  const { client, requests } = recordingClient(sim.target());
  try {
    const content = await client.serviceContent();
    const vm = await firstOf(client, "VirtualMachine");
    await client.call("QueryAvailablePerfMetric", content.perfManager as MoRef, {
      entity: vm.ref,
      intervalId: 20,
    });
    await client.call("QueryPerf", content.perfManager as MoRef, {
      querySpec: [perfQuerySpec({
        entity: vm.ref,
        startTime: new Date(Date.now() - 600_000).toISOString(),
        endTime: new Date().toISOString(),
        maxSample: 31,
        metrics: [{ counterId: 2, instance: "" }, { counterId: 24, instance: "*" }],
        intervalId: 20,
      })],
    });
    for (const method of ["QueryAvailablePerfMetric", "QueryPerf"]) {
      const [sent] = requestsFor(requests, method);
      assert.ok(sent, method);
      assert.deepEqual(await checkEnvelope(sent), [], method);
    }
    assert.ok(!requests.some((r) => r.includes("<QueryPerfCounter")), "QueryPerfCounter is never called");
  } finally {
    await client.close();
  }
});
