/** What the host configuration tools share: one way to change a host through a config manager. */
import type { ChangePlan, ToolContext } from "../../registry/define.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { runTask } from "../shared/task_result.ts";
import { callVim, hostManager } from "../shared/vim_values.ts";
import type { HostState } from "../host/common.ts";

/** One vSphere call: which host manager (`configManager.<manager>`, or the host itself) and its arguments. */
export interface HostRequest {
  /** A `configManager` property name (`networkSystem`, `dateTimeSystem`, ...) or "host" for the HostSystem. */
  manager: string;
  method: string;
  args: Record<string, VimValue | undefined>;
}

/** Resolves the object a request is sent to; fails before any preview when the host lacks the manager. */
export async function requestTarget(ctx: ToolContext, host: MoRef, request: HostRequest): Promise<MoRef> {
  return request.manager === "host" ? host : await hostManager(ctx, host, request.manager);
}

/** Previews and, once confirmed, sends `request` (a `*_Task` is waited for); then reads the result back. */
export async function changeHost<T>(
  ctx: ToolContext,
  host: HostState,
  request: HostRequest,
  plan: { summary: string; state: Record<string, unknown>; args?: Record<string, unknown> },
  after: (task?: { task: string; state: string; result?: VimValue }) => Promise<T>,
): Promise<T> {
  const target = await requestTarget(ctx, host.ref, request);
  const change: ChangePlan = {
    targets: [{ ref: host.ref, name: host.name, state: plan.state }],
    summary: plan.summary,
    method: `${target.type}.${request.method}`,
    args: plan.args ?? request.args as Record<string, unknown>,
  };
  return await ctx.mutate(change, async () => {
    if (request.method.endsWith("_Task")) {
      return await after(await runTask(ctx, request.method, target, request.args, 300));
    }
    await callVim(ctx, request.method, target, request.args);
    return await after();
  });
}
