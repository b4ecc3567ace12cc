import { defineToolset } from "../../registry/define.ts";
import { vmList } from "./vm_list.ts";

export const inventoryToolset = defineToolset({ id: "inventory", default: true, tools: [vmList] });
