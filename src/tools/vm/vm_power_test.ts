import assert from "node:assert/strict";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { connect, textOf } from "../../../tests/helpers/mcp.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

type Envelope = {
  status: string;
  preview?: {
    method: string;
    tier: string;
    targets: { ref: { value: string }; state?: Record<string, unknown> }[];
  };
  confirmation_handle?: string;
  result?: { power_state: string; message: string; task?: string };
};

async function powerState(client: VSphereClient, vm: string) {
  return (await retrieveOne(client, { type: "VirtualMachine", value: vm }, ["runtime.powerState"]))[
    "runtime.powerState"
  ];
}

Deno.test("vm_power previews without acting, then powers off for real with the handle", async () => {
  await using env = await simEnv(["default"]);
  const { mcp, direct } = env;
  const vms = (await mcp.call("vm_list", {})).structuredContent as {
    vms: { moref: string; name: string }[];
  };
  const vm = vms.vms[0]!;
  assert.equal(await powerState(direct, vm.moref), "poweredOn");

  const preview = (await mcp.call("vm_power", { vm: vm.name, action: "off" }))
    .structuredContent as Envelope;
  assert.equal(preview.status, "confirmation_required");
  assert.equal(preview.preview?.method, "PowerOffVM_Task");
  assert.equal(preview.preview?.tier, "medium");
  assert.equal(preview.preview?.targets[0]?.ref.value, vm.moref);
  assert.deepEqual(preview.preview?.targets[0]?.state, { powerState: "poweredOn" });
  assert.equal(await powerState(direct, vm.moref), "poweredOn", "the preview changed nothing");

  const mismatch = await mcp.call("vm_power", {
    vm: vm.name,
    action: "reset",
    confirm: true,
    confirmation_handle: preview.confirmation_handle,
  });
  assert.equal(mismatch.isError, true, "a handle is bound to the exact arguments");
  assert.match(textOf(mismatch), /different caller, tool or arguments/);
  assert.equal(await powerState(direct, vm.moref), "poweredOn");

  const fresh = (await mcp.call("vm_power", { vm: vm.name, action: "off" })).structuredContent as Envelope;
  const done = await mcp.call("vm_power", {
    vm: vm.name,
    action: "off",
    confirm: true,
    confirmation_handle: fresh.confirmation_handle,
  });
  assert.equal(done.isError, undefined, textOf(done));
  const result = done.structuredContent as Envelope;
  assert.equal(result.status, "done");
  assert.equal(result.result?.power_state, "poweredOff");
  assert.match(result.result?.task ?? "", /^task-/);
  assert.equal(await powerState(direct, vm.moref), "poweredOff", "the VM really is off");

  const replay = await mcp.call("vm_power", {
    vm: vm.name,
    action: "off",
    confirm: true,
    confirmation_handle: fresh.confirmation_handle,
  });
  assert.equal(replay.isError, true, "a handle is single-use");

  const again = (await mcp.call("vm_power", { vm: vm.moref, action: "off" })).structuredContent as Envelope;
  assert.equal(again.status, "unchanged", "powering off an off VM changes nothing and says so");
  assert.match(again.result?.message ?? "", /already poweredOff/);

  const on = (await mcp.call("vm_power", { vm: vm.moref, action: "on" })).structuredContent as Envelope;
  await mcp.call("vm_power", {
    vm: vm.moref,
    action: "on",
    confirm: true,
    confirmation_handle: on.confirmation_handle,
  });
  assert.equal(await powerState(direct, vm.moref), "poweredOn", "and back on");
});

Deno.test("vm_power refuses confirm without a handle and names ambiguous or unknown VMs", async () => {
  await using sim = await startVcsim();
  await using mcp = await connect({ target: sim.target() });
  await assert.rejects(
    mcp.call("vm_power", { vm: "DC0_H0_VM0", action: "off", confirm: true }),
    /confirmation_handle/,
  );
  const unknown = await mcp.call("vm_power", { vm: "no-such-vm", action: "off" });
  assert.equal(unknown.isError, true);
  assert.match(textOf(unknown), /No VirtualMachine named "no-such-vm"/);
});

Deno.test("vm_power resolves the seed's power_off_vm name without listing it", async () => {
  await using sim = await startVcsim();
  await using mcp = await connect({ target: sim.target() });
  const { tools } = await mcp.client.listTools();
  assert.ok(!tools.some((t) => t.name === "power_off_vm"));
  const result = await mcp.call("power_off_vm", { vm: "DC0_H0_VM0", action: "off" });
  assert.equal((result.structuredContent as Envelope).status, "confirmation_required");
});

Deno.test("vm_power powers several VMs on with one confirmation and skips those already on", async () => {
  await using env = await simEnv(["default"]);
  const { mcp, direct } = env;
  const vms =
    ((await mcp.call("vm_list", {})).structuredContent as { vms: { moref: string; name: string }[] })
      .vms.slice(0, 3);
  for (const vm of vms.slice(0, 2)) {
    const off = (await mcp.call("vm_power", { vm: vm.moref, action: "off" })).structuredContent as Envelope;
    await mcp.call("vm_power", {
      vm: vm.moref,
      action: "off",
      confirm: true,
      confirmation_handle: off.confirmation_handle,
    });
    assert.equal(await powerState(direct, vm.moref), "poweredOff");
  }
  const args = { vms: vms.map((v) => v.name), action: "on" };
  const preview = (await mcp.call("vm_power", args)).structuredContent as Envelope;
  assert.equal(preview.status, "confirmation_required");
  assert.equal(preview.preview?.method, "PowerOnMultiVM_Task");
  assert.deepEqual(preview.preview?.targets.map((t) => t.ref.value), vms.slice(0, 2).map((v) => v.moref));
  assert.equal(await powerState(direct, vms[0]!.moref), "poweredOff", "the preview changed nothing");

  const done = await mcp.call("vm_power", {
    ...args,
    confirm: true,
    confirmation_handle: preview.confirmation_handle,
  });
  assert.equal(done.isError, undefined, textOf(done));
  for (const vm of vms) {
    assert.equal(await powerState(direct, vm.moref), "poweredOn", `${vm.name} really is on`);
  }
  const result =
    (done.structuredContent as { result: { vms: { power_state: string }[]; message: string } }).result;
  assert.deepEqual(result.vms.map((v) => v.power_state), ["poweredOn", "poweredOn", "poweredOn"]);

  const again = (await mcp.call("vm_power", args)).structuredContent as Envelope;
  assert.equal(again.status, "unchanged");
  assert.match(again.result?.message ?? "", /All 3 VMs are already poweredOn/);

  const both = await mcp.call("vm_power", { vm: vms[0]!.name, vms: [vms[1]!.name], action: "on" });
  assert.equal(both.isError, true, "vm and vms together are refused");
});
