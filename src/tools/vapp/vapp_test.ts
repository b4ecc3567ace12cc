import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { connectRecording } from "../../../tests/helpers/recording.ts";
import { confirm, preview } from "../../../tests/helpers/confirm.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { validateRequests } from "../../../tests/helpers/wsdl.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";

const VAPP = "DC0_C0_APP0";

Deno.test("vapp_list and vapp_power: state from vCenter, idempotent on, WSDL-valid power off", async () => {
  await using sim = await startVcsim({ model: { app: 1 } });
  await using mcp = await connectRecording(sim.target(), ["vapp"]);
  const direct = new VSphereClient(sim.target());
  try {
    const vapp = await resolveEntity(direct, "VirtualApp", VAPP);
    const vms = (await retrieveOne(direct, vapp.ref, ["vm"])).vm as MoRef[];
    const listed = (await mcp.call("vapp_list", {})).structuredContent as {
      vapps: { moref: string; name: string; state: string; vms: number; vms_powered_on: number }[];
    };
    assert.deepEqual(listed.vapps.map((a) => [a.moref, a.name, a.state, a.vms, a.vms_powered_on]), [
      [vapp.ref.value, VAPP, "started", vms.length, vms.length],
    ]);

    const on = (await mcp.call("vapp_power", { vapp: VAPP, action: "on" })).structuredContent as {
      status: string;
    };
    assert.equal(on.status, "unchanged", "a started vApp is left alone");

    // The simulator has no vApp power methods: preview, request shape and the typed outcome are checked.
    const off = { vapp: VAPP, action: "off", force: true };
    const p = await preview(mcp, "vapp_power", off);
    assert.equal(p.preview?.method, "PowerOffVApp_Task");
    assert.equal(p.preview?.tier, "medium");
    assert.equal(p.preview?.targets[0]?.state?.state, "started");
    const outcome = await mcp.call("vapp_power", {
      ...off,
      confirm: true,
      confirmation_handle: p.confirmation_handle,
    });
    assert.match(textOf(outcome), /MethodNotFound \(PowerOffVApp_Task\)/);
    for (const vm of vms) {
      assert.equal(
        (await retrieveOne(direct, vm, ["runtime.powerState"]))["runtime.powerState"],
        "poweredOn",
      );
    }
    const bodies = mcp.requests("PowerOffVApp_Task");
    assert.equal(bodies.length, 1);
    assert.match(bodies[0]!.xml, /<force>true<\/force>/);
    assert.deepEqual(await validateRequests(bodies), []);
  } finally {
    await direct.close();
  }
});

Deno.test("vapp_delete previews every VM, then the vApp is really gone", async () => {
  await using sim = await startVcsim({ model: { app: 1 } });
  await using mcp = await connectRecording(sim.target(), ["vapp"]);
  const direct = new VSphereClient(sim.target());
  try {
    const apps = async () => {
      const names: string[] = [];
      for await (const a of retrieveView(direct, { type: "VirtualApp", paths: ["name"] })) {
        names.push(String(a.props.name));
      }
      return names;
    };
    const p = await preview(mcp, "vapp_delete", { vapp: VAPP });
    assert.equal(p.preview?.tier, "critical");
    assert.equal(p.preview?.targets.length, 3, "the vApp and its two VMs");
    assert.deepEqual(await apps(), [VAPP], "the preview changed nothing");
    const done = await confirm(mcp, "vapp_delete", { vapp: VAPP }, p.confirmation_handle);
    assert.equal((done.deleted_vms as string[]).length, 2);
    assert.deepEqual(await apps(), [], "the vApp is really gone");
    assert.deepEqual(await validateRequests(mcp.requests("Destroy_Task")), []);
  } finally {
    await direct.close();
  }
});
