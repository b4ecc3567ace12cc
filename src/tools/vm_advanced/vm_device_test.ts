import assert from "node:assert/strict";
import { connect, textOf } from "../../../tests/helpers/mcp.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { bodyOfEnvelope, methodOfBody, validateRequests } from "../../../tests/helpers/wsdl.ts";
import type { CallToolResult } from "../../mcp_sdk.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import {
  devicesOf,
  envelope,
  labelOf,
  num,
  obj,
  previewThenConfirm,
  recordEnvelopes,
} from "../vm/testing.ts";

const VM = "DC0_H0_VM0";
const TOOLSETS = ["inventory", "vm", "vm_advanced"];

type Inspect = { count?: number; items?: Record<string, unknown>[]; details?: Record<string, unknown> };

function readResult(result: CallToolResult): Inspect {
  assert.equal(result.isError, undefined, textOf(result));
  return result.structuredContent as unknown as Inspect;
}

Deno.test("vm_device adds, edits and removes controllers, ports, floppy, USB, video card and TPM for real", async (t) => {
  await using sim = await startVcsim();
  await using mcp = await connect({ target: sim.target(), toolsets: TOOLSETS });
  const direct = new VSphereClient(sim.target());
  const sent = recordEnvelopes(mcp.app.vsphere());
  const inspect = async (section: string) => readResult(await mcp.call("vm_inspect", { vm: VM, section }));
  try {
    const vmId = String(
      envelope(await mcp.call("vm_device", { vm: VM, action: "add", kind: "tpm" })).preview?.targets[0]?.ref
        .value,
    );
    const devices = () => devicesOf(direct, vmId);
    const ofType = async (type: string) => (await devices()).filter((d) => d._type === type);

    await t.step("adds a PVSCSI and an LSI Logic SAS controller on free buses, previews first", async () => {
      await previewThenConfirm(
        mcp,
        "vm_device",
        { vm: VM, action: "add", kind: "scsi_controller" },
        async (p) => {
          assert.equal(p.preview?.tier, "medium");
          assert.equal(p.preview?.method, "ReconfigVM_Task");
          assert.equal((await ofType("ParaVirtualSCSIController")).length, 1, "the preview changed nothing");
        },
      );
      const pv = await ofType("ParaVirtualSCSIController");
      assert.equal(pv.length, 2);
      assert.deepEqual(pv.map((d) => num(d.busNumber)).sort(), [0, 1]);
      await previewThenConfirm(mcp, "vm_device", {
        vm: VM,
        action: "add",
        kind: "scsi_controller",
        scsi_type: "lsilogic_sas",
        sharing: "virtualSharing",
      });
      const sas = (await ofType("VirtualLsiLogicSASController"))[0]!;
      assert.equal(sas.sharedBus, "virtualSharing");
      assert.equal(num(sas.busNumber), 2);
      const listed = await inspect("controllers");
      assert.ok(
        listed.items?.some((i) =>
          i.type === "VirtualLsiLogicSASController" && i.sharedBus === "virtualSharing"
        ),
      );
    });

    await t.step("edits the SCSI bus sharing and removes an empty controller", async () => {
      const sas = (await ofType("VirtualLsiLogicSASController"))[0]!;
      await previewThenConfirm(mcp, "vm_device", {
        vm: VM,
        action: "edit",
        kind: "scsi_controller",
        device: String(num(sas.key)),
        sharing: "physicalSharing",
      });
      assert.equal((await ofType("VirtualLsiLogicSASController"))[0]?.sharedBus, "physicalSharing");
      await previewThenConfirm(mcp, "vm_device", {
        vm: VM,
        action: "remove",
        kind: "scsi_controller",
        device: String(num(sas.key)),
      });
      assert.equal((await ofType("VirtualLsiLogicSASController")).length, 0, "the controller is gone");
      const busy = await mcp.call("vm_device", {
        vm: VM,
        action: "remove",
        kind: "scsi_controller",
        device: "1",
      });
      assert.equal(busy.isError, true, "a controller with disks is not removed");
      assert.match(textOf(busy), /still has devices attached/);
    });

    await t.step("adds NVMe, SATA and USB 3 controllers, then a USB device on it", async () => {
      for (const kind of ["nvme_controller", "sata_controller", "usb_controller"]) {
        await previewThenConfirm(mcp, "vm_device", { vm: VM, action: "add", kind });
      }
      assert.equal((await ofType("VirtualNVMEController")).length, 1);
      assert.equal((await ofType("VirtualAHCIController")).length, 1);
      const xhci = await ofType("VirtualUSBXHCIController");
      assert.equal(xhci.length, 1);
      assert.equal(xhci[0]?.autoConnectDevices, true);
      await previewThenConfirm(mcp, "vm_device", {
        vm: VM,
        action: "add",
        kind: "usb_device",
        host_device: "path:1/0/2 version:2",
      });
      const usb = (await ofType("VirtualUSB"))[0]!;
      assert.equal(obj(usb.backing)?.deviceName, "path:1/0/2 version:2");
      assert.equal((await inspect("usb")).count, 2, "controller and device are listed");
      await previewThenConfirm(mcp, "vm_device", { vm: VM, action: "remove", kind: "usb_device" });
      assert.equal((await ofType("VirtualUSB")).length, 0);
    });

    await t.step("adds serial ports with file, network and pipe backings and changes one", async () => {
      await previewThenConfirm(mcp, "vm_device", {
        vm: VM,
        action: "add",
        kind: "serial_port",
        file: "[LocalDS_0] DC0_H0_VM0/serial.log",
      });
      await previewThenConfirm(mcp, "vm_device", {
        vm: VM,
        action: "add",
        kind: "serial_port",
        backing: "network",
        uri: "telnet://:7001",
      });
      const ports = await ofType("VirtualSerialPort");
      assert.equal(ports.length, 2);
      assert.deepEqual(ports.map((p) => obj(p.backing)?._type), [
        "VirtualSerialPortFileBackingInfo",
        "VirtualSerialPortURIBackingInfo",
      ]);
      assert.equal(obj(ports[1]!.backing)?.serviceURI, "telnet://:7001");
      assert.equal(obj(ports[1]!.backing)?.direction, "server");
      const fileKey = num(ports[0]!.key);
      await previewThenConfirm(mcp, "vm_device", {
        vm: VM,
        action: "edit",
        kind: "serial_port",
        device: String(fileKey),
        backing: "pipe",
        pipe_name: "\\\\.\\pipe\\com1",
        pipe_endpoint: "client",
      });
      const piped = (await ofType("VirtualSerialPort")).find((p) => num(p.key) === fileKey)!;
      assert.equal(obj(piped.backing)?._type, "VirtualSerialPortPipeBackingInfo");
      assert.equal(obj(piped.backing)?.endpoint, "client");
      const listed = await inspect("serial_ports");
      assert.equal(listed.count, 2);
      await previewThenConfirm(mcp, "vm_device", {
        vm: VM,
        action: "remove",
        kind: "serial_port",
        device: "2",
      });
      assert.equal((await ofType("VirtualSerialPort")).length, 1);
      const bad = await mcp.call("vm_device", {
        vm: VM,
        action: "add",
        kind: "parallel_port",
        backing: "pipe",
      });
      assert.equal(bad.isError, true);
      assert.match(textOf(bad), /cannot use backing "pipe"/);
    });

    await t.step(
      "adds a parallel port and a floppy drive with an image, then removes the floppy",
      async () => {
        await previewThenConfirm(mcp, "vm_device", {
          vm: VM,
          action: "add",
          kind: "parallel_port",
          file: "[LocalDS_0] DC0_H0_VM0/lpt.out",
        });
        assert.equal(
          obj((await ofType("VirtualParallelPort"))[0]?.backing)?.fileName,
          "[LocalDS_0] DC0_H0_VM0/lpt.out",
        );
        await previewThenConfirm(mcp, "vm_device", {
          vm: VM,
          action: "add",
          kind: "floppy",
          file: "[LocalDS_0] images/boot.flp",
          start_connected: false,
        });
        const floppy = (await ofType("VirtualFloppy"))[0]!;
        assert.equal(obj(floppy.backing)?._type, "VirtualFloppyImageBackingInfo");
        assert.equal(obj(floppy.connectable)?.startConnected, false);
        assert.equal((await inspect("floppies")).count, 1);
        await previewThenConfirm(mcp, "vm_device", { vm: VM, action: "remove", kind: "floppy" });
        assert.equal((await ofType("VirtualFloppy")).length, 0);
      },
    );

    await t.step("sets the video card memory and displays, adds and removes a TPM", async () => {
      await previewThenConfirm(mcp, "vm_device", {
        vm: VM,
        action: "edit",
        kind: "video_card",
        video_ram_kb: 16384,
        displays: 2,
      });
      const video = (await ofType("VirtualMachineVideoCard"))[0]!;
      assert.equal(num(video.videoRamSizeInKB), 16384);
      assert.equal(num(video.numDisplays), 2);
      await previewThenConfirm(mcp, "vm_device", {
        vm: VM,
        action: "edit",
        kind: "video_card",
        enable_3d: true,
      });
      const again = await ofType("VirtualMachineVideoCard");
      assert.equal(again.length, 1, "the second edit changed the same card");
      assert.equal(again[0]?.enable3DSupport, true);
      assert.equal((await inspect("video")).items?.[0]?.numDisplays, 2);

      await previewThenConfirm(mcp, "vm_device", { vm: VM, action: "add", kind: "tpm" });
      assert.equal((await ofType("VirtualTPM")).length, 1);
      const twice = await mcp.call("vm_device", { vm: VM, action: "add", kind: "tpm" });
      assert.equal(twice.isError, true, "a second TPM is refused");
      await previewThenConfirm(mcp, "vm_device", { vm: VM, action: "remove", kind: "tpm" });
      assert.equal((await ofType("VirtualTPM")).length, 0);
    });

    await t.step("changes a disk's mode to independent_persistent", async () => {
      await previewThenConfirm(mcp, "vm_device", {
        vm: VM,
        action: "edit",
        kind: "disk",
        device: "1",
        disk_mode: "independent_persistent",
      });
      const disk = (await ofType("VirtualDisk"))[0]!;
      assert.equal(obj(disk.backing)?.diskMode, "independent_persistent");
      const disks = await inspect("disks");
      assert.equal(disks.items?.[0]?.disk_mode, "independent_persistent");
      const wrong = await mcp.call("vm_device", { vm: VM, action: "add", kind: "video_card" });
      assert.equal(wrong.isError, true);
      assert.match(textOf(wrong), /allowed: edit/);
    });

    await t.step("every ReconfigVM_Task the tool sent validates against the vim25 WSDL", async () => {
      const bodies = sent.map(bodyOfEnvelope).filter((b) => methodOfBody(b) === "ReconfigVM_Task");
      assert.ok(bodies.length >= 15, `${bodies.length} reconfigurations`);
      const labels = (await devices()).map((d: VimObject) => labelOf(d));
      assert.ok(labels.length > 0);
      assert.deepEqual(await validateRequests(bodies.map((xml, i) => ({ name: `reconfig ${i}`, xml }))), []);
    });
  } finally {
    await direct.close();
  }
});

