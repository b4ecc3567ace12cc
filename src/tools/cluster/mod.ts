/**
 * Clusters: summary (read), create/rename/delete, HA/DRS/DPM settings, DRS recommendations and EVC, DRS rules and groups, per-VM
 * overrides, moving hosts in. Reading is its own tool so `readOnlyHint` stays exact.
 */
import { defineToolset } from "../../registry/define.ts";
import { clusterTool } from "./cluster.ts";
import { clusterDrs } from "./cluster_drs.ts";
import { clusterGroup } from "./cluster_group.ts";
import { clusterHostMove } from "./cluster_host_move.ts";
import { clusterRule } from "./cluster_rule.ts";
import { clusterSettings } from "./cluster_settings.ts";
import { clusterSummaryTool } from "./cluster_summary.ts";
import { clusterVmOverride } from "./cluster_vm_override.ts";

export const clusterToolset = defineToolset({
  id: "cluster",
  default: false,
  tools: [
    clusterSummaryTool,
    clusterTool,
    clusterSettings,
    clusterDrs,
    clusterRule,
    clusterGroup,
    clusterVmOverride,
    clusterHostMove,
  ],
});
