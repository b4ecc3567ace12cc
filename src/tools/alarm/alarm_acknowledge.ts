import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import {
  acknowledgeArgs,
  alarmManager,
  alarmName,
  entityInputs,
  resolveAlarmEntity,
  triggered,
} from "./shared.ts";

export const alarmAcknowledge = defineTool({
  name: "alarm_acknowledge",
  toolset: "alarm",
  input: (t) => ({
    alarm: z.string().min(1).max(300).describe(t("param.alarm.alarm")),
    ...entityInputs(t),
  }),
  output: {
    acknowledged: z.array(z.object({ alarm: z.string(), entity: z.string(), entity_moref: z.string() })),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  // Acknowledging only stops repeated actions for this occurrence; the alarm stays visible.
  tier: "low",
  privileges: ["Alarm.Acknowledge"],
  aliases: ["acknowledge_alarm"],
  async handler(args, ctx) {
    const scope = await resolveAlarmEntity(ctx, args.entity_type, args.entity);
    const matching: { state: VimObject; alarm: MoRef; entity: MoRef; entityName: string; name: string }[] =
      [];
    for (const state of await triggered(ctx, scope.ref)) {
      const alarm = state.alarm as MoRef;
      const name = await alarmName(ctx, alarm);
      if (alarm.value === args.alarm || name === args.alarm) {
        const entity = state.entity as MoRef;
        const entityName = sanitizeText(
          String((await retrieveOne(ctx.vsphere, entity, ["name"])).name ?? entity.value),
        );
        matching.push({ state, alarm, entity, entityName, name });
      }
    }
    if (matching.length === 0) {
      throw new ToolInputError(
        "alarm.not_triggered",
        { alarm: sanitizeText(args.alarm), entity: scope.name },
        "hints.alarm_not_triggered",
      );
    }
    const open = matching.filter((m) => m.state.acknowledged !== true);
    if (open.length === 0) {
      return {
        acknowledged: [],
        message: ctx.t("alarm_acknowledge.already", { alarm: sanitizeText(args.alarm) }),
      };
    }
    const manager = await alarmManager(ctx);
    return await ctx.mutate({
      targets: open.map((m) => ({
        ref: m.entity,
        name: m.entityName,
        state: { alarm: m.name, status: String(m.state.overallStatus ?? ""), acknowledged: false },
      })),
      summary: ctx.t("alarm_acknowledge.summary", { alarm: open[0]!.name, count: open.length }),
      method: "AcknowledgeAlarm",
    }, async () => {
      for (const m of open) {
        await ctx.vsphere.call("AcknowledgeAlarm", manager, acknowledgeArgs(m.alarm, m.entity), {
          signal: ctx.signal,
          operationId: ctx.eventId,
        });
      }
      return {
        acknowledged: open.map((m) => ({
          alarm: m.name,
          entity: m.entityName,
          entity_moref: m.entity.value,
        })),
        message: ctx.t("alarm_acknowledge.done", { alarm: open[0]!.name, count: open.length }),
      };
    });
  },
});
