import { defineToolset } from "../../registry/define.ts";
import { hostConfigGet } from "./host_config_get.ts";
import { hostHardware } from "./host_hardware.ts";

export const hostConfigToolset = defineToolset({
  id: "host_config",
  default: false,
  tools: [
    hostConfigGet,
    hostHardware,
  ],
});
