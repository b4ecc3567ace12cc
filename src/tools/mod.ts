/** Every toolset the server knows, in listing order. Adding a toolset is one line here. */
import type { ToolsetDefinition } from "../registry/define.ts";
import { inventoryToolset } from "./inventory/mod.ts";
import { snapshotToolset } from "./snapshot/mod.ts";
import { vmToolset } from "./vm/mod.ts";

export const TOOLSETS: readonly ToolsetDefinition[] = [inventoryToolset, vmToolset, snapshotToolset];
