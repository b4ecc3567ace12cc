import { z } from "zod";
import { type ChangeTarget, defineTool } from "../../registry/define.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import { runTask, taskFields } from "../shared/task_result.ts";
import { hostInput, hostState, hostTargetState, readHost } from "./common.ts";

const ACTIONS = ["disconnect", "reconnect", "remove"] as const;
type Action = typeof ACTIONS[number];

/**
 * The call for each action. A standalone host is removed by destroying its ComputeResource; a host in a
 * cluster by destroying the HostSystem (vCenter requires maintenance mode for that).
 */
export function hostConnectionRequest(
  action: Action,
  host: MoRef,
  parent: MoRef | undefined,
  syncState?: boolean,
): { method: string; this: MoRef; args: Record<string, VimValue | undefined> } {
  if (action === "disconnect") return { method: "DisconnectHost_Task", this: host, args: {} };
  if (action === "reconnect") {
    return {
      method: "ReconnectHost_Task",
      this: host,
      args: syncState === undefined ? {} : { reconnectSpec: { _type: "HostSystemReconnectSpec", syncState } },
    };
  }
  const standalone = parent?.type === "ComputeResource";
  return { method: "Destroy_Task", this: standalone && parent ? parent : host, args: {} };
}

export const hostConnection = defineTool({
  name: "host_connection",
  toolset: "host",
  input: (t) => ({
    host: hostInput(t),
    action: z.enum(ACTIONS).describe(t("param.host_connection_action")),
    sync_state: z.boolean().optional().describe(t("param.sync_state")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    host: z.string(),
    action: z.enum(ACTIONS),
    connection_state: z.string().describe('Connection state afterwards; "removed" once removed'),
    message: z.string(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Disconnecting or removing a host drops it from vCenter's management: critical, as the seed rates it.
  tier: "critical",
  privileges: ["Host.Config.Connection", "Host.Inventory.RemoveHostFromCluster"],
  aliases: ["disconnect_host", "reconnect_host", "remove_host"],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    if (args.action === "disconnect" && host.connectionState === "disconnected") {
      return {
        host: host.name,
        action: args.action,
        connection_state: host.connectionState,
        message: ctx.t("host_connection.already_disconnected", { name: host.name }),
      };
    }
    const request = hostConnectionRequest(args.action, host.ref, host.parent, args.sync_state);
    const targets: ChangeTarget[] = [{ ref: host.ref, name: host.name, state: hostTargetState(host) }];
    if (request.this !== host.ref) targets.push({ ref: request.this, name: host.name });
    return await ctx.mutate({
      targets,
      summary: ctx.t(`host_connection.summary_${args.action}` as const, {
        name: host.name,
        state: host.connectionState,
        vms: host.vms.length,
      }),
      method: request.method,
      ...(request.method === "ReconnectHost_Task" ? { args: request.args as Record<string, unknown> } : {}),
    }, async () => {
      const task = await runTask(ctx, request.method, request.this, request.args, args.wait_seconds);
      let state = "removed";
      if (args.action !== "remove" || task.state !== "success") {
        state = (await hostState(ctx, host.ref, host.name)).connectionState;
      }
      return {
        host: host.name,
        action: args.action,
        connection_state: state,
        message: ctx.t(task.state === "success" ? "host_connection.done" : "host.task_pending", {
          name: host.name,
          action: args.action,
          state,
        }),
        task: task.task,
        task_state: task.state,
      };
    });
  },
});
