import { defineToolset } from "../../registry/define.ts";
import { perfMetrics } from "./perf_metrics.ts";
import { perfQuery } from "./perf_query.ts";

export const performanceToolset = defineToolset({
  id: "performance",
  default: false,
  tools: [perfMetrics, perfQuery],
});
