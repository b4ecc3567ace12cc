import { defineToolset } from "../../registry/define.ts";
import { containerDelete } from "./container_delete.ts";
import { datacenter } from "./datacenter.ts";
import { folder } from "./folder.ts";
import { resourcePool } from "./resource_pool.ts";

/** Folders, datacenters and resource pools: the containers of the inventory. */
export const resourceToolset = defineToolset({
  id: "resource",
  default: false,
  tools: [folder, datacenter, resourcePool, containerDelete],
});
