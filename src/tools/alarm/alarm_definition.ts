import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { VSphereClient } from "../../vsphere/client.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { alarmManager, entityInputs, resolveAlarmEntity } from "./shared.ts";

const ACTIONS = ["create", "delete"] as const;
const TARGET_TYPES = ["VirtualMachine", "HostSystem", "Datastore", "ClusterComputeResource"] as const;

export interface AlarmInputs {
  name: string;
  description: string;
  target_type: typeof TARGET_TYPES[number];
  metric?: { counterId: number; percent: boolean } | undefined;
  state_path?: string | undefined;
  operator: "above" | "below" | "equal" | "unequal";
  yellow?: string | undefined;
  red?: string | undefined;
  email_to?: string | undefined;
}

/** An AlarmSpec from simple inputs: one metric or state condition, optionally an e-mail on yellow → red. */
export function alarmSpec(inputs: AlarmInputs): VimObject {
  let expression: VimObject;
  if (inputs.metric) {
    // Percent counters count hundredths of a percent (cpu.usage 8000 = 80 %).
    const scale = (v: string | undefined) =>
      v === undefined ? undefined : Math.round(Number(v) * (inputs.metric!.percent ? 100 : 1));
    const yellow = scale(inputs.yellow);
    const red = scale(inputs.red);
    expression = {
      _type: "MetricAlarmExpression",
      operator: inputs.operator === "below" ? "isBelow" : "isAbove",
      type: inputs.target_type,
      metric: { _type: "PerfMetricId", counterId: inputs.metric.counterId, instance: "" },
      ...(yellow !== undefined ? { yellow, yellowInterval: 300 } : {}),
      ...(red !== undefined ? { red, redInterval: 300 } : {}),
    };
  } else {
    expression = {
      _type: "StateAlarmExpression",
      operator: inputs.operator === "unequal" ? "isUnequal" : "isEqual",
      type: inputs.target_type,
      statePath: inputs.state_path!,
      ...(inputs.yellow !== undefined ? { yellow: inputs.yellow } : {}),
      ...(inputs.red !== undefined ? { red: inputs.red } : {}),
    };
  }
  return {
    _type: "AlarmSpec",
    name: inputs.name,
    description: inputs.description,
    enabled: true,
    expression: { _type: "OrAlarmExpression", expression: [expression] },
    ...(inputs.email_to
      ? {
        action: {
          _type: "GroupAlarmAction",
          action: [{
            _type: "AlarmTriggeringAction",
            action: {
              _type: "SendEmailAction",
              toList: inputs.email_to,
              ccList: "",
              subject: `[vCenter] ${inputs.name}`,
              body: "",
            },
            transitionSpecs: [{
              _type: "AlarmTriggeringActionTransitionSpec",
              startState: "yellow",
              finalState: "red",
              repeats: false,
            }],
            green2yellow: false,
            yellow2red: false,
            red2yellow: false,
            yellow2green: false,
          }],
        },
      }
      : {}),
    setting: { _type: "AlarmSetting", toleranceRange: 0, reportingFrequency: 300 },
  };
}

