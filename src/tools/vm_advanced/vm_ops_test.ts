/**
 * The vm_advanced write tools against the simulator: each previews with the right method and tier and
 * changes nothing; where the simulator implements the method the effect is read back, and where it lacks
 * it (most of these) the exact request body the tool sent is validated against VMware's vim25 WSDL.
 */
import assert from "node:assert/strict";
import { connect, textOf } from "../../../tests/helpers/mcp.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { bodyOfEnvelope, methodOfBody, validateRequests } from "../../../tests/helpers/wsdl.ts";
import type { CallToolResult } from "../../mcp_sdk.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { waitForTask } from "../../vsphere/objects/tasks.ts";
import { SoapEncoder } from "../../vsphere/soap/encode.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { vim25Schema } from "../../vsphere/vim25/vim_schema.ts";
import { envelope, obj, previewThenConfirm, recordEnvelopes } from "../vm/testing.ts";
import { scheduledTaskSpec, updatedSpec } from "./scheduled_task.ts";
import { answerRequest } from "./vm_answer.ts";
import { changedAreasRequest } from "./vm_changed_blocks.ts";
import { diskRequest } from "./vm_disk_maintenance.ts";
import { encryptionSpec } from "./vm_encryption.ts";
import { ftRequest } from "./vm_fault_tolerance.ts";
import { toolsRequest } from "./vm_guest_tools.ts";

const TOOLSETS = ["inventory", "vm", "vm_advanced"];
const ON = "DC0_H0_VM0";
const OFF = "DC0_H0_VM1";
const VM_REF: MoRef = { type: "VirtualMachine", value: "vm-42" };

/** Preview (asserting method and tier), then confirm; returns the confirmed call's raw result. */
async function previewAndTry(
  mcp: Awaited<ReturnType<typeof connect>>,
  tool: string,
  args: Record<string, unknown>,
  expect: { method: string; tier: string },
): Promise<CallToolResult> {
  const preview = envelope(await mcp.call(tool, args));
  assert.equal(preview.status, "confirmation_required", JSON.stringify(preview));
  assert.equal(preview.preview?.method, expect.method);
  assert.equal(preview.preview?.tier, expect.tier);
  return await mcp.call(tool, { ...args, confirm: true, confirmation_handle: preview.confirmation_handle });
}

function lacking(result: CallToolResult): void {
  assert.equal(result.isError, true, "the simulator lacks this method");
  assert.match(textOf(result), /not supported|NotSupported|MethodNotFound|not implemented/i);
}

async function find(direct: VSphereClient, vm: string): Promise<MoRef> {
  const search = (await direct.serviceContent()).searchIndex as MoRef;
  return await direct.call("FindByInventoryPath", search, { inventoryPath: `DC0/vm/${vm}` }) as MoRef;
}

async function power(direct: VSphereClient, vm: string, method: string) {
  const ref = await find(direct, vm);
  const task = await direct.call(method, ref, {}) as MoRef;
  await waitForTask(direct, task, { pollMs: 20 });
  return ref;
}

