import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { FINAL_STATES, readTasks, summarizeTask } from "./task_info.ts";

/** CancelTask takes no arguments besides the task itself (vim25 CancelTaskRequestType). */
export const CANCEL_METHOD = "CancelTask";

export const taskCancel = defineTool({
  name: "task_cancel",
  toolset: "task",
  input: (t) => ({
    task: z.string().regex(/^task-[\w.-]+$/).max(100).describe(t("param.task_id")),
  }),
  output: {
    task: z.string(),
    state: z.string(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  // Cancelling interrupts an operation in flight (vCenter rolls it back where it can): temporary impact.
  tier: "medium",
  privileges: ["System.View"],
  aliases: ["cancel_task"],
  async handler(args, ctx) {
    const ref: MoRef = { type: "Task", value: args.task };
    const read = async () => (await readTasks(ctx.vsphere, [ref], ctx.signal)).get(ref.value);
    const info = await read();
    if (!info) {
      throw new ToolInputError(
        "errors.not_found_by_name",
        { type: "Task", name: args.task },
        "hints.task_gone",
      );
    }
    const before = summarizeTask(ref, info);
    if (FINAL_STATES.has(before.state)) {
      return {
        task: args.task,
        state: before.state,
        message: ctx.t("task_cancel.already_final", { task: args.task, state: before.state }),
      };
    }
    if (!before.cancelable) {
      throw new ToolInputError("errors.task_not_cancelable", { task: args.task, name: before.name ?? "" });
    }
    return await ctx.mutate({
      targets: [{
        ref,
        name: before.name ?? args.task,
        state: { state: before.state, progress: before.progress, entity: before.entity_name },
      }],
      summary: ctx.t("task_cancel.summary", {
        task: args.task,
        name: before.name ?? "",
        entity: before.entity_name ?? "",
      }),
      method: CANCEL_METHOD,
    }, async () => {
      await ctx.vsphere.call(CANCEL_METHOD, ref, {}, { signal: ctx.signal, operationId: ctx.eventId });
      const after = summarizeTask(ref, await read());
      return {
        task: args.task,
        state: after.state,
        message: ctx.t("task_cancel.requested", { task: args.task, state: after.state }),
      };
    });
  },
});
