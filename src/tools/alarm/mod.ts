/** Alarms: triggered alarms and definitions (read), acknowledge, enable/disable alarms and alarm actions,
 * create (metric or state condition, optional e-mail) and delete alarm definitions. */
import { defineToolset } from "../../registry/define.ts";
import { alarmAcknowledge } from "./alarm_acknowledge.ts";
import { alarmConfig } from "./alarm_config.ts";
import { alarmDefinition } from "./alarm_definition.ts";
import { alarmList } from "./alarm_list.ts";

export const alarmToolset = defineToolset({
  id: "alarm",
  default: false,
  tools: [alarmList, alarmAcknowledge, alarmConfig, alarmDefinition],
});
