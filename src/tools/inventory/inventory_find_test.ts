import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { waitForTask } from "../../vsphere/objects/tasks.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

type Found = { matches: { moref: string; type: string; name: string; path: string }[] };

Deno.test("inventory_find finds a VM by name, UUIDs, IP, DNS name, inventory and datastore path", async () => {
  await using env = await simEnv(["default"]);
  const { mcp, direct } = env;
  let vm: MoRef | undefined;
  for await (const o of retrieveView(direct, { type: "VirtualMachine", paths: ["name"] })) {
    if (o.props.name === "DC0_H0_VM0") vm = o.ref;
  }
  assert.ok(vm);
  // The simulator's guest data comes from extraConfig "SET.guest.*" keys (a real VM reports it via Tools).
  await waitForTask(
    direct,
    await direct.call("ReconfigVM_Task", vm, {
      spec: {
        _type: "VirtualMachineConfigSpec",
        extraConfig: [
          { _type: "OptionValue", key: "SET.guest.ipAddress", value: "10.0.0.42" },
          { _type: "OptionValue", key: "SET.guest.hostName", value: "web-01.corp.example" },
        ],
      },
    }) as MoRef,
  );
  const truth = await retrieveOne(direct, vm, [
    "config.uuid",
    "config.instanceUuid",
    "guest.ipAddress",
    "guest.hostName",
    "config.files.vmPathName",
  ]);
  const find = async (args: Record<string, unknown>) => {
    const result = await mcp.call("inventory_find", args);
    assert.equal(result.isError, undefined, textOf(result));
    return (result.structuredContent as Found).matches;
  };
  const expected = [{
    moref: vm.value,
    type: "VirtualMachine",
    name: "DC0_H0_VM0",
    path: "/DC0/vm/DC0_H0_VM0",
  }];
  assert.deepEqual(await find({ by: "name", value: "dc0_h0_vm0" }), expected);
  assert.deepEqual(await find({ by: "uuid", value: truth["config.uuid"] }), expected);
  assert.deepEqual(await find({ by: "instance_uuid", value: truth["config.instanceUuid"] }), expected);
  assert.deepEqual(await find({ by: "inventory_path", value: "/DC0/vm/DC0_H0_VM0" }), expected);
  assert.deepEqual(
    await find({ by: "datastore_path", value: truth["config.files.vmPathName"], datacenter: "DC0" }),
    expected,
  );
  assert.deepEqual(await find({ by: "child", value: "DC0_H0_VM0", parent: "DC0/vm" }), expected);
  assert.equal(truth["guest.ipAddress"], "10.0.0.42");
  assert.deepEqual(await find({ by: "ip", value: "10.0.0.42" }), expected);
  assert.deepEqual(await find({ by: "dns_name", value: "web-01.corp.example" }), expected);
  assert.deepEqual(await find({ by: "ip", value: "10.9.9.9" }), []);
  assert.deepEqual(await find({ by: "uuid", value: "00000000-0000-0000-0000-000000000000" }), []);

  const hosts = await find({ by: "name", value: "DC0_C0_H*" });
  const expectedHosts: string[] = [];
  for await (const o of retrieveView(direct, { type: "HostSystem", paths: ["name"] })) {
    if (String(o.props.name).startsWith("DC0_C0_H")) expectedHosts.push(o.ref.value);
  }
  assert.deepEqual(hosts.map((h) => h.moref).sort(), expectedHosts.sort());
  assert.ok(hosts.every((h) => h.path.startsWith("/DC0/host/DC0_C0/")));

  const noDc = await mcp.call("inventory_find", { by: "datastore_path", value: "[LocalDS_0] x/x.vmx" });
  assert.equal(noDc.isError, true);
  assert.match(textOf(noDc), /datacenter/);
});
