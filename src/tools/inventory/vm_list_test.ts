import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { waitForTask } from "../../vsphere/objects/tasks.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

type Vms = { vms: Record<string, unknown>[]; total: number; next_cursor?: string };

Deno.test("vm_list scopes by host, cluster, folder and resource pool as vCenter places the VMs", async () => {
  await using env = await simEnv(["default"], { model: { cluster: 2 } });
  const { mcp, direct } = env;
  const vms = new Map<string, { host: string; pool: string; folder: string }>();
  for await (
    const o of retrieveView(direct, {
      type: "VirtualMachine",
      paths: ["runtime.host", "resourcePool", "parent"],
    })
  ) {
    vms.set(o.ref.value, {
      host: (o.props["runtime.host"] as MoRef).value,
      pool: (o.props.resourcePool as MoRef).value,
      folder: (o.props.parent as MoRef).value,
    });
  }
  const list = async (args: Record<string, unknown>) => {
    const result = await mcp.call("vm_list", { limit: 1000, ...args });
    assert.equal(result.isError, undefined, textOf(result));
    return (result.structuredContent as Vms).vms.map((v) => String(v.moref)).sort();
  };
  const ids = (pred: (v: { host: string; pool: string; folder: string }) => boolean) =>
    [...vms].filter(([, v]) => pred(v)).map(([id]) => id).sort();

  const someHost = [...vms.values()][0]!.host;
  assert.deepEqual(await list({ host: someHost }), ids((v) => v.host === someHost));

  let cluster: MoRef | undefined;
  for await (const o of retrieveView(direct, { type: "ClusterComputeResource", paths: ["name"] })) {
    if (o.props.name === "DC0_C1") cluster = o.ref;
  }
  const clusterHosts = (await retrieveOne(direct, cluster!, ["host"])).host as MoRef[];
  const inCluster = await list({ cluster: "DC0_C1" });
  assert.ok(inCluster.length > 0);
  assert.deepEqual(inCluster, ids((v) => clusterHosts.some((h) => h.value === v.host)));

  const somePool = [...vms.values()].find((v) => v.pool)!.pool;
  assert.deepEqual(await list({ resource_pool: somePool }), ids((v) => v.pool === somePool));
  const someFolder = [...vms.values()][0]!.folder;
  assert.deepEqual(await list({ folder: someFolder }), ids((v) => v.folder === someFolder));
  assert.deepEqual(
    await list({ host: someHost, cluster: "DC0_C1" }),
    ids((v) => v.host === someHost && clusterHosts.some((h) => h.value === v.host)),
    "several scopes intersect",
  );
});

Deno.test("vm_list lists templates on request and adds the selected fields", async () => {
  await using env = await simEnv(["default"]);
  const { mcp, direct } = env;
  let vm: MoRef | undefined;
  for await (const o of retrieveView(direct, { type: "VirtualMachine", paths: ["name"] })) {
    if (o.props.name === "DC0_H0_VM1") vm = o.ref;
  }
  await waitForTask(direct, await direct.call("PowerOffVM_Task", vm!) as MoRef);
  await direct.call("MarkAsTemplate", vm!);
  assert.equal((await retrieveOne(direct, vm!, ["config.template"]))["config.template"], true);

  const plain = (await mcp.call("vm_list", {})).structuredContent as Vms;
  assert.ok(!plain.vms.some((v) => v.moref === vm!.value), "templates are left out by default");
  const only = (await mcp.call("vm_list", { templates: "only" })).structuredContent as Vms;
  assert.deepEqual(only.vms.map((v) => v.moref), [vm!.value]);
  const all = (await mcp.call("vm_list", { templates: "include" })).structuredContent as Vms;
  assert.equal(all.total, plain.total + 1);

  const withFields =
    (await mcp.call("vm_list", { name: "DC0_H0_VM0", fields: ["uuid", "datastores", "cluster"] }))
      .structuredContent as Vms;
  const row = withFields.vms[0]!;
  const truth = await retrieveOne(direct, { type: "VirtualMachine", value: String(row.moref) }, [
    "config.uuid",
    "datastore",
  ]);
  assert.equal(row.uuid, truth["config.uuid"]);
  const dsNames = await Promise.all(
    [truth.datastore as MoRef[]].flat().map(async (d) => (await retrieveOne(direct, d, ["name"])).name),
  );
  assert.deepEqual(row.datastores, dsNames);
  assert.equal(row.cluster, null, "a standalone host's VM is in no cluster");
  assert.ok(!("annotation" in row), "only the selected fields are added");
  const detailed = (await mcp.call("vm_list", { name: "DC0_H0_VM0", detail: true }))
    .structuredContent as Vms;
  assert.ok("annotation" in detailed.vms[0]! && "guest_os" in detailed.vms[0]!);
});
