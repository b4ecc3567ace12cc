import { defineToolset } from "../../registry/define.ts";
import { hostGet } from "./host_get.ts";
import { inventoryFind } from "./inventory_find.ts";
import { inventoryList } from "./inventory_list.ts";
import { inventoryOverview } from "./inventory_overview.ts";
import { vmGet } from "./vm_get.ts";
import { vmList } from "./vm_list.ts";

export const inventoryToolset = defineToolset({
  id: "inventory",
  default: true,
  tools: [inventoryOverview, vmList, vmGet, inventoryList, hostGet, inventoryFind],
});
