import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { preview, previewThenConfirm, structured } from "../../../tests/helpers/confirm.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { asObject, num, refs, str } from "../shared/vim_values.ts";

async function setup() {
  const env = await simEnv(["datastore"]);
  const { direct } = env;
  let ds: MoRef | undefined;
  for await (const d of retrieveView(direct, { type: "Datastore", paths: ["name"] })) ds = d.ref;
  const summary = asObject((await retrieveOne(direct, ds!, ["summary"])).summary);
  // The simulator backs the datastore with a local folder: the test reads files there, not through vCenter.
  const root = String(summary.url);
  return {
    ...env,
    ds: ds!,
    root,
    async exists(path: string) {
      try {
        await Deno.stat(`${root}/${path}`);
        return true;
      } catch {
        return false;
      }
    },
  };
}

type Listing = {
  files: { path: string; name: string; kind: string; size_bytes: number | null }[];
  total: number;
  next_cursor?: string;
};

Deno.test("datastore_info reports capacity, hosts and VMs, by name or by a MoRef id with / and @", async () => {
  await using env = await setup();
  const { mcp, direct, ds } = env;
  assert.match(ds.value, /[/@]/, "vcsim datastore ids contain / and @");
  const p = await retrieveOne(direct, ds, ["summary", "vm", "host"]);
  const summary = asObject(p.summary);
  for (const key of ["LocalDS_0", ds.value]) {
    const info = structured(await mcp.call("datastore_info", { datastore: key })) as unknown as {
      moref: string;
      name: string;
      capacity_bytes: number;
      free_bytes: number;
      vm_count: number;
      vms: { name: string }[];
      hosts: { name: string; mounted: boolean }[];
    };
    assert.equal(info.moref, ds.value);
    assert.equal(info.name, "LocalDS_0");
    assert.equal(info.capacity_bytes, num(summary.capacity));
    assert.equal(info.free_bytes, num(summary.freeSpace));
    assert.equal(info.vm_count, refs(p.vm).length);
    assert.equal(info.vms.length, refs(p.vm).length);
    assert.ok(info.hosts.length > 0 && info.hosts.every((h) => h.name.startsWith("DC0_") && h.mounted));
  }
});

Deno.test("datastore_browse lists real files, filters by pattern, recurses and pages", async () => {
  await using env = await setup();
  const { mcp, root } = env;
  await Deno.mkdir(`${root}/browse/sub`, { recursive: true });
  await Deno.writeTextFile(`${root}/browse/a.iso`, "iso");
  await Deno.writeTextFile(`${root}/browse/b.log`, "log!");
  await Deno.writeTextFile(`${root}/browse/sub/c.iso`, "c");

  const flat = structured(
    await mcp.call("datastore_browse", { datastore: "LocalDS_0", path: "browse" }),
  ) as unknown as Listing;
  assert.deepEqual(flat.files.map((f) => [f.path, f.kind]), [
    ["[LocalDS_0] browse/a.iso", "iso"],
    ["[LocalDS_0] browse/b.log", "log"],
    ["[LocalDS_0] browse/sub", "folder"],
  ]);
  assert.equal(flat.files[1]?.size_bytes, 4);

  const isos = structured(
    await mcp.call("datastore_browse", { path: "[LocalDS_0] browse", pattern: ["*.iso"], recursive: true }),
  ) as unknown as Listing;
  assert.deepEqual(isos.files.map((f) => f.path), [
    "[LocalDS_0] browse/a.iso",
    "[LocalDS_0] browse/sub/c.iso",
  ]);

  const page1 = structured(
    await mcp.call("datastore_browse", { path: "[LocalDS_0] browse", limit: 2 }),
  ) as unknown as Listing;
  assert.equal(page1.files.length, 2);
  assert.equal(page1.total, 3);
  const page2 = structured(
    await mcp.call("datastore_browse", { path: "[LocalDS_0] browse", limit: 2, cursor: page1.next_cursor }),
  ) as unknown as Listing;
  assert.deepEqual(page2.files.map((f) => f.name), ["sub"]);

  const missing = await mcp.call("datastore_browse", { path: "[LocalDS_0] nope" });
  assert.equal(missing.isError, true);
  assert.match(textOf(missing), /Nothing exists at \[LocalDS_0\] nope/);
  const traversal = await mcp.call("datastore_browse", { path: "[LocalDS_0] ../etc" });
  assert.equal(traversal.isError, true);
});

