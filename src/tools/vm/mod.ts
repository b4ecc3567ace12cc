import { defineToolset } from "../../registry/define.ts";
import { vmCdrom } from "./vm_cdrom.ts";
import { vmDisk } from "./vm_disk.ts";
import { vmNic } from "./vm_nic.ts";
import { vmPower } from "./vm_power.ts";
import { vmReconfigure } from "./vm_reconfigure.ts";

export const vmToolset = defineToolset({
  id: "vm",
  default: true,
  tools: [vmPower, vmReconfigure, vmDisk, vmNic, vmCdrom],
});
