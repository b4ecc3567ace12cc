import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { waitForTask } from "../../vsphere/objects/tasks.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

type Host = {
  moref: string;
  name: string;
  state: Record<string, unknown>;
  hardware: Record<string, unknown>;
  networking: { vswitches: { name: string }[]; portgroups: { name: string }[]; networks: string[] };
  datastores: { name: string; capacity_gb: number }[];
  vms: { total: number; powered_on: number; names: string[] };
};

Deno.test("host_get reports one host's state, hardware, networking, storage and VMs as vCenter has them", async () => {
  await using env = await simEnv(["default"]);
  const { mcp, direct } = env;
  let host: { ref: MoRef; name: string } | undefined;
  for await (const o of retrieveView(direct, { type: "HostSystem", paths: ["name"] })) {
    if (String(o.props.name).startsWith("DC0_C0_H")) host ??= { ref: o.ref, name: String(o.props.name) };
  }
  const truth = await retrieveOne(direct, host!.ref, [
    "vm",
    "datastore",
    "summary.hardware.numCpuCores",
    "summary.hardware.memorySize",
    "config.network.vswitch",
    "config.network.portgroup",
    "parent",
  ]);
  const vms = [truth.vm ?? []].flat() as MoRef[];
  assert.ok(vms.length > 0, "the host runs VMs");
  await waitForTask(direct, await direct.call("PowerOffVM_Task", vms[0]!) as MoRef);
  await waitForTask(
    direct,
    await direct.call("EnterMaintenanceMode_Task", host!.ref, { timeout: 0 }) as MoRef,
  );

  const result = await mcp.call("host_get", { host: host!.name });
  assert.equal(result.isError, undefined, textOf(result));
  const h = result.structuredContent as Host;
  assert.equal(h.moref, host!.ref.value);
  assert.equal(h.state.maintenance, true, "maintenance mode as just entered");
  assert.equal(h.state.parent, (await retrieveOne(direct, truth.parent as MoRef, ["name"])).name);
  assert.equal(h.hardware.cores, truth["summary.hardware.numCpuCores"]);
  assert.equal(
    h.hardware.memory_gb,
    Math.round(Number(truth["summary.hardware.memorySize"]) / 2 ** 30 * 10) / 10,
  );
  assert.equal(h.vms.total, vms.length);
  assert.equal(h.vms.powered_on, vms.length - 1);
  const vmNames = await Promise.all(
    vms.map(async (v) => String((await retrieveOne(direct, v, ["name"])).name)),
  );
  assert.deepEqual(h.vms.names, vmNames.sort());
  const dsNames = await Promise.all(
    ([truth.datastore].flat() as MoRef[]).map(async (d) =>
      String((await retrieveOne(direct, d, ["name"])).name)
    ),
  );
  assert.deepEqual(h.datastores.map((d) => d.name), dsNames.sort());
  assert.deepEqual(
    h.networking.vswitches.map((v) => v.name),
    ([truth["config.network.vswitch"] ?? []].flat() as VimObject[]).map((v) => v.name),
  );
  assert.ok(h.networking.vswitches.length > 0 && h.networking.portgroups.length > 0);
  assert.equal(h.networking.portgroups.length, [truth["config.network.portgroup"] ?? []].flat().length);

  const alias = await mcp.call("get_host_info", { host: host!.ref.value });
  assert.equal((alias.structuredContent as Host).name, host!.name);
});
