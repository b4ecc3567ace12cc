import { defineToolset } from "../../registry/define.ts";
import { hostConfigGet } from "./host_config_get.ts";

export const hostConfigToolset = defineToolset({
  id: "host_config",
  default: false,
  tools: [
    hostConfigGet,
  ],
});
