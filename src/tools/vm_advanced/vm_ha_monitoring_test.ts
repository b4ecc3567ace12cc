import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { bodyOfEnvelope, methodOfBody, validateRequests } from "../../../tests/helpers/wsdl.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { envelope, obj, objects, previewThenConfirm, recordEnvelopes } from "../vm/testing.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

const VM = "DC0_C0_RP0_VM0";

Deno.test("vm_ha_monitoring adds a VM monitoring override in the cluster, keeps it idempotent, edits it", async () => {
  await using env = await simEnv(["vm_advanced"]);
  const { mcp, direct } = env;
  const sent = recordEnvelopes(mcp.app.vsphere());
  const search = (await direct.serviceContent()).searchIndex as MoRef;
  const cluster = await direct.call("FindByInventoryPath", search, {
    inventoryPath: "DC0/host/DC0_C0",
  }) as MoRef;
  const override = async (vm: string): Promise<VimObject | undefined> => {
    const config = obj((await retrieveOne(direct, cluster, ["configurationEx"])).configurationEx);
    return objects(config?.dasVmConfig).find((c) => (c.key as MoRef).value === vm);
  };
  let vmId = "";
  const args = { vm: VM, monitoring: "vmAndAppMonitoring", failure_interval: 60, max_failures: 3 };
  await previewThenConfirm(mcp, "vm_ha_monitoring", args, async (preview) => {
    assert.equal(preview.preview?.method, "ReconfigureComputeResource_Task");
    assert.equal(preview.preview?.tier, "medium");
    vmId = preview.preview!.targets[0]!.ref.value;
    assert.equal(await override(vmId), undefined, "the preview changed nothing");
  });
  const tools = obj(obj((await override(vmId))?.dasSettings)?.vmToolsMonitoringSettings);
  assert.equal(tools?.vmMonitoring, "vmAndAppMonitoring");
  assert.equal(tools?.enabled, true);
  assert.equal(tools?.failureInterval, 60);
  assert.equal(tools?.maxFailures, 3);

  const inspected = await mcp.call("vm_inspect", { vm: VM, section: "ha_monitoring" });
  const details = (inspected.structuredContent as { details: Record<string, unknown> }).details;
  assert.equal(details.override, true);
  assert.equal(details.vm_monitoring, "vmAndAppMonitoring");

  const again = envelope(await mcp.call("vm_ha_monitoring", { vm: VM, monitoring: "vmAndAppMonitoring" }));
  assert.equal(again.status, "unchanged");

  // An existing override is edited, keeping its other HA settings (the simulator applies only restart
  // priority on edit, so this request is judged by the WSDL).
  await previewThenConfirm(mcp, "vm_ha_monitoring", { vm: VM, monitoring: "vmMonitoringOnly" });
  const edit = sent.map(bodyOfEnvelope).filter((b) => methodOfBody(b) === "ReconfigureComputeResource_Task");
  assert.equal(edit.length, 2);
  assert.match(edit[1]!, /<operation>edit<\/operation>/);
  assert.match(edit[1]!, /<vmMonitoring>vmMonitoringOnly<\/vmMonitoring>/);
  assert.deepEqual(await validateRequests(edit.map((xml, i) => ({ name: `ha ${i}`, xml }))), []);

  const standalone = await mcp.call("vm_ha_monitoring", {
    vm: "DC0_H0_VM0",
    monitoring: "vmMonitoringOnly",
  });
  assert.equal(standalone.isError, true);
  assert.match(textOf(standalone), /needs an HA cluster/);
});
