import assert from "node:assert/strict";
import { type Caller, confirm, preview, previewAndConfirm } from "../../../tests/helpers/confirm.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";
import { textOf } from "../../../tests/helpers/mcp.ts";
import type { Vcsim } from "../../../tests/helpers/vcsim.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { RestClient } from "../../vsphere/rest/client.ts";
import { ContentLibraryManager } from "../../vsphere/rest/content_library.ts";

const DATASTORE = "LocalDS_0";
const VM = "DC0_H0_VM0";

async function setup() {
  const env = await simEnv(["content_library"]);
  return { ...env, libraries: new ContentLibraryManager(env.direct.rest) };
}

/** Creates a local library on DATASTORE through the tool (preview, then confirm); returns its id. */
async function createLocal(mcp: Caller, library: string): Promise<string> {
  const created = await previewAndConfirm(mcp, "library", {
    action: "create_local",
    library,
    datastore: DATASTORE,
  });
  return String(created.result.id);
}

async function vmNames(client: VSphereClient): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for await (const vm of retrieveView(client, { type: "VirtualMachine", paths: ["name"] })) {
    names.set(String(vm.props.name), vm.ref.value);
  }
  return names;
}

Deno.test("library create_local, update and delete really happen; the preview changes nothing", async () => {
  await using env = await setup();
  const { mcp, libraries } = env;
  const create = {
    action: "create_local",
    library: "isos",
    datastore: DATASTORE,
    description: "ISO images",
  };
  const p = await preview(mcp, "library", create);
  assert.equal(p.preview?.method, "content.LocalLibrary.create");
  assert.equal(p.preview?.tier, "critical");
  assert.deepEqual(await libraries.listLibraries(), [], "the preview changed nothing");
  const created = await confirm(mcp, "library", create, p.confirmation_handle);
  const id = String(created.id);
  const lib = await libraries.getLibrary(id);
  assert.equal(lib.name, "isos");
  assert.equal(lib.type, "LOCAL");
  assert.equal(lib.description, "ISO images");

  const again = (await mcp.call("library", create)).structuredContent as { status: string };
  assert.equal(again.status, "unchanged");

  await previewAndConfirm(mcp, "library", { action: "update", library: "isos", new_name: "media" });
  assert.equal((await libraries.getLibrary(id)).name, "media");

  const listed = (await mcp.call("library_list", {})).structuredContent as {
    libraries: { id: string; name: string; type: string; items: number }[];
  };
  assert.deepEqual(listed.libraries.map((l) => [l.id, l.name, l.type, l.items]), [[
    id,
    "media",
    "LOCAL",
    0,
  ]]);

  const sync = await mcp.call("library", { action: "sync", library: id });
  assert.equal(sync.isError, true, "a local library cannot be synchronized");
  assert.match(textOf(sync), /local library/);

  const del = await previewAndConfirm(mcp, "library", { action: "delete", library: "media" });
  assert.equal(del.preview.preview?.targets[0]?.ref.value, id);
  assert.deepEqual(await libraries.listLibraries(), [], "the library is really gone");
});

Deno.test("library create_subscribed and sync update the subscribed library", async () => {
  await using env = await setup();
  const { mcp, libraries } = env;
  const create = {
    action: "create_subscribed",
    library: "mirror",
    datastore: DATASTORE,
    subscription_url: "https://vc2.example/cls/vcsp/lib/0c3d/lib.json",
  };
  const { result } = await previewAndConfirm(mcp, "library", create);
  const lib = await libraries.getLibrary(String(result.id));
  assert.equal(lib.type, "SUBSCRIBED");
  assert.equal(lib.subscription_info?.subscription_url, create.subscription_url);
  assert.equal(lib.subscription_info?.on_demand, true);
  assert.equal(lib.last_sync_time, undefined);

  await previewAndConfirm(mcp, "library", { action: "sync", library: "mirror" });
  assert.ok((await libraries.getLibrary(lib.id)).last_sync_time, "the sync really happened");
  await previewAndConfirm(mcp, "library", { action: "delete", library: "mirror" });
  assert.deepEqual(await libraries.listLibraries(), []);
});

Deno.test("library_capture as VM template, library_deploy from it creates a real VM, library_item delete", async () => {
  await using env = await setup();
  const { mcp, direct, libraries } = env;
  const libId = await createLocal(mcp, "golden");
  const capture = { vm: VM, library: "golden", name: "web-golden", format: "vm_template" };
  const p = await preview(mcp, "library_capture", capture);
  assert.equal(p.preview?.method, "vcenter.vm_template.LibraryItems.create");
  assert.deepEqual(await libraries.listItems(libId), [], "the preview changed nothing");
  const captured = await confirm(mcp, "library_capture", capture, p.confirmation_handle);
  const itemId = String(captured.item);
  const item = await libraries.getItem(itemId);
  assert.equal(item.name, "web-golden");
  assert.equal(item.type, "vm-template");

  const items = (await mcp.call("library_item_list", { library: "golden" })).structuredContent as {
    items: { id: string; name: string; type: string }[];
  };
  assert.deepEqual(items.items.map((i) => [i.id, i.name, i.type]), [[itemId, "web-golden", "vm-template"]]);

  const before = await vmNames(direct);
  const deploy = { item: "web-golden", library: "golden", name: "web-03", cluster: "DC0_C0" };
  const dp = await preview(mcp, "library_deploy", deploy);
  assert.equal(dp.preview?.tier, "high");
  assert.equal(dp.preview?.method, "vcenter.vm_template.LibraryItems.deploy");
  assert.ok(!(await vmNames(direct)).has("web-03"), "the preview changed nothing");
  const deployed = await confirm(mcp, "library_deploy", deploy, dp.confirmation_handle);
  const after = await vmNames(direct);
  assert.equal(after.size, before.size + 1);
  assert.equal(after.get("web-03"), deployed.vm, "the new VM really exists");
  const vmProps = await retrieveOne(direct, { type: "VirtualMachine", value: String(deployed.vm) }, [
    "name",
  ]);
  assert.equal(vmProps.name, "web-03");
  // (vcsim clones every VM-template deploy as a template again, so placement cannot be read back here.)

  const delArgs = { action: "delete", item: itemId };
  const delPreview = await preview(mcp, "library_item", delArgs);
  assert.equal(delPreview.preview?.tier, "critical");
  assert.deepEqual(await libraries.listItems(libId), [itemId], "the preview changed nothing");
  await confirm(mcp, "library_item", delArgs, delPreview.confirmation_handle);
  assert.deepEqual(await libraries.listItems(libId), [], "the item is really gone");
});

