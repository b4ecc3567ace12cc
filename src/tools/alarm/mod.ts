/** Alarms: triggered alarms and definitions (read), acknowledge, enable/disable alarms and alarm actions. */
import { defineToolset } from "../../registry/define.ts";
import { alarmAcknowledge } from "./alarm_acknowledge.ts";
import { alarmConfig } from "./alarm_config.ts";
import { alarmList } from "./alarm_list.ts";

export const alarmToolset = defineToolset({
  id: "alarm",
  default: false,
  tools: [alarmList, alarmAcknowledge, alarmConfig],
});
