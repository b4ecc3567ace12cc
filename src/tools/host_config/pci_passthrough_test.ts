import assert from "node:assert/strict";
import { connect, textOf } from "../../../tests/helpers/mcp.ts";
import { previewThenConfirm, structured } from "../../../tests/helpers/confirm.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { waitForTask } from "../../vsphere/objects/tasks.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { asObject, asObjects, num } from "../shared/vim_values.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

Deno.test("vm_pci_device adds a real PCI passthrough device to a powered-off VM, lists and removes it", async () => {
  await using env = await simEnv(["host_config"]);
  const { mcp, direct } = env;
  const listed = structured(await mcp.call("vm_pci_device_list", { vm: "DC0_H0_VM0" })) as unknown as {
    devices: unknown[];
  };
  assert.deepEqual(listed.devices, []);
  const on = await mcp.call("vm_pci_device", {
    vm: "DC0_H0_VM0",
    action: "add_pci",
    pci_id: "0000:00:07.1",
  });
  assert.match(textOf(on), /only be added or removed while the VM is powered off/);

  const ref = await direct.call(
    "FindByInventoryPath",
    (await direct.serviceContent()).searchIndex as MoRef,
    {
      inventoryPath: "DC0/vm/DC0_H0_VM0",
    },
  ) as MoRef;
  await waitForTask(direct, await direct.call("PowerOffVM_Task", ref, {}) as MoRef);
  const passthrough = async () =>
    asObjects((await retrieveOne(direct, ref, ["config.hardware.device"]))["config.hardware.device"])
      .filter((d) => d._type === "VirtualPCIPassthrough");

  const args = { vm: "DC0_H0_VM0", action: "add_pci", pci_id: "0000:00:07.1" };
  const { first, done } = await previewThenConfirm(mcp, "vm_pci_device", args, async () => {
    assert.equal((await passthrough()).length, 0, "the preview added nothing");
  });
  assert.equal(first.preview?.tier, "medium");
  assert.match(first.preview?.summary ?? "", /0000:00:07\.1 \(Intel Corporation PIIX4/);
  const added = await passthrough();
  assert.equal(added.length, 1, "the VM really has the device");
  const allowed = asObjects(asObject(added[0]!.backing).allowedDevice)[0]!;
  assert.equal(num(allowed.vendorId), 0x8086);
  assert.equal((done.result?.devices as unknown[]).length, 1);
  const reservation = await retrieveOne(direct, ref, ["config.memoryReservationLockedToMax"]);
  assert.equal(reservation["config.memoryReservationLockedToMax"], true, "all memory is reserved");

  const list = structured(await mcp.call("vm_pci_device_list", { vm: "DC0_H0_VM0" })) as unknown as {
    devices: { key: number; kind: string; vendor_id: string }[];
  };
  assert.equal(list.devices[0]?.kind, "pci");
  assert.equal(list.devices[0]?.vendor_id, "8086");

  await previewThenConfirm(mcp, "vm_pci_device", {
    vm: "DC0_H0_VM0",
    action: "remove",
    device: String(list.devices[0]?.key),
  });
  assert.equal((await passthrough()).length, 0, "the device is really gone");

  const vgpu = await mcp.call("vm_pci_device", {
    vm: "DC0_H0_VM0",
    action: "add_vgpu",
    vgpu_profile: "grid_t4-4q",
  });
  assert.match(textOf(vgpu), /offers no vGPU profile "grid_t4-4q"/);
  const nodev = await mcp.call("vm_pci_device", {
    vm: "DC0_H0_VM0",
    action: "add_pci",
    pci_id: "0000:99:00.0",
  });
  assert.match(textOf(nodev), /has no PCI device 0000:99:00\.0/);
});

Deno.test("host_passthrough names the capable devices when asked for one that is not", async () => {
  await using sim = await startVcsim();
  await using mcp = await connect({ target: sim.target(), toolsets: ["host_config"] });
  const res = await mcp.call("host_passthrough", {
    host: "DC0_H0",
    action: "enable",
    devices: ["0000:00:07.1"],
  });
  assert.equal(res.isError, true);
  assert.match(textOf(res), /cannot do that .* Capable devices: -/);
  const sriov = await mcp.call("host_passthrough", {
    host: "DC0_H0",
    action: "enable_sriov",
    devices: ["0000:03:00.0"],
  });
  assert.match(textOf(sriov), /needs virtual_functions/);
});
