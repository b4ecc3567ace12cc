import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { preview, previewThenConfirm, structured } from "../../../tests/helpers/confirm.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";
import { validateCases } from "../../../tests/helpers/wsdl_validate.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { asObjects, num, str } from "../shared/vim_values.ts";
import { leaseRequest } from "./lease.ts";
import { descriptorRequest } from "./ovf_export.ts";
import { importSpecRequest } from "./ovf_import.ts";

function setup() {
  return simEnv(["ovf"]);
}

/** GET a datastore file straight from the simulator's /folder handler (independent of the tools). */
async function fetchFile(direct: VSphereClient, path: string): Promise<Response> {
  await direct.ensureSession();
  const url = new URL(`/folder/${path}`, direct.soap.baseUrl);
  url.searchParams.set("dcPath", "DC0");
  url.searchParams.set("dsName", "LocalDS_0");
  return await direct.roundTripper(new Request(url, { headers: { cookie: direct.sessionCookie ?? "" } }));
}

async function vmsNamed(direct: VSphereClient, name: string): Promise<MoRef[]> {
  const out = [];
  for await (const vm of retrieveView(direct, { type: "VirtualMachine", paths: ["name"] })) {
    if (vm.props.name === name) out.push(vm.ref);
  }
  return out;
}

/** A complete OVF (vcsim crashes on one without <System>): 1 CPU, 64 MB, an LSI Logic controller and a disk. */
const OVF = `<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"
  xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"
  xmlns:vssd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData">
  <References><File ovf:id="file1" ovf:href="tiny-disk1.vmdk" ovf:size="16"/></References>
  <DiskSection><Info>Disks</Info>
    <Disk ovf:diskId="vmdisk1" ovf:fileRef="file1" ovf:capacity="1" ovf:capacityAllocationUnits="byte * 2^20"
      ovf:format="http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized"/>
  </DiskSection>
  <NetworkSection><Info>Networks</Info>
    <Network ovf:name="VM Network"><Description>The service network</Description></Network>
  </NetworkSection>
  <DeploymentOptionSection><Info>Sizes</Info>
    <Configuration ovf:id="small" ovf:default="true"><Label>Small</Label><Description>64 MB</Description></Configuration>
    <Configuration ovf:id="large"><Label>Large</Label><Description>128 MB</Description></Configuration>
  </DeploymentOptionSection>
  <VirtualSystem ovf:id="tiny">
    <Info>A tiny VM</Info>
    <Name>tiny</Name>
    <VirtualHardwareSection>
      <Info>Virtual hardware</Info>
      <System>
        <vssd:ElementName>Virtual Hardware Family</vssd:ElementName>
        <vssd:InstanceID>0</vssd:InstanceID>
        <vssd:VirtualSystemType>vmx-13</vssd:VirtualSystemType>
      </System>
      <Item><rasd:ElementName>1 virtual CPU</rasd:ElementName><rasd:InstanceID>1</rasd:InstanceID>
        <rasd:ResourceType>3</rasd:ResourceType><rasd:VirtualQuantity>1</rasd:VirtualQuantity></Item>
      <Item ovf:configuration="small"><rasd:ElementName>64 MB of memory</rasd:ElementName>
        <rasd:InstanceID>2</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType>
        <rasd:VirtualQuantity>64</rasd:VirtualQuantity></Item>
      <Item ovf:configuration="large"><rasd:ElementName>128 MB of memory</rasd:ElementName>
        <rasd:InstanceID>5</rasd:InstanceID><rasd:ResourceType>4</rasd:ResourceType>
        <rasd:VirtualQuantity>128</rasd:VirtualQuantity></Item>
      <Item><rasd:ElementName>SCSI controller 0</rasd:ElementName><rasd:InstanceID>3</rasd:InstanceID>
        <rasd:ResourceSubType>lsilogic</rasd:ResourceSubType><rasd:ResourceType>6</rasd:ResourceType></Item>
      <Item><rasd:AddressOnParent>0</rasd:AddressOnParent><rasd:ElementName>Hard disk 1</rasd:ElementName>
        <rasd:HostResource>ovf:/disk/vmdisk1</rasd:HostResource><rasd:InstanceID>4</rasd:InstanceID>
        <rasd:Parent>3</rasd:Parent><rasd:ResourceType>17</rasd:ResourceType></Item>
    </VirtualHardwareSection>
    <ProductSection ovf:class="guestinfo"><Info>Settings</Info>
      <Property ovf:key="hostname" ovf:type="string" ovf:value="tiny" ovf:userConfigurable="true">
        <Label>Host name</Label></Property>
    </ProductSection>
  </VirtualSystem>
</Envelope>
`;

