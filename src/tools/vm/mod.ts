import { defineToolset } from "../../registry/define.ts";
import { vmCdrom } from "./vm_cdrom.ts";
import { vmClone } from "./vm_clone.ts";
import { vmCreate } from "./vm_create.ts";
import { vmDestroy } from "./vm_destroy.ts";
import { vmDisk } from "./vm_disk.ts";
import { vmExtraConfig } from "./vm_extra_config.ts";
import { vmLifecycle } from "./vm_lifecycle.ts";
import { vmNic } from "./vm_nic.ts";
import { vmPower } from "./vm_power.ts";
import { vmReconfigure } from "./vm_reconfigure.ts";
import { vmRelocate } from "./vm_relocate.ts";

export const vmToolset = defineToolset({
  id: "vm",
  default: true,
  tools: [
    vmPower,
    vmReconfigure,
    vmDisk,
    vmNic,
    vmCdrom,
    vmExtraConfig,
    vmCreate,
    vmClone,
    vmRelocate,
    vmLifecycle,
    vmDestroy,
  ],
});
