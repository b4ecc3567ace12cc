import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import { runTask, taskFields } from "../shared/task_result.ts";
import { vappState } from "./shared.ts";

const ACTIONS = ["on", "off", "suspend"] as const;
const METHODS = {
  on: { method: "PowerOnVApp_Task", done: "started", vm: "poweredOn" },
  off: { method: "PowerOffVApp_Task", done: "stopped", vm: "poweredOff" },
  suspend: { method: "SuspendVApp_Task", done: "suspended", vm: "suspended" },
} as const;

export const vappPower = defineTool({
  name: "vapp_power",
  toolset: "vapp",
  input: (t) => ({
    vapp: z.string().min(1).max(300).describe(t("param.vapp")),
    action: z.enum(ACTIONS).describe(t("param.vapp.power_action")),
    force: z.boolean().default(false).describe(t("param.vapp.force")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    vapp: z.string(),
    action: z.enum(ACTIONS),
    state: z.string(),
    message: z.string(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Powering off a vApp stops every VM in it, in the vApp's stop order.
  tier: "medium",
  privileges: ["VApp.PowerOn", "VApp.PowerOff", "VApp.Suspend"],
  aliases: ["power_on_vapp", "power_off_vapp", "suspend_vapp"],
  async handler(args, ctx) {
    const found = await resolveEntity(ctx.vsphere, "VirtualApp", args.vapp, {
      signal: ctx.signal,
      ...(args.datacenter ? { datacenter: args.datacenter } : {}),
    });
    const name = sanitizeText(found.name);
    const before = await vappState(ctx, found.ref);
    const spec = METHODS[args.action];
    if (before.state === spec.done && before.vms.every((v) => v.power_state === spec.vm)) {
      return {
        vapp: name,
        action: args.action,
        state: before.state,
        message: ctx.t("vapp_power.already", { name, state: before.state }),
      };
    }
    const params = args.action === "off" ? { force: args.force } : {};
    return await ctx.mutate({
      targets: [{
        ref: found.ref,
        name,
        state: { state: before.state, vms: before.vms.map((v) => `${v.name}: ${v.power_state}`) },
      }],
      summary: ctx.t(`vapp_power.summary_${args.action}`, { name, vms: before.vms.length }),
      method: spec.method,
      ...(args.action === "off" ? { args: params } : {}),
    }, async () => {
      const task = await runTask(ctx, spec.method, found.ref, params, args.wait_seconds);
      const after = await vappState(ctx, found.ref);
      return {
        vapp: name,
        action: args.action,
        state: after.state,
        message: ctx.t("vapp_power.done", { name, state: after.state }),
        task: task.task,
        task_state: task.state,
      };
    });
  },
});
