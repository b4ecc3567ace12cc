import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { alarmManager, alarmName, entityInputs, resolveAlarmEntity, triggered } from "./shared.ts";

const KINDS = ["triggered", "definitions"] as const;

export const alarmList = defineTool({
  name: "alarm_list",
  toolset: "alarm",
  input: (t) => ({
    kind: z.enum(KINDS).default("triggered").describe(t("param.alarm.kind")),
    ...entityInputs(t),
  }),
  output: {
    entity: z.string(),
    triggered: z.array(z.object({
      alarm: z.string(),
      alarm_moref: z.string(),
      entity: z.string(),
      entity_moref: z.string(),
      status: z.string(),
      time: z.string().nullable(),
      acknowledged: z.boolean(),
      acknowledged_by: z.string().nullable(),
    })).optional(),
    definitions: z.array(z.object({
      moref: z.string(),
      name: z.string(),
      description: z.string(),
      enabled: z.boolean(),
      defined_on: z.string(),
    })).optional(),
    actions_enabled: z.boolean().optional().describe("Whether alarm actions run for this entity"),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["list_alarms", "get_alarm_definitions", "get_alarm_state"],
  async handler(args, ctx) {
    const entity = await resolveAlarmEntity(ctx, args.entity_type, args.entity);
    const names = new Map<string, string>();
    const nameOf = async (ref: MoRef) => {
      if (!names.has(ref.value)) {
        const p = await retrieveOne(ctx.vsphere, ref, ["name"], { signal: ctx.signal }).catch(() => ({
          name: ref.value,
        }));
        names.set(ref.value, sanitizeText(String(p.name ?? ref.value)));
      }
      return names.get(ref.value)!;
    };
    if (args.kind === "triggered") {
      const rows = [];
      for (const state of await triggered(ctx, entity.ref)) {
        const alarm = state.alarm as MoRef;
        const on = state.entity as MoRef;
        rows.push({
          alarm: await alarmName(ctx, alarm),
          alarm_moref: alarm.value,
          entity: await nameOf(on),
          entity_moref: on.value,
          status: String(state.overallStatus ?? "gray"),
          time: typeof state.time === "string" ? state.time : null,
          acknowledged: state.acknowledged === true,
          acknowledged_by: typeof state.acknowledgedByUser === "string"
            ? sanitizeText(state.acknowledgedByUser)
            : null,
        });
      }
      return { entity: entity.name, triggered: rows };
    }
    const manager = await alarmManager(ctx);
    const refs =
      (await ctx.vsphere.call("GetAlarm", manager, { entity: entity.ref }, { signal: ctx.signal }) ??
        []) as MoRef[];
    const definitions = [];
    for (const ref of refs) {
      const info = (await retrieveOne(ctx.vsphere, ref, ["info"], { signal: ctx.signal })).info as VimObject;
      definitions.push({
        moref: ref.value,
        name: sanitizeText(String(info.name ?? "")),
        description: sanitizeText(String(info.description ?? "")),
        enabled: info.enabled === true,
        defined_on: await nameOf(info.entity as MoRef),
      });
    }
    const enabled = await ctx.vsphere.call("AreAlarmActionsEnabled", manager, { entity: entity.ref }, {
      signal: ctx.signal,
    });
    return { entity: entity.name, definitions, actions_enabled: enabled === true };
  },
});
