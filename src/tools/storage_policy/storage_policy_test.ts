import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { previewThenConfirm, structured } from "../../../tests/helpers/confirm.ts";
import { validateRequests } from "../../../tests/helpers/wsdl.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { PbmClient, pbmOf } from "../../vsphere/pbm/client.ts";
import { createSpecXml, queryProfileXml, retrieveContentXml, tagRule } from "../../vsphere/pbm/policies.ts";
import { asObjects, str } from "../shared/vim_values.ts";
import { assignPolicySpec } from "./vm_storage_policy.ts";

function setup() {
  return simEnv(["storage_policy"]);
}

/** Policy names straight from the PBM service, with a client of its own. */
async function policyNames(direct: VSphereClient): Promise<string[]> {
  const pbm = pbmOf(direct);
  const { profileManager } = await pbm.content();
  const ids = asObjects(await pbm.call("PbmQueryProfile", profileManager, queryProfileXml()))
    .map((i) => str(i.uniqueId)!);
  return asObjects(await pbm.call("PbmRetrieveContent", profileManager, retrieveContentXml(ids)))
    .map((p) => str(p.name)!);
}

Deno.test("storage_policy_list lists the simulator's policies, one with rules, and compatible datastores", async () => {
  await using env = await setup();
  const { mcp } = env;
  const list = structured(await mcp.call("storage_policy_list", {})) as unknown as {
    policies: { id: string; name: string; rule_count: number }[];
  };
  const names = list.policies.map((p) => p.name);
  assert.ok(names.includes("vSAN Default Storage Policy"), names.join(", "));
  assert.deepEqual(names.sort(), (await policyNames(env.direct)).sort());

  const got = structured(
    await mcp.call("storage_policy_list", { action: "get", policy: "vSAN Default Storage Policy" }),
  ) as unknown as { policies: { rules: { namespace: string; capability: string; value: string }[] }[] };
  const rules = got.policies[0]!.rules;
  assert.ok(
    rules.some((r) => r.namespace === "VSAN" && r.capability === "hostFailuresToTolerate" && r.value === "1"),
  );

  const compat = structured(
    await mcp.call("storage_policy_list", {
      action: "compatible_datastores",
      policy: "vSAN Default Storage Policy",
    }),
  ) as unknown as { datastores: { name: string; compatible: boolean }[] };
  assert.ok(compat.datastores.some((d) => d.name === "LocalDS_0" && d.compatible));

  const missing = await mcp.call("storage_policy_list", { action: "get", policy: "no such policy" });
  assert.equal(missing.isError, true);
  assert.match(textOf(missing), /No storage policy named "no such policy"/);
});

Deno.test("storage_policy_list vm shows the VM home and each disk", async () => {
  await using env = await setup();
  const out = structured(
    await env.mcp.call("storage_policy_list", { action: "vm", vm: "DC0_H0_VM0" }),
  ) as unknown as {
    vm: { objects: { object: string; label: string; compliance: string }[] };
  };
  assert.equal(out.vm.objects[0]!.label, "vm home");
  assert.ok(out.vm.objects.some((o) => /:\d+$/.test(o.object)), "a disk entity vm-N:key");
});

Deno.test("storage_policy creates a tag-based policy for real and deletes it (critical, previewed)", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  const args = { action: "create", name: "gold-tier", tag_category: "StorageTier", tags: ["gold"] };
  const { first, done } = await previewThenConfirm(mcp, "storage_policy", args, async () => {
    assert.ok(!(await policyNames(direct)).includes("gold-tier"), "the preview created nothing");
  });
  assert.equal(first.preview?.tier, "critical");
  assert.equal(first.preview?.method, "PbmProfileProfileManager.PbmCreate");
  assert.ok((await policyNames(direct)).includes("gold-tier"), "the policy really exists");
  const id = String(done.result?.id);
  assert.match(id, /^[0-9a-f-]{36}$/);

  const again = structured(await mcp.call("storage_policy", args));
  assert.equal(again.status, "unchanged");
  assert.match(String(again.result?.message), /already exists/);

  const got = structured(await mcp.call("storage_policy_list", { action: "get", policy: id })) as unknown as {
    policies: { rules: { namespace: string; capability: string; value: string }[] }[];
  };
  assert.deepEqual(got.policies[0]!.rules.map((r) => [r.namespace, r.capability, r.value]), [
    ["http://www.vmware.com/storage/tag", "StorageTier", "gold"],
  ]);

  await previewThenConfirm(mcp, "storage_policy", { action: "delete", policy: "gold-tier" });
  assert.ok(!(await policyNames(direct)).includes("gold-tier"), "the policy is really gone");

  const builtin = await mcp.call("storage_policy", {
    action: "delete",
    policy: "vSAN Default Storage Policy",
  });
  assert.equal(builtin.isError, true);
  assert.match(textOf(builtin), /vCenter created itself/);
});

