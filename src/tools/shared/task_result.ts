/** Runs a vCenter *_Task call from a tool and reports its outcome in one shape. */
import { z } from "zod";
import type { ToolContext } from "../../registry/define.ts";
import { waitForTask } from "../../vsphere/objects/tasks.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";

export const taskOutcome = z.object({
  task: z.string().describe("Task MoRef id, for the task tools"),
  state: z.enum(["queued", "running", "success", "error"]),
});

/** Starts `method` on `thisRef`, waits up to `waitSeconds` with progress and cancellation. */
export async function runTask(
  ctx: ToolContext,
  method: string,
  thisRef: MoRef,
  args: Record<string, VimValue | undefined>,
  waitSeconds: number,
): Promise<{ task: string; state: z.infer<typeof taskOutcome>["state"]; result?: VimValue }> {
  const task = await ctx.vsphere.call(method, thisRef, args, {
    signal: ctx.signal,
    operationId: ctx.eventId,
  }) as MoRef;
  const info = await waitForTask(ctx.vsphere, task, {
    deadlineMs: waitSeconds * 1000,
    signal: ctx.signal,
    operationId: ctx.eventId,
    onProgress: (percent) => ctx.progress({ progress: percent, total: 100 }),
  });
  return {
    task: task.value,
    state: info.state,
    ...(info.result !== undefined ? { result: info.result } : {}),
  };
}
