/** Datastore requests the simulator lacks or does not check, for the WSDL contract tests. */
import type { ContractCase } from "../shared/contract.ts";
import { deleteRequest } from "./datastore_file_delete.ts";
import { fileRequest } from "./datastore_file.ts";
import { searchSpec } from "./datastore_browse.ts";
import { datastoreRequest } from "./datastore_manage.ts";
import { virtualDiskRequest } from "./virtual_disk.ts";

const datacenter = { type: "Datacenter", value: "datacenter-2" };
const otherDc = { type: "Datacenter", value: "datacenter-9" };
const vdm = { type: "VirtualDiskManager", value: "virtualDiskManager" };
const fm = { type: "FileManager", value: "FileManager" };
const browser = { type: "HostDatastoreBrowser", value: "datastoreBrowser-datastore-11" };
const disk = { full: "[ds1] vm1/vm1.vmdk", datacenter };
const other = { full: "[ds2] vm1/vm1.vmdk", datacenter: otherDc };

function vd(name: string, r: ReturnType<typeof virtualDiskRequest>): ContractCase {
  return { name, method: r.method, this: vdm, args: r.args };
}
function file(name: string, r: ReturnType<typeof fileRequest>): ContractCase {
  return { name, method: r.method, this: fm, args: r.args };
}

const del = deleteRequest("[ds1] old", datacenter, false);
const delDisk = deleteRequest("[ds1] old.vmdk", datacenter, true);

const datastore = { type: "Datastore", value: "datastore-11" };
const dss = { type: "HostDatastoreSystem", value: "datastoreSystem-21" };
function manage(name: string, r: ReturnType<typeof datastoreRequest>): ContractCase {
  return { name, method: r.method, this: r.this, args: r.args };
}

export const DATASTORE_CONTRACT_CASES: readonly ContractCase[] = [
  manage(
    "datastore_manage rename (vcsim lacks it)",
    datastoreRequest("rename", datastore, { name: "fast-ds" }),
  ),
  manage("datastore_manage enter maintenance", datastoreRequest("enter_maintenance", datastore)),
  manage("datastore_manage exit maintenance", datastoreRequest("exit_maintenance", datastore)),
  manage("datastore_manage unmount", datastoreRequest("unmount", datastore, { datastoreSystem: dss })),
  manage("datastore_manage refresh", datastoreRequest("refresh", datastore)),
  vd(
    "virtual_disk extend (vcsim lacks it)",
    virtualDiskRequest({ action: "extend", source: disk, capacityKb: 2097152 }),
  ),
  vd(
    "virtual_disk set_uuid (vcsim does not store it)",
    virtualDiskRequest({
      action: "set_uuid",
      source: disk,
      uuid: "60 00 c2 9a 11 22 33 44 55 66 77 88 99 aa bb cc",
    }),
  ),
  vd(
    "virtual_disk create thick",
    virtualDiskRequest({
      action: "create",
      source: disk,
      capacityKb: 1024,
      diskType: "eagerZeroedThick",
      adapterType: "busLogic",
    }),
  ),
  vd(
    "virtual_disk copy across datacenters",
    virtualDiskRequest({ action: "copy", source: disk, destination: other, force: true }),
  ),
  vd(
    "virtual_disk move",
    virtualDiskRequest({ action: "move", source: disk, destination: other, force: false }),
  ),
  file("datastore_file mkdir", fileRequest("mkdir", disk, undefined, { createParents: true })),
  file("datastore_file copy", fileRequest("copy", disk, other, { force: false })),
  file("datastore_file move", fileRequest("move", disk, other, { force: true })),
  { name: "datastore_file_delete file", method: del.method, this: fm, args: del.args },
  { name: "datastore_file_delete disk", method: delDisk.method, this: vdm, args: delDisk.args },
  {
    name: "datastore_browse recursive search spec",
    method: "SearchDatastoreSubFolders_Task",
    this: browser,
    args: { datastorePath: "[ds1] iso", searchSpec: searchSpec(["*.iso", "*.img"]) },
  },
];
