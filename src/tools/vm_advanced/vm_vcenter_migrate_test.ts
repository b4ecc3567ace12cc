import assert from "node:assert/strict";
import { connect, textOf } from "../../../tests/helpers/mcp.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { bodyOfEnvelope, methodOfBody, validateRequests } from "../../../tests/helpers/wsdl.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { envelope, recordEnvelopes } from "../vm/testing.ts";

const PASSWORD = "dr-s3cret-password";

Deno.test("vm_vcenter_migrate resolves the destination in the named target and never shows its password", async () => {
  await using sim = await startVcsim();
  // The "dr" target is the same simulator under another name and password: it plays the second vCenter.
  await using mcp = await connect({
    target: sim.target(),
    targets: { dr: sim.target({ password: PASSWORD }) },
    toolsets: ["vm_advanced"],
  }, {});
  const direct = new VSphereClient(sim.target());
  const sent = recordEnvelopes(mcp.app.vsphere());
  try {
    const search = (await direct.serviceContent()).searchIndex as MoRef;
    const vm = await direct.call("FindByInventoryPath", search, {
      inventoryPath: "DC0/vm/DC0_C0_RP0_VM0",
    }) as MoRef;
    const hostOf = async () =>
      ((await retrieveOne(direct, vm, ["runtime.host"]))["runtime.host"] as MoRef).value;
    const before = await hostOf();
    const hosts = ((await retrieveOne(
      direct,
      (await direct.call("FindByInventoryPath", search, {
        inventoryPath: "DC0/host/DC0_C0",
      })) as MoRef,
      ["host"],
    )).host as MoRef[]).map((h) => h.value);
    const destination = hosts.find((h) => h !== before)!;

    const args = { vm: vm.value, destination_target: "dr", host: destination, datastore: "LocalDS_0" };
    const preview = envelope(await mcp.call("vm_vcenter_migrate", args));
    assert.equal(preview.status, "confirmation_required");
    assert.equal(preview.preview?.tier, "high");
    assert.equal(preview.preview?.method, "RelocateVM_Task");
    assert.equal(preview.preview?.args?.destination_target, "dr");
    assert.equal(preview.preview?.args?.host, destination);
    assert.doesNotMatch(
      JSON.stringify(preview),
      new RegExp(PASSWORD),
      "the preview never carries the password",
    );
    assert.equal(await hostOf(), before, "the preview changed nothing");

    const done = await mcp.call("vm_vcenter_migrate", {
      ...args,
      confirm: true,
      confirmation_handle: preview.confirmation_handle,
    });
    assert.equal(done.isError, undefined, textOf(done));
    assert.doesNotMatch(JSON.stringify(done), new RegExp(PASSWORD));
    // The simulator has one inventory, so the "other vCenter's" host is one of its own: the move is real.
    assert.equal(await hostOf(), destination);

    const body = sent.map(bodyOfEnvelope).find((b) => methodOfBody(b) === "RelocateVM_Task")!;
    assert.match(
      body,
      /<service><instanceUuid>[^<]+<\/instanceUuid><url>https:\/\/127\.0\.0\.1:\d+\/sdk<\/url>/,
    );
    assert.match(
      body,
      /<credential xsi:type="ServiceLocatorNamePassword"><username>[^<]+<\/username><password>/,
    );
    assert.deepEqual(await validateRequests([{ name: "cross-vCenter relocate", xml: body }]), []);

    const unknown = await mcp.call("vm_vcenter_migrate", { ...args, destination_target: "nowhere" });
    assert.equal(unknown.isError, true);
  } finally {
    await direct.close();
  }
});
