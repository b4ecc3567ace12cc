/**
 * vCenter scheduled tasks (ScheduledTaskManager): list them with their schedule and last/next run, and
 * create (a power operation or snapshot of a VM, once or recurring), change, run now or remove one.
 */
import { z } from "zod";
import { defineTool, type ToolContext } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { MoRef, VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { serviceManager } from "../shared/vim_values.ts";
import { bool, list, num, obj, readVm, resolveVm, str } from "../vm/common.ts";
import { cleanValue, deviceRecord } from "./common.ts";

export const OPERATIONS = {
  power_on: "PowerOnVM_Task",
  power_off: "PowerOffVM_Task",
  suspend: "SuspendVM_Task",
  reset: "ResetVM_Task",
  shutdown_guest: "ShutdownGuest",
  reboot_guest: "RebootGuest",
  snapshot: "CreateSnapshot_Task",
} as const;
type Operation = keyof typeof OPERATIONS;
const SCHEDULES = ["once", "after_startup", "hourly", "daily", "weekly"] as const;
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;

export interface ScheduleOptions {
  name: string;
  description?: string | undefined;
  enabled?: boolean | undefined;
  operation: Operation;
  snapshot_name?: string | undefined;
  schedule: typeof SCHEDULES[number];
  run_at?: string | undefined;
  hour?: number | undefined;
  minute?: number | undefined;
  interval?: number | undefined;
  weekdays?: readonly (typeof WEEKDAYS[number])[] | undefined;
  notification?: string | undefined;
}

/** The ScheduledTaskSpec vCenter stores (also used by the WSDL contract test). */
export function scheduledTaskSpec(o: ScheduleOptions): VimObject {
  const argument = o.operation === "snapshot"
    ? [
      { _type: "MethodActionArgument", value: o.snapshot_name ?? `${o.name}` },
      { _type: "MethodActionArgument", value: "created by a vCenter scheduled task" },
      { _type: "MethodActionArgument", value: false },
      { _type: "MethodActionArgument", value: false },
    ]
    : [];
  return {
    _type: "ScheduledTaskSpec",
    name: o.name,
    description: o.description ?? "",
    enabled: o.enabled ?? true,
    scheduler: scheduler(o),
    action: {
      _type: "MethodAction",
      name: OPERATIONS[o.operation],
      ...(argument.length ? { argument } : {}),
    },
    ...(o.notification ? { notification: o.notification } : {}),
  };
}

function scheduler(o: ScheduleOptions): VimObject {
  const need = (param: string, value: number | string | undefined) => {
    if (value === undefined) {
      throw new ToolInputError(
        "errors.param_required",
        { param, action: `schedule=${o.schedule}` },
        "hints.input",
      );
    }
    return value;
  };
  switch (o.schedule) {
    case "once":
      return { _type: "OnceTaskScheduler", ...(o.run_at ? { runAt: o.run_at } : {}) };
    case "after_startup":
      return { _type: "AfterStartupTaskScheduler", minute: o.minute ?? 0 };
    case "hourly":
      return { _type: "HourlyTaskScheduler", interval: o.interval ?? 1, minute: need("minute", o.minute) };
    case "daily":
      return {
        _type: "DailyTaskScheduler",
        interval: o.interval ?? 1,
        minute: need("minute", o.minute),
        hour: need("hour", o.hour),
      };
    default: {
      const days = new Set(o.weekdays ?? []);
      if (days.size === 0) need("weekdays", undefined);
      return {
        _type: "WeeklyTaskScheduler",
        interval: o.interval ?? 1,
        minute: need("minute", o.minute),
        hour: need("hour", o.hour),
        ...Object.fromEntries(WEEKDAYS.map((d) => [d, days.has(d)])),
      };
    }
  }
}

/** Every scheduled task with its info (the manager's scheduledTask list; `entity` narrows it). */
async function scheduledTasks(ctx: ToolContext, entity?: MoRef): Promise<{ ref: MoRef; info: VimObject }[]> {
  const manager = await serviceManager(ctx.vsphere, "scheduledTaskManager");
  const refs = list((await readVm(ctx, manager, ["scheduledTask"])).scheduledTask) as MoRef[];
  const out = [];
  for (const ref of refs) {
    const info = obj((await readVm(ctx, ref, ["info"])).info) ?? {};
    if (entity && (info.entity as MoRef | undefined)?.value !== entity.value) continue;
    out.push({ ref, info });
  }
  return out;
}

function summarize(ref: MoRef, info: VimObject): Record<string, unknown> {
  const action = obj(info.action);
  return {
    id: ref.value,
    name: sanitizeText(str(info.name) ?? ""),
    description: sanitizeText(str(info.description) ?? ""),
    enabled: bool(info.enabled) ?? null,
    entity: (info.entity as MoRef | undefined)?.value ?? null,
    method: str(action?.name) ?? str(action?._type) ?? null,
    scheduler: cleanValue(info.scheduler),
    state: str(info.state) ?? null,
    next_run: str(info.nextRunTime) ?? null,
    previous_run: str(info.prevRunTime) ?? null,
    last_modified_by: sanitizeText(str(info.lastModifiedUser) ?? ""),
    notification: sanitizeText(str(info.notification) ?? ""),
    ...(info.error ? { error: sanitizeText(str(obj(info.error)?.localizedMessage) ?? "") } : {}),
    ...(num(info.progress) !== undefined ? { progress: num(info.progress) } : {}),
  };
}

export const scheduledTaskList = defineTool({
  name: "scheduled_task_list",
  toolset: "vm_advanced",
  input: (t) => ({
    vm: z.string().min(1).max(300).optional().describe(t("param.scheduled_task_list_vm")),
    datacenter: datacenterInput(t),
  }),
  output: { count: z.number().int(), tasks: z.array(deviceRecord) },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["list_scheduled_tasks", "get_scheduled_task_detail"],
  async handler(args, ctx) {
    const entity = args.vm ? (await resolveVm(ctx, args.vm, args.datacenter)).ref : undefined;
    const tasks = (await scheduledTasks(ctx, entity)).map((t) => summarize(t.ref, t.info));
    return { count: tasks.length, tasks };
  },
});

export const scheduledTask = defineTool({
  name: "scheduled_task",
  toolset: "vm_advanced",
  input: (t) => ({
    action: z.enum(["create", "update", "run", "remove"]).describe(t("param.scheduled_task_action")),
    vm: z.string().min(1).max(300).optional().describe(t("param.scheduled_task_vm")),
    task: z.string().min(1).max(300).optional().describe(t("param.scheduled_task_task")),
    name: z.string().min(1).max(80).optional().describe(t("param.scheduled_task_name")),
    description: z.string().max(500).optional().describe(t("param.scheduled_task_description")),
    enabled: z.boolean().optional().describe(t("param.scheduled_task_enabled")),
    operation: z.enum(Object.keys(OPERATIONS) as [Operation, ...Operation[]]).optional().describe(
      t("param.scheduled_task_operation"),
    ),
    snapshot_name: z.string().min(1).max(80).optional().describe(t("param.scheduled_task_snapshot_name")),
    schedule: z.enum(SCHEDULES).optional().describe(t("param.scheduled_task_schedule")),
    run_at: z.string().datetime({ offset: true }).optional().describe(t("param.scheduled_task_run_at")),
    hour: z.number().int().min(0).max(23).optional().describe(t("param.scheduled_task_hour")),
    minute: z.number().int().min(0).max(59).optional().describe(t("param.scheduled_task_minute")),
    interval: z.number().int().min(1).max(1000).optional().describe(t("param.scheduled_task_interval")),
    weekdays: z.array(z.enum(WEEKDAYS)).max(7).optional().describe(t("param.scheduled_task_weekdays")),
    notification: z.string().email().optional().describe(t("param.scheduled_task_notification")),
    datacenter: datacenterInput(t),
  }),
  output: { task: z.string(), name: z.string(), message: z.string(), vm: z.string().optional() },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // A scheduled power off or reset runs later without anyone confirming it then: high.
  tier: "high",
  privileges: ["ScheduledTask.Create", "ScheduledTask.Edit", "ScheduledTask.Run", "ScheduledTask.Delete"],
  aliases: [
    "create_scheduled_task",
    "update_scheduled_task",
    "run_scheduled_task",
    "delete_scheduled_task",
    "create_scheduled_power_operation",
  ],
  async handler(args, ctx) {
    if (args.action === "create") {
      if (!args.vm || !args.name || !args.operation || !args.schedule) {
        throw new ToolInputError("errors.param_required", {
          param: "vm, name, operation, schedule",
          action: "create",
        }, "hints.input");
      }
      const vm = await resolveVm(ctx, args.vm, args.datacenter);
      const spec = scheduledTaskSpec({
        ...args,
        name: args.name,
        operation: args.operation,
        schedule: args.schedule,
      });
      const manager = await serviceManager(ctx.vsphere, "scheduledTaskManager");
      const params = {
        name: sanitizeText(args.name),
        vm: vm.display,
        operation: args.operation,
        schedule: args.schedule,
      };
      return await ctx.mutate({
        targets: [{ ref: vm.ref, name: vm.display }],
        summary: ctx.t("scheduled_task.summary_create", params),
        method: "CreateScheduledTask",
        args: { spec },
      }, async () => {
        const created = await ctx.vsphere.call("CreateScheduledTask", manager, { entity: vm.ref, spec }, {
          signal: ctx.signal,
          operationId: ctx.eventId,
        }) as MoRef;
        return {
          task: created.value,
          name: params.name,
          vm: vm.display,
          message: ctx.t("scheduled_task.done_create", params),
        };
      });
    }
    if (!args.task) {
      throw new ToolInputError(
        "errors.param_required",
        { param: "task", action: args.action },
        "hints.input",
      );
    }
    const all = await scheduledTasks(ctx);
    const found = all.find((t) => t.ref.value === args.task) ??
      all.find((t) => str(t.info.name) === args.task);
    if (!found) {
      throw new ToolInputError(
        "errors.not_found_by_name",
        { type: "ScheduledTask", name: args.task },
        "hints.input",
      );
    }
    const name = sanitizeText(str(found.info.name) ?? found.ref.value);
    const params = { name, vm: "", operation: "", schedule: "" };
    let method: string;
    let callArgs: Record<string, VimValue | undefined> = {};
    if (args.action === "update") {
      callArgs = { spec: updatedSpec(found.info, args) };
      method = "ReconfigureScheduledTask";
    } else {
      method = args.action === "run" ? "RunScheduledTask" : "RemoveScheduledTask";
    }
    return await ctx.mutate({
      targets: [{ ref: found.ref, name, state: summarize(found.ref, found.info) }],
      summary: ctx.t(`scheduled_task.summary_${args.action}` as const, params),
      method,
      ...(args.action === "update" ? { args: callArgs } : {}),
    }, async () => {
      await ctx.vsphere.call(method, found.ref, callArgs, { signal: ctx.signal, operationId: ctx.eventId });
      return {
        task: found.ref.value,
        name,
        message: ctx.t(`scheduled_task.done_${args.action}` as const, params),
      };
    });
  },
});

/** The stored spec with the given fields replaced (ReconfigureScheduledTask takes a whole spec). */
export function updatedSpec(
  info: VimObject,
  o: { [K in keyof ScheduleOptions]?: ScheduleOptions[K] | undefined },
): VimObject {
  const changedSchedule = o.schedule !== undefined;
  const base: VimObject = {
    _type: "ScheduledTaskSpec",
    name: o.name ?? str(info.name) ?? "",
    description: o.description ?? str(info.description) ?? "",
    enabled: o.enabled ?? bool(info.enabled) ?? true,
    scheduler: changedSchedule
      ? scheduler(o as ScheduleOptions)
      : obj(info.scheduler) ?? { _type: "OnceTaskScheduler" },
    action: o.operation
      ? scheduledTaskSpec({
        ...(o as ScheduleOptions),
        name: o.name ?? str(info.name) ?? "",
        schedule: "once",
      }).action!
      : obj(info.action) ?? {},
  };
  const notification = o.notification ?? str(info.notification);
  return notification ? { ...base, notification } : base;
}