/** A minimal OVF descriptor vcsim can import (one virtual system, CPU and memory). */
const OVF = `<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="http://schemas.dmtf.org/ovf/envelope/1" xmlns:ovf="http://schemas.dmtf.org/ovf/envelope/1"
  xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"
  xmlns:vssd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData">
  <References/>
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
      <Item>
        <rasd:ElementName>1 virtual CPU</rasd:ElementName>
        <rasd:InstanceID>1</rasd:InstanceID>
        <rasd:ResourceType>3</rasd:ResourceType>
        <rasd:VirtualQuantity>1</rasd:VirtualQuantity>
      </Item>
      <Item>
        <rasd:ElementName>64 MB of memory</rasd:ElementName>
        <rasd:InstanceID>2</rasd:InstanceID>
        <rasd:ResourceType>4</rasd:ResourceType>
        <rasd:VirtualQuantity>64</rasd:VirtualQuantity>
      </Item>
    </VirtualHardwareSection>
  </VirtualSystem>
</Envelope>
`;

/** Uploads OVF as a new item through an update session (test fixture; the tools do not upload). */
async function uploadOvf(sim: Vcsim, rest: RestClient, libraryId: string, name: string): Promise<string> {
  const base = "/rest/com/vmware/content/library/item";
  const unused = { method: "GET" as const, path: "/api/unused" };
  const itemId = await rest.call<string>({
    api: unused,
    rest: { method: "POST", path: base, body: { create_spec: { library_id: libraryId, name, type: "ovf" } } },
  });
  const session = await rest.call<string>({
    api: unused,
    rest: {
      method: "POST",
      path: `${base}/update-session`,
      body: { create_spec: { library_item_id: itemId } },
    },
  });
  const file = await rest.call<{ upload_endpoint: { uri: string } }>({
    api: unused,
    rest: {
      method: "POST",
      path: `${base}/updatesession/file/id:${session}?~action=add`,
      body: { file_spec: { name: `${name}.ovf`, source_type: "PUSH" } },
    },
  });
  const http = Deno.createHttpClient({ caCerts: [sim.caPem] });
  try {
    const put = await fetch(file.upload_endpoint.uri, {
      method: "PUT",
      body: OVF,
      headers: { "vmware-api-session-id": session },
      client: http,
    });
    await put.body?.cancel();
    assert.equal(put.status, 200);
  } finally {
    http.close();
  }
  await rest.call({
    api: unused,
    rest: { method: "POST", path: `${base}/update-session/id:${session}?~action=complete` },
  });
  return itemId;
}

Deno.test("library_deploy of an OVF item creates a real VM; library_capture as OVF adds an item", async () => {
  await using env = await setup();
  const { sim, mcp, direct, libraries } = env;
  const libId = await createLocal(mcp, "ovfs");
  const itemId = await uploadOvf(sim, direct.rest, libId, "tiny");

  const deploy = { item: itemId, name: "tiny-01", host: "DC0_H0", datastore: DATASTORE };
  const dp = await preview(mcp, "library_deploy", deploy);
  assert.equal(dp.preview?.method, "vcenter.ovf.LibraryItem.deploy");
  assert.ok(!(await vmNames(direct)).has("tiny-01"), "the preview changed nothing");
  const deployed = await confirm(mcp, "library_deploy", deploy, dp.confirmation_handle);
  assert.equal(deployed.item_type, "ovf");
  const vm = (await vmNames(direct)).get("tiny-01");
  assert.equal(vm, deployed.vm, "the deployed VM really exists");
  const hw = await retrieveOne(direct, { type: "VirtualMachine", value: vm! }, [
    "config.hardware.memoryMB",
  ]);
  assert.equal(hw["config.hardware.memoryMB"], 64, "built from the OVF descriptor");

  const capture = { vm: "tiny-01", library: libId, name: "tiny-golden" };
  const { result } = await previewAndConfirm(mcp, "library_capture", capture);
  const captured = await libraries.getItem(String(result.item));
  assert.equal(captured.name, "tiny-golden");
  assert.equal(captured.type, "ovf");
  const dup = (await mcp.call("library_capture", capture)).structuredContent as { status: string };
  assert.equal(dup.status, "unchanged", "an item of that name already exists");

  const noPlace = await mcp.call("library_deploy", { item: itemId, name: "x" });
  assert.equal(noPlace.isError, true);
  assert.match(textOf(noPlace), /resource_pool, cluster or host/);
});
