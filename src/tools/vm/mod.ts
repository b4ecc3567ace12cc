import { defineToolset } from "../../registry/define.ts";
import { vmPower } from "./vm_power.ts";

export const vmToolset = defineToolset({ id: "vm", default: true, tools: [vmPower] });
