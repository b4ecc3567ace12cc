/** Every toolset the server knows, in listing order. Adding a toolset is one line here. */
import type { ToolsetDefinition } from "../registry/define.ts";
import { adminToolset } from "./admin/mod.ts";
import { datastoreToolset } from "./datastore/mod.ts";
import { hostToolset } from "./host/mod.ts";
import { inventoryToolset } from "./inventory/mod.ts";
import { resourceToolset } from "./resource/mod.ts";
import { vmToolset } from "./vm/mod.ts";

export const TOOLSETS: readonly ToolsetDefinition[] = [
  inventoryToolset,
  vmToolset,
  hostToolset,
  datastoreToolset,
  resourceToolset,
  adminToolset,
];
