/**
 * Distributed switches and portgroups (create, reconfigure, delete) and a listing of every network with
 * its VLANs and uplinks. Host-level vSwitches belong to the host toolset.
 */
import { defineToolset } from "../../registry/define.ts";
import { dvportgroup } from "./dvportgroup.ts";
import { dvswitch } from "./dvswitch.ts";
import { dvswitchPortList } from "./dvswitch_port_list.ts";
import { networkList } from "./network_list.ts";

export const networkToolset = defineToolset({
  id: "network",
  default: false,
  tools: [networkList, dvswitchPortList, dvswitch, dvportgroup],
});