export const alarmDefinition = defineTool({
  name: "alarm_definition",
  toolset: "alarm",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.alarm.definition_action")),
    name: z.string().min(1).max(80).describe(t("param.alarm.name")),
    description: z.string().max(1000).default("").describe(t("param.alarm.description")),
    target_type: z.enum(TARGET_TYPES).default("VirtualMachine").describe(t("param.alarm.target_type")),
    metric: z.string().regex(/^[a-zA-Z]+\.[a-zA-Z.]+\.[a-z]+$/).optional().describe(t("param.alarm.metric")),
    state_path: z.string().min(1).max(200).optional().describe(t("param.alarm.state_path")),
    operator: z.enum(["above", "below", "equal", "unequal"]).default("above").describe(
      t("param.alarm.operator"),
    ),
    yellow: z.string().max(100).optional().describe(t("param.alarm.yellow")),
    red: z.string().max(100).optional().describe(t("param.alarm.red")),
    email_to: z.string().max(500).regex(/^[^\s@,]+@[^\s@,]+(,\s*[^\s@,]+@[^\s@,]+)*$/).optional().describe(
      t("param.alarm.email_to"),
    ),
    ...entityInputs(t),
  }),
  output: {
    action: z.enum(ACTIONS),
    name: z.string(),
    moref: z.string().optional(),
    defined_on: z.string(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Deleting an alarm silences it everywhere below the entity it is defined on.
  tier: "high",
  privileges: ["Alarm.Create", "Alarm.Delete"],
  aliases: ["create_alarm", "delete_alarm", "create_alarm_with_action"],
  async handler(args, ctx) {
    const manager = await alarmManager(ctx);
    const entity = await resolveAlarmEntity(ctx, args.entity_type, args.entity);
    const name = sanitizeText(args.name);
    const base = { action: args.action, name, defined_on: entity.name };
    const refs =
      (await ctx.vsphere.call("GetAlarm", manager, { entity: entity.ref }, { signal: ctx.signal }) ??
        []) as MoRef[];
    let existing: MoRef | undefined;
    for (const ref of refs) {
      const props = await retrieveOne(ctx.vsphere, ref, ["info.name"], { signal: ctx.signal });
      if (props["info.name"] === args.name) existing = ref;
    }

    if (args.action === "delete") {
      if (!existing) return { ...base, message: ctx.t("alarm_definition.absent", { name }) };
      return await ctx.mutate({
        targets: [{ ref: existing, name, state: { defined_on: entity.name } }],
        summary: ctx.t("alarm_definition.summary_delete", { name, entity: entity.name }),
        method: "RemoveAlarm",
      }, async () => {
        await ctx.vsphere.call("RemoveAlarm", existing!, {}, {
          signal: ctx.signal,
          operationId: ctx.eventId,
        });
        return { ...base, moref: existing!.value, message: ctx.t("alarm_definition.deleted", { name }) };
      });
    }

    if (existing) {
      return { ...base, moref: existing.value, message: ctx.t("alarm_definition.exists", { name }) };
    }
    if (!args.metric === !args.state_path) {
      throw new ToolInputError("alarm_definition.one_condition", {}, "hints.input");
    }
    if (args.yellow === undefined && args.red === undefined) {
      throw new ToolInputError("alarm_definition.threshold_required", {}, "hints.input");
    }
    const metric = args.metric ? await counterOf(ctx, args.metric) : undefined;
    if (metric) {
      for (const v of [args.yellow, args.red]) {
        if (v !== undefined && !Number.isFinite(Number(v))) {
          throw new ToolInputError(
            "alarm_definition.numeric_threshold",
            { value: sanitizeText(v) },
            "hints.input",
          );
        }
      }
    }
    const spec = alarmSpec({ ...args, metric, state_path: args.state_path });
    return await ctx.mutate({
      targets: [{ ref: entity.ref, name: entity.name }],
      summary: ctx.t("alarm_definition.summary_create", { name, entity: entity.name }),
      method: "CreateAlarm",
      args: {
        target_type: args.target_type,
        condition: `${args.metric ?? args.state_path} ${args.operator} yellow=${args.yellow ?? "-"} red=${
          args.red ?? "-"
        }`,
        ...(args.email_to ? { email_to: args.email_to } : {}),
      },
    }, async () => {
      const ref = await ctx.vsphere.call("CreateAlarm", manager, { entity: entity.ref, spec }, {
        signal: ctx.signal,
        operationId: ctx.eventId,
      }) as MoRef;
      return { ...base, moref: ref.value, message: ctx.t("alarm_definition.created", { name }) };
    });
  },
});

/** "cpu.usage.average" → the counter's key and whether it counts in percent, from the perfCounter list. */
export async function counterOf(
  ctx: { vsphere: VSphereClient; signal?: AbortSignal },
  metric: string,
): Promise<{ counterId: number; percent: boolean }> {
  const [group, ...rest] = metric.split(".");
  const rollup = rest.pop();
  const counter = rest.join(".");
  const perf = (await ctx.vsphere.serviceContent()).perfManager as MoRef;
  const props = await retrieveOne(
    ctx.vsphere,
    perf,
    ["perfCounter"],
    ctx.signal ? { signal: ctx.signal } : {},
  );
  for (const c of (Array.isArray(props.perfCounter) ? props.perfCounter : []) as VimObject[]) {
    const key = (o: unknown) => String((o as VimObject | undefined)?.key ?? "");
    if (key(c.groupInfo) === group && key(c.nameInfo) === counter && c.rollupType === rollup) {
      return { counterId: Number(c.key), percent: key(c.unitInfo) === "percent" };
    }
  }
  throw new ToolInputError(
    "alarm_definition.unknown_metric",
    { metric: sanitizeText(metric) },
    "hints.input",
  );
}