Deno.test("datastore_file_upload writes a file for real; datastore_file_url gives its URL and content", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  const args = { path: "[LocalDS_0] notes/readme.txt", content: "hello datastore\n" };
  const { first } = await previewThenConfirm(mcp, "datastore_file_upload", args, async () => {
    assert.equal(
      await fetchFile(direct, "notes/readme.txt").then(async (r) => (await r.body?.cancel(), r.status)),
      404,
    );
  });
  assert.equal(first.preview?.tier, "high");
  assert.equal(first.preview?.method, "HTTP PUT /folder");
  const got = await fetchFile(direct, "notes/readme.txt");
  assert.equal(await got.text(), "hello datastore\n", "the file really is on the datastore");

  assert.equal(structured(await mcp.call("datastore_file_upload", args)).status, "unchanged");
  const exists = await mcp.call("datastore_file_upload", { ...args, content: "other" });
  assert.equal(exists.isError, true);
  assert.match(textOf(exists), /already exists/);

  const url = (await mcp.call("datastore_file_url", { path: "[LocalDS_0] notes/readme.txt" }))
    .structuredContent as { url: string };
  const href = url.url;
  assert.match(href, /\/folder\/notes\/readme\.txt\?dcPath=DC0&dsName=LocalDS_0$/);
  const down = (await mcp.call("datastore_file_url", {
    action: "download",
    path: "[LocalDS_0] notes/readme.txt",
  })).structuredContent as { content: string; size: number };
  assert.equal(down.content, "hello datastore\n");
  assert.equal(down.size, 16);
  const b64 = (await mcp.call("datastore_file_url", {
    action: "download",
    path: "[LocalDS_0] notes/readme.txt",
    encoding: "base64",
  })).structuredContent as { content: string };
  assert.equal(atob(b64.content), "hello datastore\n");

  const traversal = await mcp.call("datastore_file_url", { path: "[LocalDS_0] ../etc/passwd" });
  assert.equal(traversal.isError, true);
});

Deno.test("ovf_import imports an OVF from a datastore: the VM exists with the OVF's hardware and the disk is uploaded", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  for (const [path, content] of [["images/tiny.ovf", OVF], ["images/tiny-disk1.vmdk", "0123456789abcdef"]]) {
    await previewThenConfirm(mcp, "datastore_file_upload", { path: `[LocalDS_0] ${path}`, content });
  }
  const inspected = (await mcp.call("ovf_inspect", { ovf: "[LocalDS_0] images/tiny.ovf" }))
    .structuredContent as {
      virtual_systems: string[];
      deployment_options: { id: string; default: boolean }[];
      networks: { name: string }[];
      files: { href: string; size: number }[];
      properties: { key: string; default: string; configurable: boolean }[];
    };
  assert.deepEqual(inspected.virtual_systems, ["tiny"]);
  assert.deepEqual(inspected.deployment_options.map((o) => [o.id, o.default]), [["small", true], [
    "large",
    false,
  ]]);
  assert.deepEqual(inspected.networks.map((n) => n.name), ["VM Network"]);
  assert.deepEqual(inspected.files, [{ id: "file1", href: "tiny-disk1.vmdk", size: 16 }]);
  assert.deepEqual(inspected.properties.map((p) => [p.key, p.default, p.configurable]), [
    ["guestinfo.hostname", "tiny", true],
  ]);
  const notOvf = await mcp.call("ovf_inspect", { ovf: "[LocalDS_0] images/tiny-disk1.vmdk" });
  assert.equal(notOvf.isError, true);

  const args = {
    ovf: "[LocalDS_0] images/tiny.ovf",
    name: "tiny-01",
    target: "DC0_C0",
    datastore: "LocalDS_0",
    deployment_option: "large",
    properties: { "guestinfo.hostname": "secret-host" },
  };
  const { first, done } = await previewThenConfirm(mcp, "ovf_import", args, async () => {
    assert.deepEqual(await vmsNamed(direct, "tiny-01"), [], "the preview imported nothing");
  });
  assert.equal(first.preview?.tier, "high");
  assert.deepEqual(first.preview?.args?.files, ["tiny-disk1.vmdk"]);
  assert.ok(!JSON.stringify(first).includes("secret-host"), "property values are not previewed");
  const [vm] = await vmsNamed(direct, "tiny-01");
  assert.ok(vm, "the VM really exists");
  assert.equal(done.result?.vm, vm.value);
  const props = await retrieveOne(direct, vm, [
    "config.hardware.memoryMB",
    "config.hardware.numCPU",
    "config.hardware.device",
  ]);
  assert.equal(num(props["config.hardware.memoryMB"]), 128, "the large deployment option was imported");
  assert.equal(num(props["config.hardware.numCPU"]), 1);
  assert.equal(asObjects(props["config.hardware.device"]).filter((d) => d._type === "VirtualDisk").length, 1);
  const files = done.result?.files as { path: string; bytes: number }[];
  assert.deepEqual(files, [{ path: "[LocalDS_0] images/tiny-disk1.vmdk", bytes: 16 }]);

  const onHost = await previewThenConfirm(mcp, "ovf_import", { ...args, name: "tiny-02", target: "DC0_H0" });
  const [vm2] = await vmsNamed(direct, "tiny-02");
  assert.equal(
    onHost.done.result?.vm,
    vm2?.value,
    "imported onto the standalone host named like its compute resource",
  );
  const placed = (await retrieveOne(direct, vm2!, ["runtime.host"]))["runtime.host"] as MoRef;
  assert.equal(placed.value, "host-21", "the VM really runs on the standalone host");

  const bad = await mcp.call("ovf_import", { ...args, ovf: "[LocalDS_0] images/missing.ovf", name: "x" });
  assert.equal(bad.isError, true);
});

