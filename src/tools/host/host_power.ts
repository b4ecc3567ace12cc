import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import { runTask, taskFields } from "../shared/task_result.ts";
import { hostInput, hostState, hostTargetState, poweredOnCount, readHost } from "./common.ts";

const ACTIONS = ["reboot", "shutdown"] as const;

/** RebootHost_Task / ShutdownHost_Task arguments, in the WSDL's order. */
export function hostPowerRequest(action: typeof ACTIONS[number], force: boolean) {
  return { method: action === "reboot" ? "RebootHost_Task" : "ShutdownHost_Task", args: { force } };
}

export const hostPower = defineTool({
  name: "host_power",
  toolset: "host",
  input: (t) => ({
    host: hostInput(t),
    action: z.enum(ACTIONS).describe(t("param.host_power_action")),
    force: z.boolean().default(false).describe(t("param.host_power_force")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    host: z.string(),
    action: z.enum(ACTIONS),
    power_state: z.string(),
    connection_state: z.string(),
    message: z.string(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Shutting a host down stops every VM still on it and needs physical access to undo: critical.
  tier: "critical",
  privileges: ["Host.Config.Maintenance"],
  aliases: ["reboot_host", "shutdown_host"],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    const request = hostPowerRequest(args.action, args.force);
    const poweredOn = await poweredOnCount(ctx, host.vms);
    return await ctx.mutate({
      targets: [{ ref: host.ref, name: host.name, state: hostTargetState(host, poweredOn) }],
      summary: ctx.t(
        host.inMaintenanceMode ? "host_power.summary" : "host_power.summary_not_in_maintenance",
        { name: host.name, action: args.action, vms: poweredOn },
      ),
      method: request.method,
      args: { force: args.force },
    }, async () => {
      const task = await runTask(ctx, request.method, host.ref, request.args, args.wait_seconds);
      const after = await hostState(ctx, host.ref, host.name);
      return {
        host: host.name,
        action: args.action,
        power_state: after.powerState,
        connection_state: after.connectionState,
        message: ctx.t(task.state === "success" ? "host_power.done" : "host.task_pending", {
          name: host.name,
          action: args.action,
        }),
        task: task.task,
        task_state: task.state,
      };
    });
  },
});
