import { defineToolset } from "../../registry/define.ts";
import { computePolicy } from "./compute_policy.ts";
import { computePolicyList } from "./compute_policy_list.ts";

export const computePolicyToolset = defineToolset({
  id: "compute_policy",
  default: false,
  tools: [computePolicyList, computePolicy],
});
