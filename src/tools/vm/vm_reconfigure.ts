import { z } from "zod";
import type { Translate } from "../../i18n/mod.ts";
import { defineTool, type ToolContext } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import type { VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { vmInput } from "../shared/inputs.ts";
import {
  bool,
  changeOutput,
  DEFAULT_WAIT_SECONDS,
  deviceKey,
  DISK,
  list,
  NIC,
  num,
  obj,
  objects,
  readVm,
  type ResolvedVm,
  resolveVm,
  str,
  taskResult,
} from "./common.ts";
import { hasFields, wire } from "./wire.ts";

const SHARE_LEVELS = ["low", "normal", "high", "custom"] as const;
const BOOT_DEVICES = ["cdrom", "disk", "network", "floppy"] as const;

function allocationInput(t: Translate, describe: string) {
  return z.object({
    reservation: z.number().int().min(0).max(1e8).optional().describe(t("param.reservation")),
    limit: z.number().int().min(-1).max(1e8).optional().describe(t("param.limit_unlimited")),
    shares: z.enum(SHARE_LEVELS).optional().describe(t("param.shares")),
    shares_value: z.number().int().min(0).max(1e6).optional().describe(t("param.shares_value")),
  }).optional().describe(describe);
}

type Allocation = {
  reservation?: number | undefined;
  limit?: number | undefined;
  shares?: typeof SHARE_LEVELS[number] | undefined;
  shares_value?: number | undefined;
};

/** The changed part of a ResourceAllocationInfo, or undefined when nothing differs. */
function allocationChange(wanted: Allocation | undefined, current: VimObject | undefined) {
  if (!wanted) return undefined;
  const currentShares = obj(current?.shares);
  const fields: Record<string, VimValue | undefined> = {};
  if (wanted.reservation !== undefined && wanted.reservation !== num(current?.reservation)) {
    fields.reservation = wanted.reservation;
  }
  if (wanted.limit !== undefined && wanted.limit !== num(current?.limit)) fields.limit = wanted.limit;
  if (wanted.shares !== undefined || wanted.shares_value !== undefined) {
    const level = wanted.shares ?? (wanted.shares_value !== undefined ? "custom" : "normal");
    if (level === "custom" && wanted.shares_value === undefined) {
      throw new ToolInputError("errors.shares_value_needed", {}, "hints.input");
    }
    const value = level === "custom" ? wanted.shares_value! : num(currentShares?.shares) ?? 0;
    if (level !== str(currentShares?.level) || (level === "custom" && value !== num(currentShares?.shares))) {
      fields.shares = wire("SharesInfo", { shares: value, level });
    }
  }
  const info = wire("ResourceAllocationInfo", fields);
  return hasFields(info) ? info : undefined;
}

function reconfigureInput(t: Translate) {
  return {
    vm: vmInput(t).optional(),
    vms: z.array(z.string().min(1).max(300)).min(1).max(100).optional().describe(t("param.vms")),
    name: z.string().min(1).max(80).optional().describe(t("param.vm_new_name")),
    cpus: z.number().int().min(1).max(768).optional().describe(t("param.cpus")),
    cores_per_socket: z.number().int().min(1).max(768).optional().describe(t("param.cores_per_socket")),
    memory_mb: z.number().int().min(4).max(25_165_824).optional().describe(t("param.memory_mb")),
    cpu_hot_add: z.boolean().optional().describe(t("param.cpu_hot_add")),
    cpu_hot_remove: z.boolean().optional().describe(t("param.cpu_hot_remove")),
    memory_hot_add: z.boolean().optional().describe(t("param.memory_hot_add")),
    cpu_allocation: allocationInput(t, t("param.cpu_allocation")),
    memory_allocation: allocationInput(t, t("param.memory_allocation")),
    change_tracking: z.boolean().optional().describe(t("param.change_tracking")),
    annotation: z.string().max(4096).optional().describe(t("param.annotation")),
    boot: z.object({
      delay_ms: z.number().int().min(0).max(1e6).optional().describe(t("param.boot_delay")),
      enter_bios: z.boolean().optional().describe(t("param.enter_bios")),
      efi_secure_boot: z.boolean().optional().describe(t("param.efi_secure_boot")),
      retry_enabled: z.boolean().optional().describe(t("param.boot_retry")),
      retry_delay_ms: z.number().int().min(0).max(1e6).optional().describe(t("param.boot_delay")),
      order: z.array(z.enum(BOOT_DEVICES)).max(4).optional().describe(t("param.boot_order")),
    }).optional().describe(t("param.boot")),
  };
}

export const vmReconfigure = defineTool({
  name: "vm_reconfigure",
  toolset: "vm",
  input: reconfigureInput,
  output: {
    ...changeOutput,
    changed: z.array(z.string()),
    vms: z.array(z.object({
      vm: z.string(),
      moref: z.string(),
      changed: z.array(z.string()),
      task_state: z.string().optional(),
    })).optional(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  // Resource changes are medium in the seed's tiers; annotations alone would be low.
  tier: "medium",
  privileges: [
    "VirtualMachine.Config.CPUCount",
    "VirtualMachine.Config.Memory",
    "VirtualMachine.Config.Resource",
    "VirtualMachine.Config.Annotation",
    "VirtualMachine.Config.Rename",
    "VirtualMachine.Config.Settings",
  ],
  aliases: [
    "reconfigure_vm",
    "set_vm_resources",
    "modify_vm_resources",
    "set_vm_cpu_allocation",
    "set_vm_memory_allocation",
    "set_vm_memory_hotadd",
    "set_vm_cpu_hotadd",
    "set_vm_cores_per_socket",
    "set_vm_annotation",
    "rename_vm",
    "set_vm_boot_options",
    "set_vm_boot_device_order",
    "set_vm_secure_boot",
    "enable_vm_cbt",
    "batch_reconfigure_vms",
  ],
  async handler(args, ctx) {
    if ((args.vm === undefined) === (args.vms === undefined)) {
      throw new ToolInputError("errors.vm_or_vms", {}, "hints.input");
    }
    if (args.vms) return await batch(args, args.vms, ctx);
    const { vm, spec, changed, state } = await plan(args, args.vm!, ctx);
    if (!spec) {
      return {
        vm: vm.display,
        moref: vm.ref.value,
        message: ctx.t("vm_change.nothing", { name: vm.display }),
        changed,
      };
    }
    return await ctx.mutate({
      targets: [{ ref: vm.ref, name: vm.display, state }],
      summary: ctx.t("vm_reconfigure.summary", { name: vm.display, fields: changed.join(", ") }),
      method: "ReconfigVM_Task",
      args: { spec },
    }, async () => ({
      ...(await taskResult(ctx, "ReconfigVM_Task", vm.ref, { spec }, DEFAULT_WAIT_SECONDS, {
        vm: args.name ?? vm.display,
        moref: vm.ref.value,
        message: ctx.t("vm_reconfigure.done", { name: vm.display, fields: changed.join(", ") }),
      })),
      changed,
    }));
  },
});

type ReconfigureArgs = Omit<z.infer<z.ZodObject<ReturnType<typeof reconfigureInput>>>, "vm" | "vms">;

interface Plan {
  vm: ResolvedVm;
  spec: VimObject | undefined;
  changed: string[];
  state: Record<string, unknown>;
}

/** Several VMs with the same settings: one confirmation, one ReconfigVM_Task per VM that differs. */
async function batch(args: ReconfigureArgs, names: readonly string[], ctx: ToolContext) {
  if (args.name !== undefined) throw new ToolInputError("vm_reconfigure.batch_name", {}, "hints.input");
  const plans: Plan[] = [];
  for (const name of names) {
    const p = await plan(args, name, ctx);
    if (!plans.some((q) => q.vm.ref.value === p.vm.ref.value)) plans.push(p);
  }
  const todo = plans.filter((p) => p.spec);
  const label = ctx.t("vm_power.batch_label", { count: plans.length });
  const rows = () => plans.map((p) => ({ vm: p.vm.display, moref: p.vm.ref.value, changed: p.changed }));
  if (todo.length === 0) {
    return {
      vm: label,
      message: ctx.t("vm_reconfigure.batch_nothing", { count: plans.length }),
      changed: [],
      vms: rows(),
    };
  }
  const fields = [...new Set(todo.flatMap((p) => p.changed))];
  return await ctx.mutate({
    targets: todo.map((p) => ({ ref: p.vm.ref, name: p.vm.display, state: p.state })),
    summary: ctx.t("vm_reconfigure.batch_summary", {
      count: todo.length,
      names: todo.map((p) => p.vm.display).join(", "),
      fields: fields.join(", "),
    }),
    method: "ReconfigVM_Task",
  }, async () => {
    const states = new Map<string, string>();
    let ok = 0;
    for (const p of todo) {
      const result = await taskResult(
        ctx,
        "ReconfigVM_Task",
        p.vm.ref,
        { spec: p.spec! },
        DEFAULT_WAIT_SECONDS,
        {
          vm: p.vm.display,
          message: "",
        },
      );
      states.set(p.vm.ref.value, result.task_state ?? "");
      if (result.task_state === "success") ok++;
    }
    return {
      vm: label,
      message: ctx.t("vm_reconfigure.batch_done", { count: todo.length, ok, fields: fields.join(", ") }),
      changed: fields,
      vms: rows().map((r) => ({
        ...r,
        ...(states.has(r.moref) ? { task_state: states.get(r.moref)! } : {}),
      })),
    };
  });
}

/** The ReconfigVM_Task spec that takes one VM from its current settings to the wanted ones. */
async function plan(args: ReconfigureArgs, nameOrId: string, ctx: ToolContext): Promise<Plan> {
  const vm = await resolveVm(ctx, nameOrId);
  const p = await readVm(ctx, vm.ref, [
    "name",
    "config.hardware.numCPU",
    "config.hardware.numCoresPerSocket",
    "config.hardware.memoryMB",
    "config.cpuHotAddEnabled",
    "config.cpuHotRemoveEnabled",
    "config.memoryHotAddEnabled",
    "config.cpuAllocation",
    "config.memoryAllocation",
    "config.annotation",
    "config.bootOptions",
    "config.changeTrackingEnabled",
    "config.hardware.device",
  ]);
  const changed: string[] = [];
  const state: Record<string, unknown> = {};
  const differs = <T>(label: string, wanted: T | undefined, current: T | undefined): T | undefined => {
    if (wanted === undefined || wanted === current) return undefined;
    changed.push(label);
    state[label] = current ?? null;
    return wanted;
  };
  const cpuAllocation = allocationChange(args.cpu_allocation, obj(p["config.cpuAllocation"]));
  const memoryAllocation = allocationChange(args.memory_allocation, obj(p["config.memoryAllocation"]));
  if (cpuAllocation) changed.push("cpu_allocation"), state.cpu_allocation = p["config.cpuAllocation"];
  if (memoryAllocation) {
    changed.push("memory_allocation");
    state.memory_allocation = p["config.memoryAllocation"];
  }
  const boot = bootChange(args.boot, obj(p["config.bootOptions"]), objects(p["config.hardware.device"]));
  if (boot) changed.push("boot"), state.boot = p["config.bootOptions"] ?? null;

  const spec = wire("VirtualMachineConfigSpec", {
    name: differs("name", args.name, str(p.name)),
    annotation: differs("annotation", args.annotation, str(p["config.annotation"]) ?? ""),
    numCPUs: differs("cpus", args.cpus, num(p["config.hardware.numCPU"])),
    numCoresPerSocket: differs(
      "cores_per_socket",
      args.cores_per_socket,
      num(p["config.hardware.numCoresPerSocket"]),
    ),
    memoryMB: differs("memory_mb", args.memory_mb, num(p["config.hardware.memoryMB"])),
    memoryHotAddEnabled: differs(
      "memory_hot_add",
      args.memory_hot_add,
      bool(p["config.memoryHotAddEnabled"]) ?? false,
    ),
    cpuHotAddEnabled: differs("cpu_hot_add", args.cpu_hot_add, bool(p["config.cpuHotAddEnabled"]) ?? false),
    cpuHotRemoveEnabled: differs(
      "cpu_hot_remove",
      args.cpu_hot_remove,
      bool(p["config.cpuHotRemoveEnabled"]) ?? false,
    ),
    cpuAllocation,
    memoryAllocation,
    bootOptions: boot,
    changeTrackingEnabled: differs(
      "change_tracking",
      args.change_tracking,
      bool(p["config.changeTrackingEnabled"]) ?? false,
    ),
  });
  return { vm, spec: hasFields(spec) ? spec : undefined, changed, state };
}

type BootInput = {
  delay_ms?: number | undefined;
  enter_bios?: boolean | undefined;
  efi_secure_boot?: boolean | undefined;
  retry_enabled?: boolean | undefined;
  retry_delay_ms?: number | undefined;
  order?: typeof BOOT_DEVICES[number][] | undefined;
};

function bootChange(wanted: BootInput | undefined, current: VimObject | undefined, devices: VimObject[]) {
  if (!wanted) return undefined;
  const same = (a: unknown, b: unknown) => a === undefined || a === b;
  const order = wanted.order?.map((kind) => {
    if (kind === "cdrom") return wire("VirtualMachineBootOptionsBootableCdromDevice", {});
    if (kind === "floppy") return wire("VirtualMachineBootOptionsBootableFloppyDevice", {});
    const device = devices.find(kind === "disk" ? DISK : NIC);
    if (!device) throw new ToolInputError("errors.boot_device_missing", { kind }, "hints.input");
    return wire(
      kind === "disk"
        ? "VirtualMachineBootOptionsBootableDiskDevice"
        : "VirtualMachineBootOptionsBootableEthernetDevice",
      { deviceKey: deviceKey(device) },
    );
  });
  // Field-less entries (CD-ROM, floppy) decode as "" without a schema entry for their type: compare
  // them by kind-less placeholder so a repeated call stays a no-op either way.
  const key = (d: VimValue) => {
    const o = obj(d);
    const k = num(o?.deviceKey);
    return k === undefined ? "-" : `${o?._type}:${k}`;
  };
  const currentOrder = list(current?.bootOrder).map(key).join(",");
  const wantedOrder = order?.map(key).join(",");
  if (
    same(wanted.delay_ms, num(current?.bootDelay) ?? 0) &&
    same(wanted.enter_bios, bool(current?.enterBIOSSetup) ?? false) &&
    same(wanted.efi_secure_boot, bool(current?.efiSecureBootEnabled) ?? false) &&
    same(wanted.retry_enabled, bool(current?.bootRetryEnabled) ?? false) &&
    same(wanted.retry_delay_ms, num(current?.bootRetryDelay)) &&
    same(wantedOrder, currentOrder)
  ) return undefined;
  return wire("VirtualMachineBootOptions", {
    bootDelay: wanted.delay_ms,
    enterBIOSSetup: wanted.enter_bios,
    efiSecureBootEnabled: wanted.efi_secure_boot,
    bootRetryEnabled: wanted.retry_enabled,
    bootRetryDelay: wanted.retry_delay_ms,
    bootOrder: order,
  });
}
