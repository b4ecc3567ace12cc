import { defineToolset } from "../../registry/define.ts";
import { datastoreCluster } from "./datastore_cluster.ts";
import { datastoreClusterList } from "./datastore_cluster_list.ts";
import { fcd } from "./fcd.ts";
import { fcdDelete } from "./fcd_delete.ts";
import { fcdList } from "./fcd_list.ts";

export const storageToolset = defineToolset({
  id: "storage",
  default: false,
  tools: [fcdList, fcd, fcdDelete, datastoreClusterList, datastoreCluster],
});