Deno.test("vm_inspect reads disks with their chain, extraConfig, boot, tools, question, FT, encryption, HA and config", async () => {
  await using sim = await startVcsim();
  await using mcp = await connect({ target: sim.target(), toolsets: TOOLSETS });
  const direct = new VSphereClient(sim.target());
  const read = async (section: string, vm = "DC0_C0_RP0_VM0") =>
    readResult(await mcp.call("vm_inspect", { vm, section }));
  try {
    const disks = await read("disks");
    assert.equal(disks.count, 1);
    const disk = disks.items![0]!;
    const chain = disk.chain as { files: { name: string; type: string }[] }[];
    assert.ok(chain.length >= 1, "the disk has its base in the chain");
    assert.ok(chain[0]!.files.some((f) => f.name === disk.file), "the chain names the disk's file");
    assert.ok(chain[0]!.files.some((f) => f.type === "diskDescriptor"));

    assert.equal(disk.chain_length, chain.length);
    assert.equal(typeof (disks as { moref?: string }).moref, "string");

    const extra = await read("extra_config");
    assert.ok((extra.count ?? 0) > 0);
    assert.ok(extra.items?.every((i) => typeof i.key === "string"));

    const boot = await read("boot");
    assert.ok("firmware" in (boot.details ?? {}));

    const question = await read("question");
    assert.deepEqual(question.details, { pending: false });

    const ft = await read("fault_tolerance");
    assert.equal(ft.details?.state, "notConfigured");

    const enc = await read("encryption");
    assert.equal(enc.details?.encrypted, false);

    const customization = await read("customization");
    assert.deepEqual(customization.details, { status: null, start_time: null, end_time: null, error: null });

    const tools = await read("tools");
    assert.ok("running_status" in (tools.details ?? {}));

    const ha = await read("ha_monitoring");
    assert.equal(ha.details?.cluster, "DC0_C0");
    assert.equal(ha.details?.override, false);
    const standalone = await read("ha_monitoring", "DC0_H0_VM0");
    assert.equal(standalone.details?.cluster, null, "a VM on a standalone host has no HA");

    const config = await read("config");
    const exported = config.details?.config as Record<string, unknown>;
    assert.equal(exported.name, "DC0_C0_RP0_VM0");
    assert.ok(Array.isArray((exported.hardware as { device: unknown[] }).device));
  } finally {
    await direct.close();
  }
});