Deno.test("ovf_export previews for a powered-off VM; vcsim lacks ExportVm; its requests validate against the WSDL", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  const on = await mcp.call("ovf_export", { vm: "DC0_H0_VM0", destination: "[LocalDS_0] exports/vm0" });
  assert.equal(on.isError, true);
  assert.match(textOf(on), /power it off/);
  const vm = (await vmsNamed(direct, "DC0_H0_VM1"))[0]!;
  await direct.call("PowerOffVM_Task", vm);
  for (let i = 0; i < 50; i++) {
    if (str((await retrieveOne(direct, vm, ["runtime.powerState"]))["runtime.powerState"]) === "poweredOff") {
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const args = { vm: "DC0_H0_VM1", destination: "[LocalDS_0] exports/vm1" };
  const p = await preview(mcp, "ovf_export", args);
  assert.equal(p.preview?.tier, "medium");
  const refused = await mcp.call("ovf_export", {
    ...args,
    confirm: true,
    confirmation_handle: p.confirmation_handle,
  });
  assert.equal(refused.isError, true);
  assert.match(textOf(refused), /not supported|ExportVm/i);

  const lease = { type: "HttpNfcLease", value: "session[1]lease" };
  const ovfManager = { type: "OvfManager", value: "OvfManager" };
  const results = await validateCases([
    { name: "ExportVm", method: "ExportVm", this: vm, args: {} },
    {
      name: "CreateDescriptor",
      method: "CreateDescriptor",
      this: ovfManager,
      args: descriptorRequest(vm, "DC0_H0_VM1", [{
        deviceId: "/vm-1/VirtualLsiLogicController0:0/VirtualDisk0:0",
        path: "disk-0.vmdk",
        size: 1024,
      }]),
    },
    {
      name: "CreateImportSpec",
      method: "CreateImportSpec",
      this: ovfManager,
      args: importSpecRequest({
        descriptor: OVF,
        pool: { type: "ResourcePool", value: "resgroup-8" },
        datastore: { type: "Datastore", value: "datastore-11" },
        name: "tiny",
        host: { type: "HostSystem", value: "host-21" },
        provisioning: "thin",
        networks: [{ name: "VM Network", network: { type: "Network", value: "network-13" } }],
      }),
    },
    {
      name: "progress",
      method: "HttpNfcLeaseProgress",
      this: lease,
      args: leaseRequest("progress", 42.4).args,
    },
    { name: "complete", method: "HttpNfcLeaseComplete", this: lease, args: leaseRequest("complete").args },
    {
      name: "abort",
      method: "HttpNfcLeaseAbort",
      this: lease,
      args: leaseRequest("abort", 0, "upload failed").args,
    },
  ]);
  for (const [name, outcome] of results) assert.equal(outcome, "ok", `${name}: ${outcome}`);
});

Deno.test("lease URLs: '*' becomes vCenter, an inventory ESXi host is accepted, any other host is refused", async () => {
  await using env = await setup();
  const { leaseUrl } = await import("./transfer.ts");
  const ctx = {
    vsphere: env.direct,
    signal: new AbortController().signal,
  } as unknown as Parameters<typeof leaseUrl>[0];
  const star = await leaseUrl(ctx, "https://*/nfc/52a1/disk-0.vmdk");
  assert.equal(star.host, env.direct.soap.baseUrl.host);
  const hostName = str(
    (await retrieveOne(env.direct, { type: "HostSystem", value: "host-21" }, ["name"])).name,
  )!;
  assert.equal(
    (await leaseUrl(ctx, `https://${hostName}/nfc/52a1/disk-0.vmdk`)).hostname,
    hostName.toLowerCase(),
  );
  await assert.rejects(
    () => leaseUrl(ctx, "https://169.254.169.254/latest/meta-data"),
    /transfer_foreign_host/,
  );
});
