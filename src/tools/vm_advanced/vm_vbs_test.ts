import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { bodyOfEnvelope, methodOfBody, validateRequests } from "../../../tests/helpers/wsdl.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { waitForTask } from "../../vsphere/objects/tasks.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { envelope, obj, previewThenConfirm, recordEnvelopes } from "../vm/testing.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

Deno.test("vm_vbs turns VBS on (EFI, secure boot, nested HV, IOMMU) and off for real", async () => {
  await using env = await simEnv(["vm_advanced"]);
  const { mcp, direct } = env;
  const sent = recordEnvelopes(mcp.app.vsphere());
  const search = (await direct.serviceContent()).searchIndex as MoRef;
  const vm = await direct.call("FindByInventoryPath", search, {
    inventoryPath: "DC0/vm/DC0_H0_VM1",
  }) as MoRef;
  const running = await mcp.call("vm_vbs", { vm: vm.value, enabled: true });
  assert.equal(running.isError, true, "a running VM is refused");
  assert.match(textOf(running), /power it off first/);
  await waitForTask(direct, await direct.call("PowerOffVM_Task", vm, {}) as MoRef, { pollMs: 20 });

  const read = () => retrieveOne(direct, vm, ["config"]).then((p) => obj(p.config)!);
  await previewThenConfirm(mcp, "vm_vbs", { vm: vm.value, enabled: true }, async (preview) => {
    assert.equal(preview.preview?.tier, "high");
    assert.equal(preview.preview?.targets[0]?.state?.firmware, "bios");
    assert.notEqual(obj((await read()).flags)?.vbsEnabled, true, "the preview changed nothing");
  });
  let config = await read();
  assert.equal(config.firmware, "efi");
  assert.equal(config.nestedHVEnabled, true);
  assert.equal(obj(config.flags)?.vbsEnabled, true);
  assert.equal(obj(config.flags)?.vvtdEnabled, true);
  assert.equal(obj(config.bootOptions)?.efiSecureBootEnabled, true);
  assert.equal(envelope(await mcp.call("vm_vbs", { vm: vm.value, enabled: true })).status, "unchanged");

  await previewThenConfirm(mcp, "vm_vbs", { vm: vm.value, enabled: false });
  config = await read();
  assert.equal(obj(config.flags)?.vbsEnabled, false);
  assert.equal(config.nestedHVEnabled, false);
  assert.equal(config.firmware, "efi", "the firmware stays so the guest keeps booting");

  const bodies = sent.map(bodyOfEnvelope).filter((b) => methodOfBody(b) === "ReconfigVM_Task");
  assert.equal(bodies.length, 2);
  assert.deepEqual(await validateRequests(bodies.map((xml, i) => ({ name: `vbs ${i}`, xml }))), []);
});

Deno.test("vm_inspect section=storage refreshes and reports per-datastore usage as vCenter has it", async () => {
  await using env = await simEnv(["vm_advanced"]);
  const { mcp, direct } = env;
  const result = await mcp.call("vm_inspect", { vm: "DC0_H0_VM0", section: "storage" });
  assert.equal(result.isError, undefined, textOf(result));
  const out = result.structuredContent as {
    moref: string;
    items: { datastore: string; committed_bytes: number }[];
    details: { committed_bytes: number | null };
  };
  const storage = obj(
    (await retrieveOne(direct, { type: "VirtualMachine", value: out.moref }, ["storage"])).storage,
  );
  const usage = (storage?.perDatastoreUsage ?? []) as { committed?: number }[];
  assert.equal(out.items.length, usage.length);
  assert.ok(out.items.length >= 1);
  assert.equal(out.items[0]?.datastore, "LocalDS_0");
  assert.equal(out.items[0]?.committed_bytes, usage[0]?.committed ?? 0);
});
