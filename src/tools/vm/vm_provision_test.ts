import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import {
  devicesOf,
  envelope,
  list,
  num,
  obj,
  objects,
  previewThenConfirm,
  props,
  recordEnvelopes,
  validateAgainstWsdl,
} from "./testing.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

async function vmByName(client: VSphereClient, name: string): Promise<string | undefined> {
  for await (const vm of retrieveView(client, { type: "VirtualMachine", paths: ["name"] })) {
    if (vm.props.name === name) return vm.ref.value;
  }
  return undefined;
}

async function idOf(client: VSphereClient, type: string, name: string): Promise<string> {
  for await (const o of retrieveView(client, { type, paths: ["name"] })) {
    if (o.props.name === name) return o.ref.value;
  }
  throw new Error(`no ${type} ${name}`);
}

Deno.test("vm_create, vm_clone, vm_lifecycle, vm_relocate, vm_extra_config and vm_destroy act for real", async (t) => {
  await using env = await simEnv(["default"], { model: { ds: 2 } });
  const { mcp, direct } = env;
  const sent = recordEnvelopes(mcp.app.vsphere());
  const vmProps = (id: string, paths: string[]) => props(direct, "VirtualMachine", id, paths);
  let created = "";
  await t.step(
    "vm_create builds a VM from a spec: CPUs, memory, guest OS, a thin disk and a NIC",
    async () => {
      const args = {
        name: "app-01",
        host: "DC0_H0",
        datastore: "LocalDS_0",
        guest_id: "ubuntu64Guest",
        cpus: 2,
        memory_mb: 256,
        disks_gb: [2],
        networks: ["VM Network"],
        annotation: "created by test",
      };
      const done = await previewThenConfirm(mcp, "vm_create", args, async (p) => {
        assert.equal(p.preview?.method, "CreateVM_Task");
        assert.equal(p.preview?.tier, "medium");
        assert.equal(await vmByName(direct, "app-01"), undefined, "the preview created nothing");
      });
      created = String(done.result?.moref);
      assert.equal(await vmByName(direct, "app-01"), created);
      const p = await vmProps(created, [
        "config.hardware.numCPU",
        "config.hardware.memoryMB",
        "config.guestId",
        "config.annotation",
      ]);
      assert.equal(num(p["config.hardware.numCPU"]), 2);
      assert.equal(num(p["config.hardware.memoryMB"]), 256);
      assert.equal(p["config.guestId"], "ubuntu64Guest");
      assert.equal(p["config.annotation"], "created by test");
      const devices = await devicesOf(direct, created);
      const disk = devices.find((d) => d._type === "VirtualDisk");
      assert.equal(num(disk?.capacityInKB), 2 * 1024 * 1024);
      assert.ok(devices.some((d) => d._type === "ParaVirtualSCSIController"));
      assert.equal(
        obj(devices.find((d) => d._type === "VirtualVmxnet3")?.backing)?.deviceName,
        "VM Network",
      );
    },
  );

  await t.step("vm_disk gives a VM without a disk controller a paravirtual SCSI controller", async () => {
    const bare = String(
      (await previewThenConfirm(mcp, "vm_create", {
        name: "bare-01",
        host: "DC0_H0",
        datastore: "LocalDS_0",
      })).result?.moref,
    );
    assert.ok(!(await devicesOf(direct, bare)).some((d) => d._type === "ParaVirtualSCSIController"));
    await previewThenConfirm(mcp, "vm_disk", { vm: bare, action: "add", size_gb: 1 }, (p) => {
      assert.match(p.preview?.summary ?? "", /new SCSI controller 0/);
    });
    const devices = await devicesOf(direct, bare);
    const controller = devices.find((d) => d._type === "ParaVirtualSCSIController");
    const disk = devices.find((d) => d._type === "VirtualDisk");
    assert.ok(controller && disk, "controller and disk were added together");
    assert.equal(num(disk.controllerKey), num(controller.key));
    assert.equal(num(disk.capacityInKB), 1024 * 1024);
  });

  await t.step("vm_clone makes a full clone with the source's hardware", async () => {
    const done = await previewThenConfirm(
      mcp,
      "vm_clone",
      { vm: "app-01", name: "app-02", power_on: true },
      (p) => {
        assert.equal(p.preview?.tier, "high");
        assert.equal(p.preview?.method, "CloneVM_Task");
      },
    );
    const clone = String(done.result?.moref);
    assert.equal(await vmByName(direct, "app-02"), clone);
    const p = await vmProps(clone, ["config.hardware.numCPU", "config.hardware.memoryMB"]);
    assert.equal(num(p["config.hardware.numCPU"]), 2);
    assert.equal(num(p["config.hardware.memoryMB"]), 256);
    // vcsim ignores CloneSpec.powerOn; vCenter powers the clone on when it is set.
    assert.match(sent.findLast((xml) => xml.includes("<CloneVM_Task "))!, /<powerOn>true<\/powerOn>/);
  });

  await t.step("vm_clone makes a linked clone from the current snapshot", async () => {
    await previewThenConfirm(mcp, "snapshot_create", { vm: "app-01", name: "golden" });
    const done = await previewThenConfirm(mcp, "vm_clone", {
      vm: "app-01",
      name: "app-linked",
      linked: true,
    });
    assert.equal(await vmByName(direct, "app-linked"), done.result?.moref);
    const request = sent.findLast((xml) => xml.includes("<CloneVM_Task "))!;
    assert.match(request, /<diskMoveType>createNewChildDiskBacking<\/diskMoveType>/);
    assert.match(request, /<snapshot type="VirtualMachineSnapshot">/);
  });

  let template = "";
  await t.step("vm_clone clones to a template; vm_lifecycle turns it into a VM and back", async () => {
    const done = await previewThenConfirm(mcp, "vm_clone", {
      vm: created,
      name: "tpl-ubuntu",
      template: true,
    });
    template = String(done.result?.moref);
    assert.equal(String((await vmProps(template, ["config.template"]))["config.template"]), "true");

    await previewThenConfirm(
      mcp,
      "vm_lifecycle",
      { vm: template, action: "mark_vm", host: "DC0_H0" },
      (p) => {
        assert.equal(p.preview?.method, "MarkAsVirtualMachine");
      },
    );
    assert.equal(String((await vmProps(template, ["config.template"]))["config.template"]), "false");
    const again = envelope(await mcp.call("vm_lifecycle", { vm: template, action: "mark_vm" }));
    assert.equal(again.status, "unchanged");

    await previewThenConfirm(mcp, "vm_lifecycle", { vm: template, action: "mark_template" });
    assert.equal(String((await vmProps(template, ["config.template"]))["config.template"]), "true");
    assert.equal(
      envelope(await mcp.call("vm_lifecycle", { vm: template, action: "mark_template" })).status,
      "unchanged",
    );
  });

  await t.step("vm_clone deploys from the template with a stored customization spec", async () => {
    const done = await previewThenConfirm(
      mcp,
      "vm_clone",
      { vm: "tpl-ubuntu", name: "web-from-tpl", customization_spec: "vcsim-linux" },
      (p) => {
        const spec = (p.preview?.args?.spec ?? {}) as { customization?: unknown };
        assert.equal(spec.customization, "vcsim-linux", "the preview names the spec instead of dumping it");
      },
    );
    const vm = String(done.result?.moref);
    assert.equal(await vmByName(direct, "web-from-tpl"), vm);
    assert.equal(String((await vmProps(vm, ["config.template"]))["config.template"]), "false");
    const request = sent.findLast((xml) => xml.includes("<CloneVM_Task "))!;
    assert.match(request, /<customization>.*<identity xsi:type="CustomizationLinuxPrep">/s);
    assert.match(request, /<pool type="ResourcePool">/, "a template deploy gets a pool");
  });

  await t.step("vm_lifecycle customize sets a pending customization that applies at power-on", async () => {
    await previewThenConfirm(mcp, "vm_lifecycle", {
      vm: created,
      action: "customize",
      customization_spec: "vcsim-linux",
    });
    const pending =
      (await vmProps(created, ["config.tools.pendingCustomization"]))["config.tools.pendingCustomization"];
    assert.ok(typeof pending === "string" && pending.length > 0, "customization is pending");
    await previewThenConfirm(mcp, "vm_power", { vm: created, action: "on" });
    const after = await vmProps(created, ["guest.hostName"]);
    assert.match(String(after["guest.hostName"]), /^app-01/, "vcsim-linux names the guest after the VM");
    await previewThenConfirm(mcp, "vm_power", { vm: created, action: "off" });
  });

  await t.step("vm_lifecycle upgrades the virtual hardware", async () => {
    const before = String((await vmProps(created, ["config.version"]))["config.version"]);
    const same = envelope(
      await mcp.call("vm_lifecycle", { vm: created, action: "upgrade_hardware", version: before }),
    );
    assert.equal(same.status, "unchanged");
    await previewThenConfirm(mcp, "vm_lifecycle", { vm: created, action: "upgrade_hardware" });
    assert.equal(sent.filter((x) => x.includes("<UpgradeVM_Task ")).length, 1);
  });

  await t.step("vm_relocate moves a VM to another host and datastore; again is a no-op", async () => {
    const vm = await idOf(direct, "VirtualMachine", "DC0_C0_RP0_VM0");
    const host = await idOf(direct, "HostSystem", "DC0_C0_H2");
    const ds = await idOf(direct, "Datastore", "LocalDS_1");
    const args = { vm: "DC0_C0_RP0_VM0", host: "DC0_C0_H2", datastore: "LocalDS_1" };
    await previewThenConfirm(mcp, "vm_relocate", args, async (p) => {
      assert.equal(p.preview?.method, "RelocateVM_Task");
      assert.equal(p.preview?.tier, "high");
      assert.notEqual(((await vmProps(vm, ["runtime.host"]))["runtime.host"] as MoRef).value, host);
    });
    const p = await vmProps(vm, ["runtime.host", "datastore"]);
    assert.equal((p["runtime.host"] as MoRef).value, host, "the VM really moved host");
    assert.deepEqual(list(p.datastore).map((d) => (d as MoRef).value), [ds], "and datastore");
    assert.equal(envelope(await mcp.call("vm_relocate", args)).status, "unchanged");
  });

  await t.step("vm_extra_config sets and removes advanced settings (high tier)", async () => {
    await previewThenConfirm(mcp, "vm_extra_config", {
      vm: created,
      set: { "guestinfo.role": "web", "tools.syncTime": "TRUE" },
    }, (p) => assert.equal(p.preview?.tier, "high"));
    const extra = objects((await vmProps(created, ["config.extraConfig"]))["config.extraConfig"]);
    assert.ok(extra.some((o) => o.key === "guestinfo.role" && o.value === "web"));
    assert.ok(extra.some((o) => o.key === "tools.syncTime" && o.value === "TRUE"));
    const again = envelope(
      await mcp.call("vm_extra_config", { vm: created, set: { "guestinfo.role": "web" } }),
    );
    assert.equal(again.status, "unchanged");
    await previewThenConfirm(mcp, "vm_extra_config", { vm: created, remove: ["tools.syncTime"] }, (p) => {
      assert.deepEqual(p.preview?.targets[0]?.state, { "tools.syncTime": "TRUE" });
    });
    const last = objects((await vmProps(created, ["config.extraConfig"]))["config.extraConfig"])
      .filter((o) => o.key === "tools.syncTime").at(-1);
    assert.ok(last === undefined || last.value === "" || last.value === undefined, "the key is cleared");
    assert.match(
      sent.findLast((x) => x.includes("tools.syncTime"))!,
      /<value xsi:type="xsd:string"><\/value>/,
    );
  });

  await t.step("vm_lifecycle unregisters; vm_create registers the .vmx back", async () => {
    const vmx = String((await vmProps(created, ["config.files.vmPathName"]))["config.files.vmPathName"]);
    await previewThenConfirm(mcp, "vm_lifecycle", { vm: created, action: "unregister" });
    assert.equal(await vmByName(direct, "app-01"), undefined, "gone from the inventory");
    const done = await previewThenConfirm(mcp, "vm_create", {
      name: "app-01",
      vmx_path: vmx,
      host: "DC0_H0",
    }, (p) => {
      assert.equal(p.preview?.method, "RegisterVM_Task");
    });
    created = String(done.result?.moref);
    assert.equal(await vmByName(direct, "app-01"), created);
  });

  await t.step("vm_destroy is critical, refuses a running VM, and deletes a stopped one", async () => {
    const running = await mcp.call("vm_destroy", { vm: "DC0_H0_VM0" });
    assert.equal(running.isError, true);
    assert.match(textOf(running), /only a powered-off VM can be deleted/);
    const done = await previewThenConfirm(mcp, "vm_destroy", { vm: "app-linked" }, async (p) => {
      assert.equal(p.preview?.tier, "critical");
      assert.equal(p.preview?.method, "Destroy_Task");
      assert.ok(await vmByName(direct, "app-linked"), "the preview deleted nothing");
    });
    assert.equal(done.result?.task_state, "success");
    assert.equal(await vmByName(direct, "app-linked"), undefined, "the VM really is gone");
  });

  await t.step("the seed's names resolve and every request matches the vim25 WSDL", async () => {
    assert.equal(envelope(await mcp.call("delete_vm", { vm: "app-02" })).status, "confirmation_required");
    assert.equal(
      envelope(await mcp.call("clone_vm", { vm: "app-01", name: "x" })).status,
      "confirmation_required",
    );
    const methods = await validateAgainstWsdl(sent);
    for (
      const m of [
        "CreateVM_Task",
        "CloneVM_Task",
        "MarkAsTemplate",
        "MarkAsVirtualMachine",
        "CustomizeVM_Task",
        "UpgradeVM_Task",
        "RelocateVM_Task",
        "ReconfigVM_Task",
        "UnregisterVM",
        "RegisterVM_Task",
        "Destroy_Task",
        "GetCustomizationSpec",
      ]
    ) assert.ok(methods.includes(m), `${m} in ${methods.join(",")}`);
  });
});