Deno.test("vm_advanced write tools preview honestly and send WSDL-valid requests", async (t) => {
  await using sim = await startVcsim();
  await using mcp = await connect({ target: sim.target(), toolsets: TOOLSETS });
  const direct = new VSphereClient(sim.target());
  const sent = recordEnvelopes(mcp.app.vsphere());
  try {
    const offRef = await power(direct, OFF, "PowerOffVM_Task");

    await t.step("vm_guest_tools: unmount is a no-op, mount and upgrade go to vCenter", async () => {
      const none = envelope(await mcp.call("vm_guest_tools", { vm: ON, action: "unmount_installer" }));
      assert.equal(none.status, "unchanged");
      assert.match(none.result?.message ?? "", /not mounted/);
      lacking(
        await previewAndTry(mcp, "vm_guest_tools", { vm: ON, action: "mount_installer" }, {
          method: "MountToolsInstaller",
          tier: "medium",
        }),
      );
      lacking(
        await previewAndTry(mcp, "vm_guest_tools", {
          vm: ON,
          action: "upgrade",
          installer_options: "/S /v /qn",
        }, { method: "UpgradeTools_Task", tier: "medium" }),
      );
      lacking(
        await previewAndTry(mcp, "vm_guest_tools", {
          vm: ON,
          action: "display_topology",
          displays: [{ x: 0, y: 0, width: 1920, height: 1080 }, { x: 1920, y: 0, width: 1280, height: 1024 }],
        }, { method: "SetDisplayTopology", tier: "medium" }),
      );
      const off = await mcp.call("vm_guest_tools", { vm: OFF, action: "upgrade" });
      assert.equal(off.isError, true);
      assert.match(textOf(off), /needs a powered-on VM/);
    });

    await t.step("vm_terminate is critical, acts only on a running VM", async () => {
      const already = envelope(await mcp.call("vm_terminate", { vm: OFF }));
      assert.equal(already.status, "unchanged");
      lacking(
        await previewAndTry(mcp, "vm_terminate", { vm: ON }, { method: "TerminateVM", tier: "critical" }),
      );
      const state = await retrieveOne(direct, await find(direct, ON), [
        "runtime.powerState",
      ]);
      assert.equal(state["runtime.powerState"], "poweredOn", "the failed terminate left the VM running");
    });

    await t.step("vm_screenshot and vm_instant_clone need a running VM", async () => {
      lacking(
        await previewAndTry(mcp, "vm_screenshot", { vm: ON }, {
          method: "CreateScreenshot_Task",
          tier: "low",
        }),
      );
      lacking(
        await previewAndTry(mcp, "vm_instant_clone", {
          vm: ON,
          name: "ic-01",
          folder: "vm",
          datastore: "LocalDS_0",
          guestinfo: { "guestinfo.hostname": "ic-01" },
        }, { method: "InstantClone_Task", tier: "high" }),
      );
      const off = await mcp.call("vm_screenshot", { vm: OFF });
      assert.equal(off.isError, true);
    });

    await t.step("vm_answer without a pending question changes nothing", async () => {
      const none = envelope(await mcp.call("vm_answer", { vm: ON, choice: "1" }));
      assert.equal(none.status, "unchanged");
      assert.match(none.result?.message ?? "", /no pending question/);
    });

    await t.step("vm_console vmrc issues a clone ticket that really clones the session", async () => {
      const { done } = await previewThenConfirmEnvelope(mcp, "vm_console", { vm: ON, action: "vmrc" });
      const result = done.result as unknown as { ticket: string; url: string };
      assert.ok(result.ticket.length > 0);
      assert.match(result.url, /^vmrc:\/\/clone:.+@127\.0\.0\.1:\d+\/\?moid=vm-\d+$/);
      // The ticket is real: a fresh connection without a login can clone the session with it.
      const fresh = new VSphereClient(sim.target());
      try {
        const sessionManager = (await fresh.serviceContent()).sessionManager as MoRef;
        const session = obj(await fresh.call("CloneSession", sessionManager, { cloneTicket: result.ticket }));
        assert.ok(session?.key, "CloneSession accepted the ticket");
      } finally {
        await fresh.close();
      }
      lacking(
        await previewAndTry(mcp, "vm_console", { vm: ON, action: "webmks" }, {
          method: "AcquireTicket",
          tier: "high",
        }),
      );
    });

    await t.step("vm_disk_maintenance refuses a running VM and sends each disk-manager request", async () => {
      const running = await mcp.call("vm_disk_maintenance", { vm: ON, action: "shrink" });
      assert.equal(running.isError, true);
      assert.match(textOf(running), /power it off first/);
      for (const action of ["shrink", "defragment", "inflate", "zero_fill", "eager_zero", "promote"]) {
        const method = {
          shrink: "ShrinkVirtualDisk_Task",
          defragment: "DefragmentVirtualDisk_Task",
          inflate: "InflateVirtualDisk_Task",
          zero_fill: "ZeroFillVirtualDisk_Task",
          eager_zero: "EagerZeroVirtualDisk_Task",
          promote: "PromoteDisks_Task",
        }[action]!;
        const args = { vm: offRef.value, action, ...(action === "promote" ? { disk: "1" } : {}) };
        lacking(await previewAndTry(mcp, "vm_disk_maintenance", args, { method, tier: "high" }));
      }
      const shrink = sent.map(bodyOfEnvelope).find((b) => methodOfBody(b) === "ShrinkVirtualDisk_Task")!;
      assert.match(
        shrink,
        /<name>\[LocalDS_0\] DC0_H0_VM1\/disk1\.vmdk<\/name><datacenter type="Datacenter">/,
      );
    });

    await t.step("vm_compatibility runs every check as a read (no confirmation)", async () => {
      for (
        const check of [
          "vmotion",
          "migrate",
          "relocate",
          "host_compatibility",
          "power_on",
          "fault_tolerance",
          "unowned_files",
        ]
      ) {
        const result = await mcp.call("vm_compatibility", {
          vm: ON,
          check,
          ...(check === "relocate" ? { datastore: "LocalDS_0" } : { host: "DC0_C0_H0" }),
          test_types: ["sourceTests", "hostTests"],
        });
        lacking(result);
      }
      lacking(await mcp.call("vm_compatibility", { vm: "DC0_C0_RP0_VM0", check: "compatible_hosts" }));
      const body = sent.map(bodyOfEnvelope).find((b) =>
        methodOfBody(b) === "QueryVMotionCompatibilityEx_Task"
      )!;
      assert.match(body, /<_this type="ServiceInstance">ServiceInstance<\/_this><vm type="VirtualMachine">/);
      const hosts = sent.map(bodyOfEnvelope).filter((b) =>
        methodOfBody(b) === "QueryVMotionCompatibilityEx_Task"
      )
        .at(-1)!;
      assert.equal(
        [...hosts.matchAll(/<host type="HostSystem">/g)].length,
        3,
        "every host of DC0_C0 is asked",
      );
    });

    await t.step("vm_changed_blocks needs CBT, then asks for the changed areas", async () => {
      const off = await mcp.call("vm_changed_blocks", { vm: ON });
      assert.equal(off.isError, true);
      assert.match(textOf(off), /Changed Block Tracking is off/);
      await previewThenConfirm(mcp, "vm_reconfigure", { vm: ON, change_tracking: true });
      lacking(
        await mcp.call("vm_changed_blocks", { vm: ON, change_id: "52 de 1a/3", start_offset: 1048576 }),
      );
    });

    await t.step(
      "vm_fault_tolerance enables with a host and datastore; disable is a no-op without FT",
      async () => {
        lacking(
          await previewAndTry(mcp, "vm_fault_tolerance", {
            vm: ON,
            action: "enable",
            host: "DC0_C0_H1",
            datastore: "LocalDS_0",
          }, { method: "CreateSecondaryVMEx_Task", tier: "high" }),
        );
        const none = envelope(await mcp.call("vm_fault_tolerance", { vm: ON, action: "disable" }));
        assert.equal(none.status, "unchanged");
      },
    );

    await t.step("vm_encryption is critical; decrypt and re-key of a plain VM are no-ops", async () => {
      const done = await previewAndTry(mcp, "vm_encryption", {
        vm: OFF,
        action: "encrypt",
        key_provider: "kms-cluster-1",
        storage_policy: "4d5f673c-536f-11e6-beb8-9e71128cae77",
      }, { method: "ReconfigVM_Task", tier: "critical" });
      // The simulator accepts the reconfiguration but keeps no keys: only the request can be judged here.
      assert.notEqual(done.isError, true, textOf(done));
      for (const action of ["decrypt", "rekey", "shallow_rekey"]) {
        const r = envelope(
          await mcp.call("vm_encryption", { vm: ON, action, key_provider: "kms-cluster-1" }),
        );
        assert.equal(r.status, "unchanged");
      }
      const running = await mcp.call("vm_encryption", { vm: ON, action: "encrypt", key_provider: "k" });
      assert.equal(running.isError, true, "encrypting a running VM is refused");
    });

    await t.step(
      "scheduled_task create sends a ScheduledTaskSpec; the list is empty in the simulator",
      async () => {
        const list = await mcp.call("scheduled_task_list", {});
        assert.equal(list.isError, undefined, textOf(list));
        assert.equal((list.structuredContent as { count: number }).count, 0);
        lacking(
          await previewAndTry(mcp, "scheduled_task", {
            action: "create",
            vm: ON,
            name: "nightly-off",
            operation: "power_off",
            schedule: "weekly",
            weekdays: ["saturday"],
            hour: 2,
            minute: 30,
            notification: "ops@example.com",
          }, { method: "CreateScheduledTask", tier: "high" }),
        );
        const missing = await mcp.call("scheduled_task", { action: "run", task: "nightly-off" });
        assert.equal(missing.isError, true);
        assert.match(textOf(missing), /ScheduledTask/);
      },
    );

    await t.step("every request the tools sent validates against the vim25 WSDL", async () => {
      const own = new Set([
        "MountToolsInstaller",
        "UpgradeTools_Task",
        "SetDisplayTopology",
        "TerminateVM",
        "CreateScreenshot_Task",
        "InstantClone_Task",
        "AcquireCloneTicket",
        "AcquireTicket",
        "ShrinkVirtualDisk_Task",
        "DefragmentVirtualDisk_Task",
        "InflateVirtualDisk_Task",
        "ZeroFillVirtualDisk_Task",
        "EagerZeroVirtualDisk_Task",
        "PromoteDisks_Task",
        "QueryVMotionCompatibilityEx_Task",
        "CheckMigrate_Task",
        "CheckRelocate_Task",
        "CheckCompatibility_Task",
        "CheckPowerOn_Task",
        "QueryFaultToleranceCompatibilityEx",
        "QueryUnownedFiles",
        "QueryChangedDiskAreas",
        "CreateSecondaryVMEx_Task",
        "ReconfigVM_Task",
        "CreateScheduledTask",
      ]);
      const bodies = sent.map(bodyOfEnvelope).filter((b) => own.has(methodOfBody(b)));
      assert.deepEqual(new Set(bodies.map(methodOfBody)), own, "each method was really sent");
      assert.deepEqual(
        await validateRequests(bodies.map((xml, i) => ({ name: `${i}:${methodOfBody(xml)}`, xml }))),
        [],
      );
    });
  } finally {
    await direct.close();
  }
});

