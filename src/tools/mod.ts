/** Every toolset the server knows, in listing order. Adding a toolset is one line here. */
import type { ToolsetDefinition } from "../registry/define.ts";
import { adminToolset } from "./admin/mod.ts";
import { alarmToolset } from "./alarm/mod.ts";
import { applianceToolset } from "./appliance/mod.ts";
import { clusterToolset } from "./cluster/mod.ts";
import { computePolicyToolset } from "./compute_policy/mod.ts";
import { contentLibraryToolset } from "./content_library/mod.ts";
import { customizationToolset } from "./customization/mod.ts";
import { datastoreToolset } from "./datastore/mod.ts";
import { eventToolset } from "./event/mod.ts";
import { guestToolset } from "./guest/mod.ts";
import { hostToolset } from "./host/mod.ts";
import { hostConfigToolset } from "./host_config/mod.ts";
import { inventoryToolset } from "./inventory/mod.ts";
import { networkToolset } from "./network/mod.ts";
import { ovfToolset } from "./ovf/mod.ts";
import { performanceToolset } from "./performance/mod.ts";
import { resourceToolset } from "./resource/mod.ts";
import { snapshotToolset } from "./snapshot/mod.ts";
import { storageToolset } from "./storage/mod.ts";
import { storagePolicyToolset } from "./storage_policy/mod.ts";
import { tagsToolset } from "./tags/mod.ts";
import { targetsToolset } from "./targets/mod.ts";
import { taskToolset } from "./task/mod.ts";
import { vappToolset } from "./vapp/mod.ts";
import { vcenterToolset } from "./vcenter/mod.ts";
import { vmToolset } from "./vm/mod.ts";
import { vmAdvancedToolset } from "./vm_advanced/mod.ts";

export const TOOLSETS: readonly ToolsetDefinition[] = [
  inventoryToolset,
  vmToolset,
  snapshotToolset,
  taskToolset,
  eventToolset,
  targetsToolset,
  hostToolset,
  datastoreToolset,
  resourceToolset,
  adminToolset,
  tagsToolset,
  contentLibraryToolset,
  performanceToolset,
  clusterToolset,
  networkToolset,
  vappToolset,
  customizationToolset,
  alarmToolset,
  guestToolset,
  hostConfigToolset,
  vmAdvancedToolset,
  applianceToolset,
  vcenterToolset,
  storageToolset,
  storagePolicyToolset,
  ovfToolset,
  computePolicyToolset,
];
