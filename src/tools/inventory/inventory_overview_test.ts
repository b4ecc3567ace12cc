import assert from "node:assert/strict";
import { connect, textOf } from "../../../tests/helpers/mcp.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { waitForTask } from "../../vsphere/objects/tasks.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

type Overview = {
  counts: Record<string, number>;
  clusters: { name: string; hosts: number }[];
  datastores: { name: string; used_pct: number }[];
  hosts_attention: { moref: string; maintenance: boolean }[];
  powered_off_vms: string[];
  vcenter: { product: string };
};

async function count(client: VSphereClient, type: string) {
  let n = 0;
  for await (const o of retrieveView(client, { type, paths: ["name"] })) if (o.ref.type === type) n++;
  return n;
}

Deno.test("inventory_overview counts the inventory and reports what needs attention", async () => {
  await using env = await simEnv(["default"], { model: { cluster: 2 } });
  const { mcp, direct } = env;
  // Change real state: one VM off, one host in maintenance mode.
  const vms: { ref: MoRef; name: string }[] = [];
  for await (const o of retrieveView(direct, { type: "VirtualMachine", paths: ["name"] })) {
    vms.push({ ref: o.ref, name: String(o.props.name) });
  }
  const off = vms[0]!;
  await waitForTask(direct, await direct.call("PowerOffVM_Task", off.ref) as MoRef);
  let host: MoRef | undefined;
  for await (const o of retrieveView(direct, { type: "HostSystem", paths: ["name"] })) host ??= o.ref;
  await waitForTask(
    direct,
    await direct.call("EnterMaintenanceMode_Task", host!, { timeout: 0 }) as MoRef,
  );

  const result = await mcp.call("inventory_overview", {});
  assert.equal(result.isError, undefined, textOf(result));
  const o = result.structuredContent as Overview;
  assert.equal(o.counts.vms, vms.length);
  assert.equal(o.counts.vms_powered_off, 1);
  assert.equal(o.counts.vms_powered_on, vms.length - 1);
  assert.deepEqual(o.powered_off_vms, [off.name]);
  assert.equal(o.counts.hosts, await count(direct, "HostSystem"));
  assert.equal(o.counts.clusters, 2);
  assert.equal(o.counts.datastores, await count(direct, "Datastore"));
  assert.equal(o.counts.networks, await count(direct, "Network"));
  assert.equal(o.clusters.length, 2);
  assert.deepEqual(o.hosts_attention.map((h) => [h.moref, h.maintenance]), [[host!.value, true]]);
  assert.match(o.vcenter.product, /VMware vCenter Server/);
});

Deno.test("inventory_overview scoped to one datacenter counts only its objects", async () => {
  await using env = await simEnv(["default"], { model: { dc: 2 } });
  const { mcp, direct } = env;
  let dc: MoRef | undefined;
  for await (const o of retrieveView(direct, { type: "Datacenter", paths: ["name"] })) {
    if (o.props.name === "DC1") dc = o.ref;
  }
  let vmsInDc = 0;
  for await (const _ of retrieveView(direct, { type: "VirtualMachine", paths: ["name"], container: dc! })) {
    vmsInDc++;
  }
  const all = (await mcp.call("inventory_overview", {})).structuredContent as Overview;
  const one = (await mcp.call("inventory_overview", { datacenter: "DC1" })).structuredContent as Overview;
  assert.equal(all.counts.datacenters, 2);
  assert.equal(one.counts.datacenters, 1);
  assert.equal(one.counts.vms, vmsInDc);
  assert.ok(one.counts.vms! < all.counts.vms!);
});

Deno.test("inventory tools answer in Japanese when the server language is ja", async () => {
  await using sim = await startVcsim();
  await using mcp = await connect({ target: sim.target() }, { lang: "ja" });
  const { tools } = await mcp.client.listTools();
  assert.equal(tools.find((t) => t.name === "inventory_overview")?.title, "環境の概要");
  const result = await mcp.call("inventory_find", { by: "datastore_path", value: "[LocalDS_0] a/a.vmx" });
  assert.equal(result.isError, true);
  assert.match(textOf(result), /datacenter パラメーターが必要です/);
});
