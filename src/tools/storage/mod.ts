import { defineToolset } from "../../registry/define.ts";
import { datastoreCluster } from "./datastore_cluster.ts";
import { datastoreClusterList } from "./datastore_cluster_list.ts";
import { datastoreIo } from "./datastore_io.ts";
import { datastoreStorageInfo } from "./datastore_storage_info.ts";
import { fcd } from "./fcd.ts";
import { fcdDelete } from "./fcd_delete.ts";
import { fcdList } from "./fcd_list.ts";
import { hostStorageConfig } from "./host_storage_config.ts";
import { storageDeviceList } from "./storage_device_list.ts";
import { vmConfigOptionList } from "./vm_config_option_list.ts";
import { vmDiskIo } from "./vm_disk_io.ts";
import { vmfsDatastore } from "./vmfs_datastore.ts";

export const storageToolset = defineToolset({
  id: "storage",
  default: false,
  tools: [
    fcdList,
    fcd,
    fcdDelete,
    datastoreClusterList,
    datastoreCluster,
    storageDeviceList,
    hostStorageConfig,
    vmfsDatastore,
    datastoreIo,
    vmDiskIo,
    vmConfigOptionList,
    datastoreStorageInfo,
  ],
});
