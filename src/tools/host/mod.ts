import { defineToolset } from "../../registry/define.ts";
import { advancedOption } from "./advanced_option.ts";
import { advancedOptionList } from "./advanced_option_list.ts";
import { hostAdd } from "./host_add.ts";
import { hostConnection } from "./host_connection.ts";
import { hostFirewall } from "./host_firewall.ts";
import { hostFirewallList } from "./host_firewall_list.ts";
import { hostInventory } from "./host_inventory.ts";
import { hostMaintenance } from "./host_maintenance.ts";
import { hostNetwork } from "./host_network.ts";
import { hostNetworkList } from "./host_network_list.ts";
import { hostPower } from "./host_power.ts";
import { hostService } from "./host_service.ts";
import { hostServiceList } from "./host_service_list.ts";
import { hostStorage } from "./host_storage.ts";

export const hostToolset = defineToolset({
  id: "host",
  default: false,
  tools: [
    hostMaintenance,
    hostPower,
    hostConnection,
    hostAdd,
    hostInventory,
    hostNetworkList,
    hostNetwork,
    hostFirewallList,
    hostFirewall,
    hostServiceList,
    hostService,
    advancedOptionList,
    advancedOption,
    hostStorage,
  ],
});
