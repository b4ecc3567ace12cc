import { z } from "zod";
import { defineTool, type ToolContext } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput, waitInput } from "../shared/inputs.ts";
import { runTask, taskFields } from "../shared/task_result.ts";

const ACTIONS = ["on", "off", "reset", "suspend", "shutdown_guest", "reboot_guest", "standby_guest"] as const;
type Action = typeof ACTIONS[number];

/** vSphere method, whether it returns a task, and the power state that makes it a no-op. */
export const METHODS: Record<Action, { method: string; task: boolean; noopWhen?: string }> = {
  on: { method: "PowerOnVM_Task", task: true, noopWhen: "poweredOn" },
  off: { method: "PowerOffVM_Task", task: true, noopWhen: "poweredOff" },
  reset: { method: "ResetVM_Task", task: true },
  suspend: { method: "SuspendVM_Task", task: true, noopWhen: "suspended" },
  shutdown_guest: { method: "ShutdownGuest", task: false, noopWhen: "poweredOff" },
  reboot_guest: { method: "RebootGuest", task: false },
  standby_guest: { method: "StandbyGuest", task: false, noopWhen: "suspended" },
};

const MAX_BATCH = 100;

export const vmPower = defineTool({
  name: "vm_power",
  toolset: "vm",
  input: (t) => ({
    vm: vmInput(t).optional(),
    vms: z.array(z.string().min(1).max(300)).min(1).max(MAX_BATCH).optional().describe(t("param.vms")),
    action: z.enum(ACTIONS).describe(t("param.power_action")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    vm: z.string(),
    action: z.string(),
    power_state: z.string(),
    message: z.string(),
    ...taskFields,
    vms: z.array(z.object({ vm: z.string(), moref: z.string(), power_state: z.string() })).optional(),
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
  aliases: [
    "power_on_vm",
    "power_off_vm",
    "reset_vm",
    "suspend_vm",
    "shutdown_guest_vm",
    "reboot_guest_vm",
    "shutdown_vm",
    "reboot_vm",
    "restart_vm",
    "standby_guest",
    "batch_power_operation",
  ],
  async handler(args, ctx) {
    if ((args.vm === undefined) === (args.vms === undefined)) {
      throw new ToolInputError("errors.vm_or_vms", {}, "hints.input");
    }
    const spec = METHODS[args.action];
    const names = args.vms ?? [args.vm!];
    const resolved: { ref: MoRef; name: string; before: string }[] = [];
    for (const nameOrId of names) {
      const vm = await resolveEntity(ctx.vsphere, "VirtualMachine", nameOrId, {
        signal: ctx.signal,
        ...(args.datacenter ? { datacenter: args.datacenter } : {}),
      });
      if (resolved.some((r) => r.ref.value === vm.ref.value)) continue;
      resolved.push({ ref: vm.ref, name: sanitizeText(vm.name), before: await powerState(ctx, vm.ref) });
    }
    if (!args.vms) return await single(args, ctx, resolved[0]!, spec);

    const todo = resolved.filter((r) => r.before !== spec.noopWhen);
    const skipped = resolved.filter((r) => r.before === spec.noopWhen);
    const label = ctx.t("vm_power.batch_label", { count: resolved.length });
    const states = () => resolved.map((r) => ({ vm: r.name, moref: r.ref.value, power_state: r.before }));
    if (todo.length === 0) {
      return {
        vm: label,
        action: args.action,
        power_state: spec.noopWhen ?? "",
        message: ctx.t("vm_power.batch_already", { count: resolved.length, state: spec.noopWhen ?? "" }),
        vms: states(),
      };
    }
    // Several power-ons go to vCenter as one PowerOnMultiVM_Task per datacenter (DRS places them together).
    const multi = args.action === "on" && todo.length > 1;
    return await ctx.mutate({
      targets: todo.map((r) => ({ ref: r.ref, name: r.name, state: { powerState: r.before } })),
      summary: ctx.t("vm_power.batch_summary", {
        action: args.action,
        count: todo.length,
        names: todo.map((r) => r.name).join(", "),
        skipped: skipped.map((r) => r.name).join(", ") || "-",
      }),
      method: multi ? "PowerOnMultiVM_Task" : spec.method,
    }, async () => {
      let lastTask: Awaited<ReturnType<typeof runTask>> | undefined;
      if (multi) {
        for (const [dc, refs] of await byDatacenter(ctx, todo.map((r) => r.ref))) {
          lastTask = await runTask(ctx, "PowerOnMultiVM_Task", dc, { vm: refs }, args.wait_seconds);
        }
      } else {
        for (const r of todo) lastTask = await invoke(ctx, spec, r.ref, args.wait_seconds);
      }
      for (const r of resolved) r.before = await powerState(ctx, r.ref);
      const reached = resolved.filter((r) => r.before === (spec.noopWhen ?? r.before)).length;
      return {
        vm: label,
        action: args.action,
        power_state: spec.noopWhen ?? "",
        message: ctx.t("vm_power.batch_done", { count: todo.length, reached, total: resolved.length }),
        ...(lastTask ? { task: lastTask.task, task_state: lastTask.state } : {}),
        vms: states(),
      };
    });
  },
});

type Spec = typeof METHODS[Action];

async function powerState(ctx: ToolContext, ref: MoRef): Promise<string> {
  return String(
    (await retrieveOne(ctx.vsphere, ref, ["runtime.powerState"], { signal: ctx.signal }))[
      "runtime.powerState"
    ],
  );
}

async function invoke(ctx: ToolContext, spec: Spec, ref: MoRef, waitSeconds: number) {
  if (spec.task) return await runTask(ctx, spec.method, ref, {}, waitSeconds);
  await ctx.vsphere.call(spec.method, ref, {}, { signal: ctx.signal, operationId: ctx.eventId });
  return undefined;
}

/** Groups VMs by the datacenter that holds them (one container view per datacenter). */
async function byDatacenter(ctx: ToolContext, refs: MoRef[]): Promise<Map<MoRef, MoRef[]>> {
  const wanted = new Set(refs.map((r) => r.value));
  const out = new Map<MoRef, MoRef[]>();
  for await (
    const dc of retrieveView(ctx.vsphere, { type: "Datacenter", paths: ["name"], signal: ctx.signal })
  ) {
    const members: MoRef[] = [];
    for await (
      const vm of retrieveView(ctx.vsphere, {
        type: "VirtualMachine",
        paths: ["name"],
        container: dc.ref,
        signal: ctx.signal,
      })
    ) {
      if (wanted.has(vm.ref.value)) members.push(vm.ref);
    }
    if (members.length) out.set(dc.ref, members);
  }
  return out;
}

async function single(
  args: { action: Action; wait_seconds: number },
  ctx: ToolContext,
  vm: { ref: MoRef; name: string; before: string },
  spec: Spec,
) {
  const { name, before } = vm;
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
    const task = await invoke(ctx, spec, vm.ref, args.wait_seconds);
    const after = await powerState(ctx, vm.ref);
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
}
