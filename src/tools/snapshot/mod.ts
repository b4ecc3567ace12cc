import { defineToolset } from "../../registry/define.ts";
import { snapshotCreate } from "./snapshot_create.ts";
import { snapshotList } from "./snapshot_list.ts";
import { snapshotManage } from "./snapshot_manage.ts";

export const snapshotToolset = defineToolset({
  id: "snapshot",
  default: true,
  tools: [snapshotList, snapshotCreate, snapshotManage],
});
