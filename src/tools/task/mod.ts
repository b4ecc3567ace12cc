import { defineToolset } from "../../registry/define.ts";
import { taskCancel } from "./task_cancel.ts";
import { taskList } from "./task_list.ts";

export const taskToolset = defineToolset({ id: "task", default: true, tools: [taskList, taskCancel] });
