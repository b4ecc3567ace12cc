import assert from "node:assert/strict";
import { connect, textOf } from "../../../tests/helpers/mcp.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { waitForTask } from "../../vsphere/objects/tasks.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

type Details = {
  moref: string;
  name: string;
  config: Record<string, unknown>;
  runtime: Record<string, unknown>;
  devices: { disks: { capacity_gb: number }[]; nics: { network: string }[]; total: number };
  snapshots: { count: number; current: string | null };
  storage: { datastores: string[] };
  placement: Record<string, unknown>;
  custom_attributes: Record<string, string>;
};

Deno.test("vm_get returns one VM's details as vCenter reports them, sanitized", async () => {
  await using env = await simEnv(["default"]);
  const { mcp, direct } = env;
  let target: MoRef | undefined;
  for await (const o of retrieveView(direct, { type: "VirtualMachine", paths: ["name"] })) {
    if (o.props.name === "DC0_H0_VM0") target = o.ref;
  }
  assert.ok(target, "the default model has DC0_H0_VM0");
  const content = await direct.serviceContent();

  // Arrange state through the API directly: a hostile annotation, a custom attribute, a snapshot.
  const reconfig = await direct.call("ReconfigVM_Task", target, {
    spec: { _type: "VirtualMachineConfigSpec", annotation: "owner:\u200B ops\u202E red" },
  }) as MoRef;
  await waitForTask(direct, reconfig);
  const field = await direct.call("AddCustomFieldDef", content.customFieldsManager as MoRef, {
    name: "cost-center",
    moType: "VirtualMachine",
  }) as VimObject;
  await direct.call("SetField", content.customFieldsManager as MoRef, {
    entity: target,
    key: Number(field.key),
    value: "cc-42",
  });
  const snap = await direct.call("CreateSnapshot_Task", target, {
    name: "before-patch",
    memory: false,
    quiesce: false,
  }) as MoRef;
  await waitForTask(direct, snap);

  const result = await mcp.call("vm_get", { vm: "DC0_H0_VM0" });
  assert.equal(result.isError, undefined, textOf(result));
  const d = result.structuredContent as Details;
  const truth = await retrieveOne(direct, target, [
    "config.hardware.numCPU",
    "config.hardware.memoryMB",
    "config.uuid",
    "config.instanceUuid",
    "runtime.powerState",
    "runtime.host",
    "config.hardware.device",
    "datastore",
  ]);
  assert.equal(d.moref, target.value);
  assert.equal(d.config.cpus, truth["config.hardware.numCPU"]);
  assert.equal(d.config.memory_mb, truth["config.hardware.memoryMB"]);
  assert.equal(d.config.uuid, truth["config.uuid"]);
  assert.equal(d.config.instance_uuid, truth["config.instanceUuid"]);
  assert.equal(d.runtime.power_state, truth["runtime.powerState"]);
  const hostName = (await retrieveOne(direct, truth["runtime.host"] as MoRef, ["name"])).name;
  assert.equal(d.runtime.host, hostName);
  const devices = truth["config.hardware.device"] as VimObject[];
  assert.equal(d.devices.total, devices.length);
  assert.equal(d.devices.disks.length, devices.filter((x) => x._type === "VirtualDisk").length);
  assert.ok(d.devices.nics.length >= 1 && d.devices.nics.every((n) => n.network));
  assert.equal(d.storage.datastores.length, [truth.datastore].flat().length);
  assert.deepEqual(d.snapshots, { count: 1, current: "before-patch" });
  assert.deepEqual(d.custom_attributes, { "cost-center": "cc-42" });
  assert.equal(d.config.annotation, "owner: ops red", "zero-width and bidi characters are removed");
});

Deno.test("vm_get names an unknown VM and resolves the seed's get_vm_info", async () => {
  await using sim = await startVcsim();
  await using mcp = await connect({ target: sim.target() });
  const missing = await mcp.call("vm_get", { vm: "nope" });
  assert.equal(missing.isError, true);
  assert.match(textOf(missing), /No VirtualMachine named "nope"/);
  const alias = await mcp.call("get_vm_info", { vm: "DC0_H0_VM0" });
  assert.equal((alias.structuredContent as Details).name, "DC0_H0_VM0");
});
