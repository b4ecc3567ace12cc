import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import type { VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import { runTask, taskFields } from "../shared/task_result.ts";
import { hostInput, hostState, hostTargetState, poweredOnCount, readHost } from "./common.ts";

const ACTIONS = ["enter", "exit"] as const;
const VSAN_MODES = ["ensureObjectAccessibility", "evacuateAllData", "noAction"] as const;

export interface MaintenanceOptions {
  timeoutSeconds: number;
  evacuatePoweredOffVms?: boolean | undefined;
  vsanMode?: typeof VSAN_MODES[number] | undefined;
}

/** EnterMaintenanceMode_Task / ExitMaintenanceMode_Task arguments, in the WSDL's order. */
export function maintenanceRequest(action: typeof ACTIONS[number], options: MaintenanceOptions) {
  if (action === "exit") {
    return { method: "ExitMaintenanceMode_Task", args: { timeout: options.timeoutSeconds } };
  }
  const args: Record<string, VimValue | undefined> = {
    timeout: options.timeoutSeconds,
    evacuatePoweredOffVms: options.evacuatePoweredOffVms,
    maintenanceSpec: options.vsanMode
      ? {
        _type: "HostMaintenanceSpec",
        vsanMode: { _type: "VsanHostDecommissionMode", objectAction: options.vsanMode },
      } satisfies VimObject
      : undefined,
  };
  return { method: "EnterMaintenanceMode_Task", args };
}

export const hostMaintenance = defineTool({
  name: "host_maintenance",
  toolset: "host",
  input: (t) => ({
    host: hostInput(t),
    action: z.enum(ACTIONS).describe(t("param.maintenance_action")),
    timeout_seconds: z.number().int().min(0).max(86400).default(0).describe(t("param.maintenance_timeout")),
    evacuate_powered_off_vms: z.boolean().optional().describe(t("param.evacuate_powered_off_vms")),
    vsan_mode: z.enum(VSAN_MODES).optional().describe(t("param.vsan_mode")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    host: z.string(),
    action: z.enum(ACTIONS),
    in_maintenance_mode: z.boolean(),
    message: z.string(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Entering maintenance mode migrates or stops every VM on the host: high, as the seed rates it.
  tier: "high",
  privileges: ["Host.Config.Maintenance"],
  aliases: ["enter_maintenance_mode", "exit_maintenance_mode"],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    const wanted = args.action === "enter";
    if (host.inMaintenanceMode === wanted) {
      return {
        host: host.name,
        action: args.action,
        in_maintenance_mode: wanted,
        message: ctx.t(wanted ? "host_maintenance.already_in" : "host_maintenance.already_out", {
          name: host.name,
        }),
      };
    }
    const request = maintenanceRequest(args.action, {
      timeoutSeconds: args.timeout_seconds,
      evacuatePoweredOffVms: args.evacuate_powered_off_vms,
      vsanMode: args.vsan_mode,
    });
    const poweredOn = await poweredOnCount(ctx, host.vms);
    return await ctx.mutate({
      targets: [{ ref: host.ref, name: host.name, state: hostTargetState(host, poweredOn) }],
      summary: ctx.t(wanted ? "host_maintenance.summary_enter" : "host_maintenance.summary_exit", {
        name: host.name,
        vms: poweredOn,
      }),
      method: request.method,
      args: Object.fromEntries(Object.entries(args).filter(([k]) => k !== "host" && k !== "datacenter")),
    }, async () => {
      const task = await runTask(ctx, request.method, host.ref, request.args, args.wait_seconds);
      const after = await hostState(ctx, host.ref, host.name);
      return {
        host: host.name,
        action: args.action,
        in_maintenance_mode: after.inMaintenanceMode,
        message: ctx.t(
          task.state !== "success"
            ? "host.task_pending"
            : after.inMaintenanceMode
            ? "host_maintenance.now_in"
            : "host_maintenance.now_out",
          { name: host.name },
        ),
        task: task.task,
        task_state: task.state,
      };
    });
  },
});