Deno.test("datastore_file makes folders, copies and moves files for real, and refuses to overwrite", async () => {
  await using env = await setup();
  const { mcp, root, exists } = env;
  const mkdir = { action: "mkdir", path: "[LocalDS_0] work/deep" };
  const { first } = await previewThenConfirm(mcp, "datastore_file", mkdir, async () => {
    assert.equal(await exists("work"), false, "the preview changed nothing");
  });
  assert.equal(first.preview?.method, "FileManager.MakeDirectory");
  assert.equal(first.preview?.tier, "medium");
  assert.equal((await Deno.stat(`${root}/work/deep`)).isDirectory, true, "the folder really exists");
  assert.equal(structured(await mcp.call("datastore_file", mkdir)).status, "unchanged");

  await Deno.writeTextFile(`${root}/work/file.txt`, "payload");
  const copy = {
    action: "copy",
    datastore: "LocalDS_0",
    path: "work/file.txt",
    destination: "work/deep/copy.txt",
  };
  await previewThenConfirm(mcp, "datastore_file", copy, async () => {
    assert.equal(await exists("work/deep/copy.txt"), false);
  });
  assert.equal(await Deno.readTextFile(`${root}/work/deep/copy.txt`), "payload", "the copy really exists");

  const again = await mcp.call("datastore_file", copy);
  assert.equal(again.isError, true, "an existing destination is refused without force");
  assert.match(textOf(again), /already exists/);

  const move = { action: "move", path: "[LocalDS_0] work/file.txt", destination: "[LocalDS_0] moved.txt" };
  await previewThenConfirm(mcp, "datastore_file", move);
  assert.equal(await exists("work/file.txt"), false, "the source is gone");
  assert.equal(await Deno.readTextFile(`${root}/moved.txt`), "payload");
});

Deno.test("datastore_file_delete is critical, previews folder contents and really deletes", async () => {
  await using env = await setup();
  const { mcp, root, exists } = env;
  await Deno.mkdir(`${root}/trash/inner`, { recursive: true });
  await Deno.writeTextFile(`${root}/trash/one.txt`, "1");
  await Deno.writeTextFile(`${root}/trash/inner/two.txt`, "2");

  const args = { path: "[LocalDS_0] trash" };
  const { first, done } = await previewThenConfirm(mcp, "datastore_file_delete", args, async () => {
    assert.equal(await exists("trash/inner/two.txt"), true, "the preview deleted nothing");
  });
  assert.equal(first.preview?.tier, "critical");
  assert.equal(first.preview?.method, "FileManager.DeleteDatastoreFile_Task");
  assert.equal(first.preview?.targets[0]?.state?.entries, 3);
  assert.equal(done.result?.deleted, true);
  assert.equal(await exists("trash"), false, "the folder really is gone");

  const absent = structured(await mcp.call("datastore_file_delete", args));
  assert.equal(absent.status, "unchanged");
});

