/** Every toolset the server knows, in listing order. Adding a toolset is one line here. */
import type { ToolsetDefinition } from "../registry/define.ts";
import { alarmToolset } from "./alarm/mod.ts";
import { clusterToolset } from "./cluster/mod.ts";
import { contentLibraryToolset } from "./content_library/mod.ts";
import { customizationToolset } from "./customization/mod.ts";
import { guestToolset } from "./guest/mod.ts";
import { inventoryToolset } from "./inventory/mod.ts";
import { networkToolset } from "./network/mod.ts";
import { tagsToolset } from "./tags/mod.ts";
import { vappToolset } from "./vapp/mod.ts";
import { vmToolset } from "./vm/mod.ts";

export const TOOLSETS: readonly ToolsetDefinition[] = [
  inventoryToolset,
  vmToolset,
  tagsToolset,
  contentLibraryToolset,
  clusterToolset,
  networkToolset,
  vappToolset,
  customizationToolset,
  alarmToolset,
  guestToolset,
];
