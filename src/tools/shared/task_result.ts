/** Runs a vCenter *_Task call from a tool and reports its outcome in one shape. */
import { z } from "zod";
import type { ToolContext } from "../../registry/define.ts";
import { startTask } from "../../vsphere/objects/tasks.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";

export const taskOutcome = z.object({
  task: z.string().describe("Task MoRef id, for the task tools"),
  state: z.enum(["queued", "running", "success", "error"]),
});

/** The task fields of a tool result that may have started a task (absent when nothing was started). */
export const taskFields = {
  task: z.string().optional(),
  task_state: z.string().optional(),
};

/** Starts `method` on `thisRef`, waits up to `waitSeconds` with progress and cancellation. */
export async function runTask(
  ctx: ToolContext,
  method: string,
  thisRef: MoRef,
  args: Record<string, VimValue | undefined>,
  waitSeconds: number,
): Promise<{ task: string; state: z.infer<typeof taskOutcome>["state"]; result?: VimValue }> {
  // The starting call is not cut off by ctx.signal (that would only lose the task id); cancellation
  // becomes a CancelTask once the task exists, and the real final state is reported.
  const info = await startTask(ctx.vsphere, method, thisRef, args, {
    deadlineMs: waitSeconds * 1000,
    signal: ctx.signal,
    operationId: ctx.eventId,
    onProgress: (percent) => ctx.progress({ progress: percent, total: 100 }),
  });
  return {
    task: info.ref.value,
    state: info.state,
    ...(info.result !== undefined ? { result: info.result } : {}),
  };
}
