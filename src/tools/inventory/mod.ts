import { defineToolset } from "../../registry/define.ts";
import { inventoryList } from "./inventory_list.ts";
import { vmList } from "./vm_list.ts";

export const inventoryToolset = defineToolset({
  id: "inventory",
  default: true,
  tools: [vmList, inventoryList],
});
