import assert from "node:assert/strict";
import { connect, textOf } from "../../../tests/helpers/mcp.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { waitForTask } from "../../vsphere/objects/tasks.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

type Listing = { kind: string; items: Record<string, unknown>[]; total: number; next_cursor?: string };

/** Ground truth: ids and names of every object of `type`, read directly (exact type only). */
async function truth(client: VSphereClient, type: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const o of retrieveView(client, { type, paths: ["name"] })) {
    if (o.ref.type === type || type === "DistributedVirtualSwitch") {
      out.set(o.ref.value, String(o.props.name));
    }
  }
  return out;
}

async function listAll(mcp: Awaited<ReturnType<typeof connect>>, args: Record<string, unknown>) {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const result = await mcp.call("inventory_list", { ...args, limit: 2, ...(cursor ? { cursor } : {}) });
    assert.equal(result.isError, undefined, textOf(result));
    const data = result.structuredContent as Listing;
    items.push(...data.items);
    cursor = data.next_cursor;
  } while (cursor);
  return items;
}

Deno.test("inventory_list lists every kind exactly as vCenter has it, paged", async () => {
  await using env = await simEnv(["default"], { model: { cluster: 1, host: 1, app: 1, folder: 1, pg: 2 } });
  const { mcp, direct } = env;
  // A datastore cluster holding one datastore (the default model has none).
  let dc: MoRef | undefined;
  for await (const o of retrieveView(direct, { type: "Datacenter", paths: ["name"] })) dc ??= o.ref;
  const dsFolder = (await retrieveOne(direct, dc!, ["datastoreFolder"])).datastoreFolder as MoRef;
  const pod = await direct.call("CreateStoragePod", dsFolder, { name: "pod-1" }) as MoRef;
  let ds: MoRef | undefined;
  for await (const o of retrieveView(direct, { type: "Datastore", paths: ["name"] })) ds ??= o.ref;
  await waitForTask(direct, await direct.call("MoveIntoFolder_Task", pod, { list: [ds!] }) as MoRef);
  const pods = (await mcp.call("inventory_list", { kind: "datastore_cluster" }))
    .structuredContent as Listing;
  assert.deepEqual(pods.items.map((i) => [i.moref, i.name, i.datastores]), [[pod.value, "pod-1", 1]]);

  const kinds: Record<string, string> = {
    datacenter: "Datacenter",
    cluster: "ClusterComputeResource",
    host: "HostSystem",
    datastore: "Datastore",
    network: "Network",
    dvswitch: "DistributedVirtualSwitch",
    dvportgroup: "DistributedVirtualPortgroup",
    resource_pool: "ResourcePool",
    folder: "Folder",
    vapp: "VirtualApp",
  };
  for (const [kind, type] of Object.entries(kinds)) {
    const expected = await truth(direct, type);
    assert.ok(expected.size > 0, `the simulator has ${type} objects`);
    const items = await listAll(mcp, { kind });
    assert.deepEqual(
      new Map(items.map((i) => [String(i.moref), String(i.name)])),
      expected,
      `inventory_list kind=${kind} returns exactly the ${type} objects`,
    );
  }
});

Deno.test("inventory_list reports host and datastore state and capacity from vCenter", async () => {
  await using env = await simEnv(["default"]);
  const { mcp, direct } = env;
  const hosts = (await mcp.call("inventory_list", { kind: "host", detail: true }))
    .structuredContent as Listing;
  const host = hosts.items[0]!;
  const p = await retrieveOne(direct, { type: "HostSystem", value: String(host.moref) }, [
    "runtime.connectionState",
    "runtime.inMaintenanceMode",
    "summary.hardware.numCpuCores",
    "summary.hardware.memorySize",
    "vm",
    "parent",
  ]);
  assert.equal(host.connection_state, p["runtime.connectionState"]);
  assert.equal(host.maintenance, p["runtime.inMaintenanceMode"]);
  assert.equal(host.cpu_cores, p["summary.hardware.numCpuCores"]);
  assert.equal(host.memory_gb, Math.round(Number(p["summary.hardware.memorySize"]) / 2 ** 30 * 10) / 10);
  assert.equal(host.vms, Array.isArray(p.vm) ? p.vm.length : p.vm ? 1 : 0);
  const parent = p.parent as MoRef;
  const parentName = (await retrieveOne(direct, parent, ["name"])).name;
  assert.equal(host.parent, parentName, "references are shown by name");

  const ds =
    (await mcp.call("inventory_list", { kind: "datastore", fields: ["capacity_gb", "free_gb", "hosts"] }))
      .structuredContent as Listing;
  const first = ds.items[0]!;
  assert.deepEqual(Object.keys(first).sort(), ["capacity_gb", "free_gb", "hosts", "moref", "name"]);
  const dp = await retrieveOne(direct, { type: "Datastore", value: String(first.moref) }, [
    "summary.capacity",
    "summary.freeSpace",
  ]);
  assert.equal(first.capacity_gb, Math.round(Number(dp["summary.capacity"]) / 2 ** 30 * 10) / 10);
  assert.equal(first.free_gb, Math.round(Number(dp["summary.freeSpace"]) / 2 ** 30 * 10) / 10);
});

Deno.test("inventory_list scopes by cluster and host and filters by name glob", async () => {
  await using env = await simEnv(["default"], { model: { cluster: 2, host: 1 } });
  const { mcp, direct } = env;
  const clusters = await truth(direct, "ClusterComputeResource");
  assert.equal(clusters.size, 2);
  const clusterId = [...clusters.keys()].sort().at(-1)!;
  const clusterHosts = await retrieveOne(direct, { type: "ClusterComputeResource", value: clusterId }, [
    "host",
    "name",
  ]);
  const expected = (clusterHosts.host as MoRef[]).map((h) => h.value).sort();
  const inCluster = (await mcp.call("inventory_list", { kind: "host", cluster: String(clusterHosts.name) }))
    .structuredContent as Listing;
  assert.deepEqual(inCluster.items.map((i) => i.moref).sort(), expected);

  const byGlob = (await mcp.call("inventory_list", { kind: "host", name: "dc0_c1_*" }))
    .structuredContent as Listing;
  assert.ok(byGlob.total > 0);
  assert.ok(byGlob.items.every((i) => String(i.name).startsWith("DC0_C1_")));

  const hostDs = await retrieveOne(direct, { type: "HostSystem", value: expected[0]! }, ["datastore"]);
  const dsOnHost = (await mcp.call("inventory_list", { kind: "datastore", host: expected[0] }))
    .structuredContent as Listing;
  assert.deepEqual(
    dsOnHost.items.map((i) => i.moref).sort(),
    (Array.isArray(hostDs.datastore) ? hostDs.datastore as MoRef[] : [hostDs.datastore as MoRef])
      .map((d) => d.value).sort(),
  );
});
