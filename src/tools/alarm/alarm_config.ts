import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import {
  alarmManager,
  enableActionsArgs,
  entityInputs,
  reconfigureArgs,
  resolveAlarmEntity,
} from "./shared.ts";
import { notFoundByName } from "../shared/lookup.ts";

const ACTIONS = ["enable_actions", "disable_actions", "enable_alarm", "disable_alarm"] as const;

export const alarmConfig = defineTool({
  name: "alarm_config",
  toolset: "alarm",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.alarm.config_action")),
    alarm: z.string().min(1).max(300).optional().describe(t("param.alarm.alarm")),
    ...entityInputs(t),
  }),
  output: {
    action: z.enum(ACTIONS),
    target: z.string(),
    enabled: z.boolean(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Disabled alarms or alarm actions mean nobody is told about failures.
  tier: "high",
  privileges: ["Alarm.DisableActions", "Alarm.ToggleEnableOnEntity", "Alarm.Edit"],
  aliases: ["enable_disable_alarm"],
  async handler(args, ctx) {
    const manager = await alarmManager(ctx);
    const entity = await resolveAlarmEntity(ctx, args.entity_type, args.entity);
    const enable = args.action.startsWith("enable");
    const call = (method: string, params: Record<string, VimObject | MoRef | boolean>) =>
      ctx.vsphere.call(method, manager, params, { signal: ctx.signal, operationId: ctx.eventId });

    if (args.action === "enable_actions" || args.action === "disable_actions") {
      const current = await ctx.vsphere.call("AreAlarmActionsEnabled", manager, { entity: entity.ref }, {
        signal: ctx.signal,
      }) === true;
      const base = { action: args.action, target: entity.name };
      if (current === enable) {
        return {
          ...base,
          enabled: current,
          message: ctx.t("alarm_config.unchanged", { target: entity.name }),
        };
      }
      return await ctx.mutate({
        targets: [{ ref: entity.ref, name: entity.name, state: { actions_enabled: current } }],
        summary: ctx.t(
          enable ? "alarm_config.summary_enable_actions" : "alarm_config.summary_disable_actions",
          {
            target: entity.name,
          },
        ),
        method: "EnableAlarmActions",
        args: { enabled: enable },
      }, async () => {
        await call("EnableAlarmActions", enableActionsArgs(entity.ref, enable));
        return { ...base, enabled: enable, message: ctx.t("alarm_config.done", { target: entity.name }) };
      });
    }

    if (!args.alarm) throw new ToolInputError("alarm_config.alarm_required", {}, "hints.input");
    let alarm: MoRef | undefined;
    let info: VimObject | undefined;
    const candidates = /^alarm-\d+$/.test(args.alarm)
      ? [{ type: "Alarm", value: args.alarm }]
      : (await ctx.vsphere.call("GetAlarm", manager, { entity: entity.ref }, { signal: ctx.signal }) ??
        []) as MoRef[];
    for (const ref of candidates) {
      const i = (await retrieveOne(ctx.vsphere, ref, ["info"], { signal: ctx.signal })).info as VimObject;
      if (ref.value === args.alarm || i.name === args.alarm) [alarm, info] = [ref, i];
    }
    if (!alarm || !info) {
      notFoundByName("alarm", sanitizeText(args.alarm));
    }
    const name = sanitizeText(String(info.name ?? alarm.value));
    const base = { action: args.action, target: name };
    if ((info.enabled === true) === enable) {
      return { ...base, enabled: enable, message: ctx.t("alarm_config.unchanged", { target: name }) };
    }
    return await ctx.mutate({
      targets: [{ ref: alarm, name, state: { enabled: info.enabled === true } }],
      summary: ctx.t(enable ? "alarm_config.summary_enable_alarm" : "alarm_config.summary_disable_alarm", {
        target: name,
      }),
      method: "ReconfigureAlarm",
      args: { enabled: enable },
    }, async () => {
      await ctx.vsphere.call("ReconfigureAlarm", alarm!, reconfigureArgs(info!, enable), {
        signal: ctx.signal,
        operationId: ctx.eventId,
      });
      return { ...base, enabled: enable, message: ctx.t("alarm_config.done", { target: name }) };
    });
  },
});
