/** Storage requests the simulator lacks or does not validate, for the WSDL contract tests. */
import type { ContractCase } from "../shared/contract.ts";
import { datastoreClusterRequest } from "./datastore_cluster.ts";
import { recommendRequest } from "./datastore_cluster_list.ts";
import { datastoreIoRequest } from "./datastore_io.ts";
import { fcdRequest } from "./fcd.ts";
import { fcdDeleteRequest } from "./fcd_delete.ts";
import {
  hostStorageConfigRequest,
  type StorageConfigChange,
  storageConfigManager,
} from "./host_storage_config.ts";
import { vmfsApply, vmfsQuery } from "./vmfs_datastore.ts";

const manager = { type: "VcenterVStorageObjectManager", value: "VStorageObjectManager" };
const ds1 = { type: "Datastore", value: "datastore-11" };
const ds2 = { type: "Datastore", value: "datastore-12" };
const vm = { type: "VirtualMachine", value: "vm-42" };
const pod = { type: "StoragePod", value: "group-p5" };
const srm = { type: "StorageResourceManager", value: "StorageResourceManager" };
const dsFolder = { type: "Folder", value: "group-s3" };
const storageSystem = { type: "HostStorageSystem", value: "storageSystem-21" };
const datastoreSystem = { type: "HostDatastoreSystem", value: "datastoreSystem-21" };
const ID = "6b1e4d9c-3b0e-4d6e-9a0e-1f2a3b4c5d6e";

function fcdCase(name: string, r: ReturnType<typeof fcdRequest>): ContractCase {
  return { name, method: r.method, this: r.this, args: r.args };
}

function storageCase(c: StorageConfigChange): ContractCase {
  const r = hostStorageConfigRequest(c);
  const manager = storageConfigManager(c.action) === "datastoreSystem" ? datastoreSystem : storageSystem;
  return { name: `host_storage_config ${c.action}`, method: r.method, this: manager, args: r.args };
}

/** A VmfsDatastoreOption.spec for a whole-disk GPT layout, as vCenter's QueryVmfsDatastoreCreateOptions returns it. */
const createSpec = {
  _type: "VmfsDatastoreCreateSpec",
  diskUuid: "0200000000600508b1001c4d1e3f3a2b1c0d0e0f104c4f47494341",
  partition: {
    _type: "HostDiskPartitionSpec",
    partitionFormat: "gpt",
    chs: { _type: "HostDiskDimensionsChs", cylinder: 65270, head: 255, sector: 63 },
    totalSectors: 1048576000,
    partition: [{
      _type: "HostDiskPartitionAttributes",
      partition: 1,
      startSector: 2048,
      endSector: 1048573951,
      type: "vmfs",
      guid: "AA31E02A400F11DB9590000C2911D1B8",
      logical: false,
      attributes: 0,
      partitionAlignment: 1048576,
    }],
    sectorSize: 512,
  },
  vmfs: {
    _type: "HostVmfsSpec",
    extent: {
      _type: "HostScsiDiskPartition",
      diskName: "naa.600508b1001c4d1e3f3a2b1c0d0e0f10",
      partition: 1,
    },
    majorVersion: 6,
    volumeName: "",
  },
};
const expandSpec = {
  _type: "VmfsDatastoreExpandSpec",
  diskUuid: createSpec.diskUuid,
  partition: { ...createSpec.partition },
  extent: { _type: "HostScsiDiskPartition", diskName: "naa.600508b1001c4d1e3f3a2b1c0d0e0f10", partition: 1 },
};
const extendSpec = {
  _type: "VmfsDatastoreExtendSpec",
  diskUuid: "0200000000600508b1001c4d1e3f3a2b1c0d0e0f114c4f47494341",
  partition: { ...createSpec.partition },
  extent: [{
    _type: "HostScsiDiskPartition",
    diskName: "naa.600508b1001c4d1e3f3a2b1c0d0e0f11",
    partition: 1,
  }],
};
const DEVICE = "/vmfs/devices/disks/naa.600508b1001c4d1e3f3a2b1c0d0e0f10";

function vmfs(action: "create" | "expand" | "extend", spec: Record<string, unknown>): ContractCase[] {
  const q = vmfsQuery(action, { devicePath: DEVICE, datastore: ds1, vmfsMajorVersion: 6 });
  const a = vmfsApply(action, spec as never, { name: "vmfs-prod-01", datastore: ds1 });
  return [
    { name: `vmfs_datastore ${action} query`, method: q.method, this: datastoreSystem, args: q.args },
    { name: `vmfs_datastore ${action}`, method: a.method, this: datastoreSystem, args: a.args },
  ];
}

