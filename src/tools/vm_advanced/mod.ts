import { defineToolset } from "../../registry/define.ts";
import { vmConfigOptions } from "./vm_config_options.ts";
import { vmDevice } from "./vm_device.ts";
import { vmInspect } from "./vm_inspect.ts";

/** VM operations beyond the vm and snapshot toolsets; off by default (`--toolsets default,vm_advanced`). */
export const vmAdvancedToolset = defineToolset({
  id: "vm_advanced",
  default: false,
  tools: [vmInspect, vmDevice, vmConfigOptions],
});
