/** vApps: list (read), power on/off/suspend, delete. */
import { defineToolset } from "../../registry/define.ts";
import { vappDelete } from "./vapp_delete.ts";
import { vappList } from "./vapp_list.ts";
import { vappPower } from "./vapp_power.ts";

export const vappToolset = defineToolset({
  id: "vapp",
  default: false,
  tools: [vappList, vappPower, vappDelete],
});