Deno.test("virtual_disk creates, copies and moves disks with their extents; deleting one removes every extent", async () => {
  await using env = await setup();
  const { mcp, direct, exists } = env;
  await previewThenConfirm(mcp, "datastore_file", { action: "mkdir", path: "[LocalDS_0] disks" });
  const create = { action: "create", path: "[LocalDS_0] disks/d1.vmdk", capacity_gb: 1 };
  const { first } = await previewThenConfirm(mcp, "virtual_disk", create, async () => {
    assert.equal(await exists("disks/d1.vmdk"), false);
  });
  assert.equal(first.preview?.method, "VirtualDiskManager.CreateVirtualDisk_Task");
  assert.equal(first.preview?.args?.capacity_kb, 1048576);
  assert.equal(await exists("disks/d1.vmdk"), true, "the disk really exists");
  assert.equal(await exists("disks/d1-flat.vmdk"), true);

  await previewThenConfirm(mcp, "virtual_disk", {
    action: "copy",
    path: "[LocalDS_0] disks/d1.vmdk",
    destination: "disks/d2.vmdk",
  });
  assert.equal(await exists("disks/d2.vmdk"), true);
  await previewThenConfirm(mcp, "virtual_disk", {
    action: "move",
    path: "[LocalDS_0] disks/d2.vmdk",
    destination: "d3.vmdk",
  });
  assert.equal(await exists("disks/d2.vmdk"), false);
  assert.equal(await exists("d3-flat.vmdk"), true, "every extent moved");

  // vcsim accepts SetVirtualDiskUuid without storing it: its request is checked against the WSDL instead.
  const setUuid = await preview(mcp, "virtual_disk", {
    action: "set_uuid",
    path: "[LocalDS_0] d3.vmdk",
    uuid: "6000C29a-1122-3344-5566-778899aabbcc".replace(/-/g, ""),
  });
  assert.equal(setUuid.preview?.method, "VirtualDiskManager.SetVirtualDiskUuid");
  const dc = { type: "Datacenter", value: "datacenter-2" };
  const vdm = (await direct.serviceContent()).virtualDiskManager as MoRef;
  const actual = str(
    await direct.call("QueryVirtualDiskUuid", vdm, { name: "[LocalDS_0] d3.vmdk", datacenter: dc }),
  );
  assert.ok(actual);
  const info = structured(
    await mcp.call("virtual_disk_info", { path: "[LocalDS_0] d3.vmdk" }),
  ) as unknown as { uuid: string };
  assert.equal(info.uuid, actual, "virtual_disk_info reports the disk's own UUID");

  const extend = await preview(mcp, "virtual_disk", {
    action: "extend",
    path: "[LocalDS_0] d3.vmdk",
    capacity_gb: 2,
  });
  assert.equal(extend.preview?.method, "VirtualDiskManager.ExtendVirtualDisk_Task");
  const extended = await mcp.call("virtual_disk", {
    action: "extend",
    path: "[LocalDS_0] d3.vmdk",
    capacity_gb: 2,
    confirm: true,
    confirmation_handle: extend.confirmation_handle,
  });
  assert.equal(
    extended.isError,
    true,
    "vcsim lacks ExtendVirtualDisk_Task (checked against the WSDL instead)",
  );

  const del = await previewThenConfirm(mcp, "datastore_file_delete", { path: "[LocalDS_0] d3.vmdk" });
  assert.equal(del.first.preview?.method, "VirtualDiskManager.DeleteVirtualDisk_Task");
  assert.equal(await exists("d3.vmdk"), false);
  assert.equal(await exists("d3-flat.vmdk"), false, "the extent went with the descriptor");
});

Deno.test("datastore_manage removes a datastore for real; refresh, rename, maintenance and unmount are built for vCenter", async () => {
  await using env = await setup();
  const { mcp, direct, ds } = env;
  // vcsim answers RefreshDatastore with an empty HTTP body (not SOAP), so refresh is checked against the WSDL.
  const refresh = await preview(mcp, "datastore_manage", { datastore: ds.value, action: "refresh" });
  assert.equal(refresh.preview?.tier, "high");
  assert.equal(refresh.preview?.method, "RefreshDatastore");

  // A datastore made directly on the simulator, then removed through the tool.
  const dir = await Deno.makeTempDir();
  try {
    const host = { type: "HostSystem", value: "host-21" };
    const dss = (await retrieveOne(direct, host, ["configManager.datastoreSystem"]))[
      "configManager.datastoreSystem"
    ] as MoRef;
    const extra = await direct.call("CreateLocalDatastore", dss, { name: "scratch", path: dir }) as MoRef;
    const unmount = await preview(mcp, "datastore_manage", {
      datastore: "scratch",
      action: "unmount",
      host: "DC0_H0",
    });
    assert.equal(unmount.preview?.method, "RemoveDatastore");
    assert.equal(unmount.preview?.targets[1]?.ref.value, "host-21");
    await previewThenConfirm(
      mcp,
      "datastore_manage",
      { datastore: extra.value, action: "remove" },
      async () => {
        assert.equal(str((await retrieveOne(direct, extra, ["name"])).name), "scratch");
      },
    );
    await assert.rejects(
      retrieveOne(direct, extra, ["name"]),
      /does not exist|NotFound|deleted/,
      "the datastore really is gone",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }

  const rename = await preview(mcp, "datastore_manage", {
    datastore: "LocalDS_0",
    action: "rename",
    name: "fast-ds",
  });
  assert.equal(rename.preview?.method, "RenameDatastore");
  const same = structured(
    await mcp.call("datastore_manage", { datastore: "LocalDS_0", action: "rename", name: "LocalDS_0" }),
  );
  assert.equal(same.status, "unchanged");
  const exit = structured(
    await mcp.call("datastore_manage", { datastore: "LocalDS_0", action: "exit_maintenance" }),
  );
  assert.equal(exit.status, "unchanged", "a datastore in normal mode is not taken out of maintenance");
  const enter = await preview(mcp, "datastore_manage", {
    datastore: "LocalDS_0",
    action: "enter_maintenance",
  });
  assert.equal(enter.preview?.method, "DatastoreEnterMaintenanceMode");
});