Deno.test("vm_storage_policy previews and reconfigures the VM; its request validates against the WSDL", async () => {
  await using env = await setup();
  const { mcp } = env;
  const args = { vm: "DC0_H0_VM0", policy: "vSAN Default Storage Policy" };
  const { first, done } = await previewThenConfirm(mcp, "vm_storage_policy", args);
  assert.equal(first.preview?.method, "ReconfigVM_Task");
  assert.equal(first.preview?.tier, "medium");
  assert.equal(done.result?.task_state, "success");
  assert.equal(done.result?.disks, 1);

  const spec = assignPolicySpec("aa6d5a82-1c88-45da-85d3-3d74b91a5bad", [{
    _type: "VirtualDisk",
    key: 2000,
    deviceInfo: { _type: "Description", label: "Hard disk 1", summary: "1 GB" },
    backing: {
      _type: "VirtualDiskFlatVer2BackingInfo",
      fileName: "[LocalDS_0] vm/vm.vmdk",
      diskMode: "persistent",
    },
    controllerKey: 1000,
    unitNumber: 0,
    capacityInKB: 1048576,
  }]);
  const body = env.direct.soap.encoder.body("ReconfigVM_Task", { type: "VirtualMachine", value: "vm-1" }, {
    spec,
  });
  assert.deepEqual(await validateRequests([{ name: "assign", xml: body }]), []);
  assert.match(body, /<deviceChange><operation>edit<\/operation><device xsi:type="VirtualDisk">/);
  assert.match(body, /<profile xsi:type="VirtualMachineDefinedProfileSpec"><profileId>aa6d5a82/);
  assert.match(body, /<\/deviceChange><vmProfile xsi:type="VirtualMachineDefinedProfileSpec">/);
});

Deno.test("PBM answers decode; faults map onto the shared taxonomy; the create spec has the PBM shape", () => {
  const ok = PbmClient.parse(
    "PbmQueryProfile",
    200,
    `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><PbmQueryProfileResponse xmlns="urn:pbm"><returnval><uniqueId>a</uniqueId></returnval><returnval><uniqueId>b</uniqueId></returnval></PbmQueryProfileResponse></soapenv:Body></soapenv:Envelope>`,
  );
  assert.deepEqual(ok, [{ uniqueId: "a" }, { uniqueId: "b" }]);
  assert.throws(
    () =>
      PbmClient.parse(
        "PbmRetrieveContent",
        500,
        `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>gone</faultstring><detail><PbmFaultNotFoundFault xmlns="urn:pbm" xsi:type="PbmFaultNotFound"></PbmFaultNotFoundFault></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
      ),
    (e: Error & { kind?: string }) => e.kind === "NotFound" && /gone/.test(e.message),
  );
  assert.throws(() => PbmClient.parse("PbmQueryProfile", 404, "404 page not found"), /no storage policy/);
  const spec = createSpecXml({ name: "x", rules: [tagRule("Tier", ["gold", "silver"])] });
  assert.equal(
    spec,
    `<createSpec><name>x</name><category>REQUIREMENT</category><resourceType><resourceType>STORAGE</resourceType></resourceType><constraints xsi:type="PbmCapabilitySubProfileConstraints"><subProfiles><name>Rule-Set 1</name><capability><id><namespace>http://www.vmware.com/storage/tag</namespace><id>Tier</id></id><constraint><propertyInstance><id>com.vmware.storage.tag.Tier.property</id><value xsi:type="PbmCapabilityDiscreteSet"><values xsi:type="xsd:string">gold</values><values xsi:type="xsd:string">silver</values></value></propertyInstance></constraint></capability></subProfiles></constraints></createSpec>`,
  );
  assert.match(
    PbmClient.envelope(
      "PbmQueryProfile",
      { type: "PbmProfileProfileManager", value: "ProfileManager" },
      "",
      'vmware_soap_session="abc"',
    ),
    /<vcSessionCookie>abc<\/vcSessionCookie>/,
  );
});