const keys = ["1", "2"];

export const STORAGE_CONTRACT_CASES: readonly ContractCase[] = [
  fcdCase(
    "fcd create",
    fcdRequest({
      action: "create",
      manager,
      datastore: ds1,
      name: "data",
      capacityMb: 2048,
      provisioning: "thin",
    }),
  ),
  fcdCase(
    "fcd clone",
    fcdRequest({ action: "clone", manager, datastore: ds1, id: ID, name: "copy", targetDatastore: ds2 }),
  ),
  fcdCase(
    "fcd relocate",
    fcdRequest({
      action: "relocate",
      manager,
      datastore: ds1,
      id: ID,
      targetDatastore: ds2,
      provisioning: "eagerZeroedThick",
    }),
  ),
  fcdCase(
    "fcd snapshot",
    fcdRequest({ action: "snapshot_create", manager, datastore: ds1, id: ID, description: "x" }),
  ),
  fcdCase(
    "fcd attach",
    fcdRequest({ action: "attach", manager, datastore: ds1, id: ID, vm, controllerKey: 1000, unitNumber: 3 }),
  ),
  fcdCase("fcd detach", fcdRequest({ action: "detach", manager, datastore: ds1, id: ID, vm })),
  {
    name: "fcd_delete disk",
    method: "DeleteVStorageObject_Task",
    this: manager,
    args: fcdDeleteRequest("disk", ID, ds1).args,
  },
  {
    name: "fcd_delete snapshot",
    method: "DeleteSnapshot_Task",
    this: manager,
    args: fcdDeleteRequest("snapshot", ID, ds1, "5a7e-snap").args,
  },
  {
    name: "datastore_cluster_list recommend",
    method: "RecommendDatastores",
    this: srm,
    args: recommendRequest(pod, vm),
  },
  ...(["add_datastore", "remove_datastore", "configure_sdrs", "apply_recommendation"] as const).map(
    (action) => {
      const r = datastoreClusterRequest(action, {
        pod,
        srm,
        datastore: ds1,
        folder: dsFolder,
        settings: {
          enabled: true,
          automation: "automated",
          ioLoadBalance: true,
          spaceThresholdPercent: 80,
          intervalMinutes: 480,
        },
        keys,
      });
      return { name: `datastore_cluster ${action}`, method: r.method, this: r.this, args: r.args };
    },
  ),
  storageCase({ action: "multipath_policy", lunId: "020000000060", policy: "VMW_PSP_RR" }),
  storageCase({ action: "iscsi_enable" }),
  storageCase({
    action: "iscsi_chap",
    adapter: "vmhba65",
    chapName: "esx01",
    chapSecret: "s3cret",
    chapType: "chapRequired",
  }),
  storageCase({
    action: "iscsi_add_static_target",
    adapter: "vmhba65",
    address: "10.0.0.5",
    port: 3260,
    iqn: "iqn.2005-10.org.freenas.ctl:t1",
  }),
  storageCase({
    action: "iscsi_remove_static_target",
    adapter: "vmhba65",
    address: "10.0.0.5",
    iqn: "iqn.2005-10.org.freenas.ctl:t1",
  }),
  storageCase({ action: "iscsi_add_send_target", adapter: "vmhba65", address: "10.0.0.5", port: 3260 }),
  storageCase({ action: "rescan_adapter", adapter: "vmhba65" }),
  storageCase({ action: "nfs_kerberos_set", nfsUser: "nfs-esx01@CORP.EXAMPLE", nfsPassword: "s3cret" }),
  storageCase({ action: "nfs_kerberos_clear" }),
  ...vmfs("create", createSpec),
  ...vmfs("expand", expandSpec),
  ...vmfs("extend", extendSpec),
  {
    name: "datastore_io sioc manual",
    method: "ConfigureDatastoreIORM_Task",
    this: srm,
    args: datastoreIoRequest("sioc", { datastore: ds1, enabled: true, thresholdMs: 30 }).args,
  },
  {
    name: "datastore_io sioc automatic",
    method: "ConfigureDatastoreIORM_Task",
    this: srm,
    args: datastoreIoRequest("sioc", { datastore: ds1, enabled: true, peakPercent: 90 }).args,
  },
  {
    name: "datastore_io unmap",
    method: "UnmapVmfsVolumeEx_Task",
    this: storageSystem,
    args: datastoreIoRequest("unmap", { vmfsUuid: "5f1b2c3d-4e5f6a7b-8c9d-001122334455" }).args,
  },
];
