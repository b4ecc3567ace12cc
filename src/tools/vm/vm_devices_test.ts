import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import {
  devicesOf,
  envelope,
  labelOf,
  list,
  num,
  obj,
  previewThenConfirm,
  props,
  recordEnvelopes,
  validateAgainstWsdl,
} from "./testing.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

const VM = "DC0_H0_VM0";

Deno.test("vm_reconfigure, vm_disk, vm_nic and vm_cdrom change the simulator's VM for real", async (t) => {
  await using env = await simEnv(["default"]);
  const { mcp, direct } = env;
  const sent = recordEnvelopes(mcp.app.vsphere());
  const vmId = String(
    envelope(await mcp.call("vm_reconfigure", { vm: VM, cpus: 2 })).preview?.targets[0]?.ref.value,
  );
  const read = (paths: string[]) => props(direct, "VirtualMachine", vmId, paths);

  await t.step(
    "vm_reconfigure previews, then changes CPU, memory, hot-add, allocation, notes, boot",
    async () => {
      const args = {
        vm: VM,
        cpus: 2,
        cores_per_socket: 2,
        memory_mb: 64,
        cpu_hot_add: true,
        memory_hot_add: true,
        cpu_allocation: { reservation: 100, limit: 2000, shares: "high" },
        memory_allocation: { shares: "custom", shares_value: 1234 },
        annotation: "owner: ops",
        boot: { delay_ms: 3000, order: ["cdrom", "disk"] },
        change_tracking: true,
      };
      await previewThenConfirm(mcp, "vm_reconfigure", args, async (preview) => {
        assert.equal(preview.preview?.tier, "medium");
        assert.equal(preview.preview?.method, "ReconfigVM_Task");
        assert.deepEqual(preview.preview?.targets[0]?.state?.cpus, 1);
        assert.equal(num((await read(["config.hardware.numCPU"]))["config.hardware.numCPU"]), 1, "preview");
      });
      const p = await read([
        "config.hardware.numCPU",
        "config.hardware.numCoresPerSocket",
        "config.hardware.memoryMB",
        "config.cpuHotAddEnabled",
        "config.memoryHotAddEnabled",
        "config.cpuAllocation",
        "config.memoryAllocation",
        "config.annotation",
        "config.bootOptions",
        "config.changeTrackingEnabled",
      ]);
      assert.equal(num(p["config.hardware.numCPU"]), 2);
      assert.equal(num(p["config.hardware.numCoresPerSocket"]), 2);
      assert.equal(num(p["config.hardware.memoryMB"]), 64);
      assert.equal(String(p["config.cpuHotAddEnabled"]), "true");
      assert.equal(String(p["config.memoryHotAddEnabled"]), "true");
      const cpu = obj(p["config.cpuAllocation"]);
      assert.equal(num(cpu?.reservation), 100);
      assert.equal(num(cpu?.limit), 2000);
      assert.equal(obj(cpu?.shares)?.level, "high");
      const memShares = obj(obj(p["config.memoryAllocation"])?.shares);
      assert.equal(memShares?.level, "custom");
      assert.equal(num(memShares?.shares), 1234);
      assert.equal(p["config.annotation"], "owner: ops");
      assert.equal(String(p["config.changeTrackingEnabled"]), "true");
      const boot = obj(p["config.bootOptions"]);
      assert.equal(num(boot?.bootDelay), 3000);
      const order = list(boot?.bootOrder);
      assert.equal(order.length, 2);
      assert.equal(obj(order[1])?._type, "VirtualMachineBootOptionsBootableDiskDevice");

      const again = envelope(await mcp.call("vm_reconfigure", args));
      assert.equal(again.status, "unchanged", "the same settings again change nothing");
      assert.match(again.result?.message ?? "", /already has the requested settings/);
    },
  );

  await t.step("vm_reconfigure renames", async () => {
    await previewThenConfirm(mcp, "vm_reconfigure", { vm: vmId, name: "renamed-vm" });
    assert.equal((await read(["name"])).name, "renamed-vm");
    await previewThenConfirm(mcp, "vm_reconfigure", { vm: vmId, name: VM });
    assert.equal((await read(["name"])).name, VM);
  });

  await t.step("vm_disk adds a 1 GB thin disk, extends it to 3 GB, then detaches it", async () => {
    const disksBefore = (await devicesOf(direct, vmId)).filter((d) => d._type === "VirtualDisk");
    const added = await previewThenConfirm(
      mcp,
      "vm_disk",
      { vm: vmId, action: "add", size_gb: 1 },
      async () => {
        assert.equal(
          (await devicesOf(direct, vmId)).filter((d) => d._type === "VirtualDisk").length,
          disksBefore.length,
        );
      },
    );
    const disks = (await devicesOf(direct, vmId)).filter((d) => d._type === "VirtualDisk");
    assert.equal(disks.length, disksBefore.length + 1, "the disk really was added");
    const disk = disks.find((d) => !disksBefore.some((b) => num(b.key) === num(d.key)))!;
    assert.equal(num(disk.capacityInKB), 1024 * 1024);
    assert.equal(String(obj(disk.backing)?.thinProvisioned), "true");
    assert.equal((added.result?.disk as { key: number }).key, num(disk.key));
    const label = labelOf(disk);

    await previewThenConfirm(mcp, "vm_disk", { vm: vmId, action: "extend", disk: label, size_gb: 3 });
    const extended = (await devicesOf(direct, vmId)).find((d) => num(d.key) === num(disk.key))!;
    assert.equal(num(extended.capacityInKB), 3 * 1024 * 1024, "the disk really grew");

    const same = envelope(
      await mcp.call("vm_disk", { vm: vmId, action: "extend", disk: label, size_gb: 3 }),
    );
    assert.equal(same.status, "unchanged");
    const shrink = await mcp.call("vm_disk", { vm: vmId, action: "extend", disk: label, size_gb: 2 });
    assert.equal(shrink.isError, true);
    assert.match(textOf(shrink), /cannot shrink/);

    const removed = await previewThenConfirm(mcp, "vm_disk", { vm: vmId, action: "remove", disk: label });
    assert.match(String(removed.result?.file), /\.vmdk$/);
    assert.ok(!(await devicesOf(direct, vmId)).some((d) => num(d.key) === num(disk.key)), "detached");

    // The detached file can be attached again: remove is undoable.
    const file = String(removed.result?.file);
    await previewThenConfirm(mcp, "vm_disk", { vm: vmId, action: "add", file }, (p) => {
      const change =
        (p.preview?.args?.spec as { deviceChange: { fileOperation?: string }[] }).deviceChange[0];
      assert.equal(change?.fileOperation, undefined, "an existing file is attached, not created");
    });
    const reattached = (await devicesOf(direct, vmId)).filter((d) => d._type === "VirtualDisk")
      .find((d) => obj(d.backing)?.fileName === file);
    assert.ok(reattached, "the same .vmdk is attached again");
    await previewThenConfirm(mcp, "vm_disk", {
      vm: vmId,
      action: "remove",
      disk: String(num(reattached.key)),
    });

    const ambiguous = await mcp.call("vm_disk", { vm: vmId, action: "remove", disk: "no-such-disk" });
    assert.equal(ambiguous.isError, true);
    assert.match(textOf(ambiguous), /disk-/, "the error lists the disks there are");
  });

  await t.step(
    "vm_nic adds a NIC on a standard portgroup, moves it to a distributed one, toggles, removes",
    async () => {
      const nicsBefore = (await devicesOf(direct, vmId)).filter((d) => d.macAddress !== undefined);
      await previewThenConfirm(mcp, "vm_nic", { vm: vmId, action: "add", network: "VM Network" });
      const nics = (await devicesOf(direct, vmId)).filter((d) => d.macAddress !== undefined);
      assert.equal(nics.length, nicsBefore.length + 1);
      const nic = nics.find((d) => !nicsBefore.some((b) => num(b.key) === num(d.key)))!;
      assert.equal(nic._type, "VirtualVmxnet3");
      assert.equal(obj(nic.backing)?.deviceName, "VM Network");
      const label = labelOf(nic);

      await previewThenConfirm(mcp, "vm_nic", {
        vm: vmId,
        action: "set_network",
        nic: label,
        network: "DC0_DVPG0",
      });
      const moved = (await devicesOf(direct, vmId)).find((d) => num(d.key) === num(nic.key))!;
      const port = obj(obj(moved.backing)?.port);
      assert.equal(obj(moved.backing)?._type, "VirtualEthernetCardDistributedVirtualPortBackingInfo");
      assert.equal(port?.portgroupKey, "dvportgroup-13");
      const dvs = list(
        (await props(direct, "DistributedVirtualPortgroup", "dvportgroup-13", [
          "config.distributedVirtualSwitch",
        ]))["config.distributedVirtualSwitch"],
      )[0] as { type: string; value: string };
      assert.equal(port?.switchUuid, (await props(direct, dvs.type, dvs.value, ["uuid"])).uuid);
      const already = envelope(
        await mcp.call("vm_nic", { vm: vmId, action: "set_network", nic: label, network: "DC0_DVPG0" }),
      );
      assert.equal(already.status, "unchanged");

      await previewThenConfirm(mcp, "vm_nic", { vm: vmId, action: "disconnect", nic: label });
      const off = (await devicesOf(direct, vmId)).find((d) => num(d.key) === num(nic.key))!;
      assert.equal(String(obj(off.connectable)?.connected), "false");
      await previewThenConfirm(mcp, "vm_nic", { vm: vmId, action: "connect", nic: label });
      const on = (await devicesOf(direct, vmId)).find((d) => num(d.key) === num(nic.key))!;
      assert.equal(String(obj(on.connectable)?.connected), "true");
      assert.equal(
        envelope(await mcp.call("vm_nic", { vm: vmId, action: "connect", nic: label })).status,
        "unchanged",
      );

      await previewThenConfirm(mcp, "vm_nic", { vm: vmId, action: "remove", nic: label });
      assert.ok(!(await devicesOf(direct, vmId)).some((d) => num(d.key) === num(nic.key)), "removed");
    },
  );

  await t.step("vm_cdrom mounts an ISO and ejects it", async () => {
    const iso = "[LocalDS_0] iso/tools.iso";
    await previewThenConfirm(mcp, "vm_cdrom", { vm: vmId, action: "mount", iso });
    const drive = (await devicesOf(direct, vmId)).find((d) => d._type === "VirtualCdrom")!;
    assert.equal(obj(drive.backing)?._type, "VirtualCdromIsoBackingInfo");
    assert.equal(obj(drive.backing)?.fileName, iso);
    assert.equal(
      envelope(await mcp.call("vm_cdrom", { vm: vmId, action: "mount", iso })).status,
      "unchanged",
    );
    await previewThenConfirm(mcp, "vm_cdrom", { vm: vmId, action: "eject" });
    const empty = (await devicesOf(direct, vmId)).find((d) => d._type === "VirtualCdrom")!;
    assert.notEqual(obj(empty.backing)?._type, "VirtualCdromIsoBackingInfo");
    assert.equal(envelope(await mcp.call("vm_cdrom", { vm: vmId, action: "eject" })).status, "unchanged");
  });

  await t.step("every request sent matches the vim25 WSDL", async () => {
    const methods = await validateAgainstWsdl(sent);
    assert.ok(methods.filter((m) => m === "ReconfigVM_Task").length >= 10, methods.join(","));
  });
});