async function previewThenConfirmEnvelope(
  mcp: Awaited<ReturnType<typeof connect>>,
  tool: string,
  args: Record<string, unknown>,
) {
  return { done: await previewThenConfirm(mcp, tool, args) };
}

Deno.test("requests no simulator call can reach validate against the vim25 WSDL", async () => {
  const encoder = new SoapEncoder(vim25Schema);
  const disk: VimObject = {
    _type: "VirtualDisk",
    key: 2000,
    deviceInfo: { _type: "Description", label: "Hard disk 1", summary: "1,048,576 KB" },
    backing: {
      _type: "VirtualDiskFlatVer2BackingInfo",
      fileName: "[ds1] web-01/web-01.vmdk",
      diskMode: "persistent",
      thinProvisioned: true,
    },
    controllerKey: 1000,
    unitNumber: 0,
    capacityInKB: 1048576,
  };
  const task: MoRef = { type: "ScheduledTask", value: "schedule-3" };
  const manager: MoRef = { type: "ScheduledTaskManager", value: "ScheduledTaskManager" };
  const stored: VimObject = {
    _type: "ScheduledTaskInfo",
    name: "nightly",
    description: "",
    enabled: true,
    scheduler: { _type: "DailyTaskScheduler", interval: 1, minute: 0, hour: 1 },
    action: { _type: "MethodAction", name: "PowerOffVM_Task" },
  };
  const cases: [string, MoRef, Record<string, unknown>][] = [
    [answerRequest("q-1", "2").method, VM_REF, answerRequest("q-1", "2").args],
    ["UnmountToolsInstaller", VM_REF, toolsRequest("unmount_installer").args],
    [
      "QueryChangedDiskAreas",
      VM_REF,
      changedAreasRequest({
        snapshot: { type: "VirtualMachineSnapshot", value: "snapshot-9" },
        deviceKey: 2000,
        startOffset: 0,
        changeId: "*",
      }),
    ],
    ["TurnOffFaultToleranceForVM_Task", VM_REF, ftRequest("disable").args],
    ["CreateSecondaryVMEx_Task", VM_REF, ftRequest("enable").args],
    ["PromoteDisks_Task", VM_REF, diskRequest("promote", { file: "", unlink: false }).args],
    ["ReconfigVM_Task", VM_REF, encryptionSpec("decrypt", { disks: [disk] })],
    ["ReconfigVM_Task", VM_REF, encryptionSpec("rekey", { provider: "kms-1", disks: [disk] })],
    [
      "ReconfigVM_Task",
      VM_REF,
      encryptionSpec("shallow_rekey", { provider: "kms-1", keyId: "k-7", disks: [] }),
    ],
    ["CreateScheduledTask", manager, {
      entity: VM_REF,
      spec: scheduledTaskSpec({
        name: "snap",
        operation: "snapshot",
        snapshot_name: "nightly",
        schedule: "once",
        run_at: "2026-12-01T02:00:00Z",
      }),
    }],
    ["CreateScheduledTask", manager, {
      entity: VM_REF,
      spec: scheduledTaskSpec({ name: "boot", operation: "power_on", schedule: "after_startup", minute: 5 }),
    }],
    ["CreateScheduledTask", manager, {
      entity: VM_REF,
      spec: scheduledTaskSpec({
        name: "h",
        operation: "reboot_guest",
        schedule: "hourly",
        minute: 15,
        interval: 6,
      }),
    }],
    ["ReconfigureScheduledTask", task, { spec: updatedSpec(stored, { enabled: false, name: "nightly-2" }) }],
    ["ReconfigureScheduledTask", task, {
      spec: updatedSpec(stored, { schedule: "daily", hour: 3, minute: 10, operation: "suspend" }),
    }],
    ["RunScheduledTask", task, {}],
    ["RemoveScheduledTask", task, {}],
  ];
  const bodies = cases.map(([method, thisRef, args], i) => ({
    name: `${i}:${method}`,
    xml: encoder.body(method, thisRef, args as Record<string, never>),
  }));
  assert.deepEqual(await validateRequests(bodies), []);
  // A snapshot action carries its four CreateSnapshot_Task arguments typed in the anyType slots.
  const snap = bodies[9]!.xml;
  assert.match(
    snap,
    /<name>CreateSnapshot_Task<\/name><argument><value xsi:type="xsd:string">nightly<\/value>/,
  );
  assert.match(snap, /<value xsi:type="xsd:boolean">false<\/value>/);
});
