import { defineToolset } from "../../registry/define.ts";
import { targetList } from "./target_list.ts";

export const targetsToolset = defineToolset({ id: "targets", default: true, tools: [targetList] });
