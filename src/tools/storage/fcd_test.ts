import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { preview, previewThenConfirm, structured } from "../../../tests/helpers/confirm.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { asObject, asObjects, ref, str } from "../shared/vim_values.ts";

async function setup() {
  const env = await simEnv(["storage"]);
  const { direct } = env;
  const content = await direct.serviceContent();
  const manager = ref(content.vStorageObjectManager)!;
  return {
    ...env,
    manager,
  };
}

async function datastoreRef(direct: VSphereClient, name: string): Promise<MoRef> {
  const { retrieveView } = await import("../../vsphere/objects/property_collector.ts");
  for await (const ds of retrieveView(direct, { type: "Datastore", paths: ["name"] })) {
    if (ds.props.name === name) return ds.ref;
  }
  throw new Error(`no datastore ${name}`);
}

/** Names of the FCDs on a datastore, read with the simulator's own VStorageObjectManager. */
async function diskNames(direct: VSphereClient, manager: MoRef, datastore: MoRef): Promise<string[]> {
  const ids = asObjects(await direct.call("ListVStorageObject", manager, { datastore }));
  const names = [];
  for (const id of ids) {
    const obj = await direct.call("RetrieveVStorageObject", manager, {
      id: { _type: "ID", id: str(id.id)! },
      datastore,
    });
    names.push(str(asObject(asObject(obj).config).name)!);
  }
  return names.sort();
}

Deno.test("fcd creates a disk, snapshots it; fcd_list reads both; fcd_delete removes snapshot and disk", async () => {
  await using env = await setup();
  const { mcp, direct, manager } = env;
  const ds = await datastoreRef(direct, "LocalDS_0");
  assert.deepEqual(await diskNames(direct, manager, ds), []);

  const create = {
    action: "create",
    datastore: "LocalDS_0",
    name: "data-01",
    capacity_gb: 2,
    provisioning: "thin",
  };
  const { first, done } = await previewThenConfirm(mcp, "fcd", create, async () => {
    assert.deepEqual(await diskNames(direct, manager, ds), [], "the preview created nothing");
  });
  assert.equal(first.preview?.method, "CreateDisk_Task");
  assert.equal(first.preview?.tier, "high");
  assert.equal(done.result?.task_state, "success");
  assert.deepEqual(await diskNames(direct, manager, ds), ["data-01"], "the disk really exists");
  const disk = done.result?.disk as { id: string; capacity_mb: number; path: string };
  assert.equal(disk.capacity_mb, 2048);
  assert.match(disk.path, /^\[LocalDS_0\] .*\.vmdk$/);

  assert.equal(structured(await mcp.call("fcd", create)).status, "unchanged");

  const list = structured(await mcp.call("fcd_list", { datastore: "LocalDS_0" })) as unknown as {
    disks: { id: string; name: string }[];
  };
  assert.deepEqual(list.disks.map((d) => d.name), ["data-01"]);

  // vcsim lacks AttachDisk_Task: the preview names the VM and the method; confirming is refused, nothing attaches.
  const attach = { action: "attach", datastore: "LocalDS_0", disk: "data-01", vm: "DC0_H0_VM0" };
  const ap = await preview(mcp, "fcd", attach);
  assert.equal(ap.preview?.method, "AttachDisk_Task");
  assert.equal(ap.preview?.targets[1]?.name, "DC0_H0_VM0");
  const refused = await mcp.call("fcd", {
    ...attach,
    confirm: true,
    confirmation_handle: ap.confirmation_handle,
  });
  assert.equal(refused.isError, true);
  const clone = await preview(mcp, "fcd", {
    action: "clone",
    datastore: "LocalDS_0",
    disk: "data-01",
    name: "data-02",
  });
  assert.equal(clone.preview?.method, "CloneVStorageObject_Task");

  const snap = await previewThenConfirm(mcp, "fcd", {
    action: "snapshot_create",
    datastore: "LocalDS_0",
    disk: "data-01",
    description: "before upgrade",
  });
  assert.equal(snap.first.preview?.method, "VStorageObjectCreateSnapshot_Task");
  const snapshots = snap.done.result?.snapshots as { id: string; description: string }[];
  assert.equal(snapshots.length, 1);
  assert.equal(snapshots[0]!.description, "before upgrade");
  const info = await direct.call("RetrieveSnapshotInfo", manager, {
    id: { _type: "ID", id: disk.id },
    datastore: ds,
  });
  assert.equal(asObjects(asObject(info).snapshots).length, 1, "the snapshot really exists");

  const listed = structured(
    await mcp.call("fcd_list", { datastore: "LocalDS_0", action: "snapshots", disk: disk.id }),
  ) as unknown as { snapshots: { id: string }[] };
  assert.deepEqual(listed.snapshots.map((s) => s.id), [snapshots[0]!.id]);

  const delSnap = await previewThenConfirm(mcp, "fcd_delete", {
    action: "snapshot",
    datastore: "LocalDS_0",
    disk: "data-01",
    snapshot: "before upgrade",
  });
  assert.equal(delSnap.first.preview?.tier, "critical");
  assert.equal(delSnap.first.preview?.method, "DeleteSnapshot_Task");
  const after = await direct.call("RetrieveSnapshotInfo", manager, {
    id: { _type: "ID", id: disk.id },
    datastore: ds,
  });
  assert.equal(asObjects(asObject(after).snapshots).length, 0, "the snapshot is really gone");

  const del = { action: "disk", datastore: "LocalDS_0", disk: "data-01" };
  const p = await preview(mcp, "fcd_delete", del);
  assert.equal(p.preview?.method, "DeleteVStorageObject_Task");
  assert.deepEqual(await diskNames(direct, manager, ds), ["data-01"], "the preview deleted nothing");
  await previewThenConfirm(mcp, "fcd_delete", del);
  assert.deepEqual(await diskNames(direct, manager, ds), [], "the disk is really gone");

  const missing = await mcp.call("fcd_list", { datastore: "LocalDS_0", action: "get", disk: "data-01" });
  assert.equal(missing.isError, true);
  assert.match(textOf(missing), /No disk named "data-01"/);
});
