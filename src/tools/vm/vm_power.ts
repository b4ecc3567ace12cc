import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { datacenterInput, vmInput, waitInput } from "../shared/inputs.ts";
import { runTask } from "../shared/task_result.ts";

const ACTIONS = ["on", "off", "reset", "suspend", "shutdown_guest", "reboot_guest", "standby_guest"] as const;
type Action = typeof ACTIONS[number];

/** vSphere method, whether it returns a task, and the power state that makes it a no-op. */
const METHODS: Record<Action, { method: string; task: boolean; noopWhen?: string }> = {
  on: { method: "PowerOnVM_Task", task: true, noopWhen: "poweredOn" },
  off: { method: "PowerOffVM_Task", task: true, noopWhen: "poweredOff" },
  reset: { method: "ResetVM_Task", task: true },
  suspend: { method: "SuspendVM_Task", task: true, noopWhen: "suspended" },
  shutdown_guest: { method: "ShutdownGuest", task: false, noopWhen: "poweredOff" },
  reboot_guest: { method: "RebootGuest", task: false },
  standby_guest: { method: "StandbyGuest", task: false, noopWhen: "suspended" },
};

export const vmPower = defineTool({
  name: "vm_power",
  toolset: "vm",
  input: (t) => ({
    vm: vmInput(t),
    action: z.enum(ACTIONS).describe(t("param.power_action")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    vm: z.string(),
    action: z.enum(ACTIONS),
    power_state: z.string().describe("Power state after the operation (or the unchanged state)"),
    message: z.string(),
    task: z.string().optional(),
    task_state: z.string().optional(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Powering off or resetting interrupts services: medium, as the seed rates it (power on alone is low).
  tier: "medium",
  privileges: [
    "VirtualMachine.Interact.PowerOn",
    "VirtualMachine.Interact.PowerOff",
    "VirtualMachine.Interact.Reset",
    "VirtualMachine.Interact.Suspend",
  ],
  aliases: ["power_on_vm", "power_off_vm", "reset_vm", "suspend_vm", "shutdown_guest_vm", "reboot_guest_vm"],
  async handler(args, ctx) {
    const vm = await resolveEntity(ctx.vsphere, "VirtualMachine", args.vm, {
      signal: ctx.signal,
      ...(args.datacenter ? { datacenter: args.datacenter } : {}),
    });
    const name = sanitizeText(vm.name);
    const before = String(
      (await retrieveOne(ctx.vsphere, vm.ref, ["runtime.powerState"]))["runtime.powerState"],
    );
    const spec = METHODS[args.action];
    if (spec.noopWhen === before) {
      return {
        vm: name,
        action: args.action,
        power_state: before,
        message: ctx.t("vm_power.already", { name, state: before }),
      };
    }
    return await ctx.mutate({
      targets: [{ ref: vm.ref, name, state: { powerState: before } }],
      summary: ctx.t("vm_power.summary", { name, action: args.action, state: before }),
      method: spec.method,
    }, async () => {
      let task: Awaited<ReturnType<typeof runTask>> | undefined;
      if (spec.task) task = await runTask(ctx, spec.method, vm.ref, {}, args.wait_seconds);
      else await ctx.vsphere.call(spec.method, vm.ref, {}, { signal: ctx.signal, operationId: ctx.eventId });
      const after = String(
        (await retrieveOne(ctx.vsphere, vm.ref, ["runtime.powerState"]))["runtime.powerState"],
      );
      return {
        vm: name,
        action: args.action,
        power_state: after,
        message: ctx.t(task && task.state !== "success" ? "vm_power.pending" : "vm_power.done", {
          name,
          state: after,
        }),
        ...(task ? { task: task.task, task_state: task.state } : {}),
      };
    });
  },
});
