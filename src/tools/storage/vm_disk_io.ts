import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { waitInput } from "../shared/inputs.ts";
import { runTask, taskFields } from "../shared/task_result.ts";
import { asObject, asObjects, num, str, text } from "../shared/vim_values.ts";
import { notFoundByName } from "../shared/lookup.ts";

const LEVELS = ["low", "normal", "high"] as const;

export interface DiskIo {
  limitIops?: number | undefined;
  shares?: typeof LEVELS[number] | number | undefined;
}

/** The disk sent back whole with a new storageIOAllocation (limit -1 = unlimited; shares by level or custom). */
export function diskIoSpec(disk: VimObject, io: DiskIo): VimObject {
  const current = asObject(disk.storageIOAllocation);
  const shares = io.shares === undefined
    ? current.shares
    : typeof io.shares === "number"
    ? { _type: "SharesInfo", shares: io.shares, level: "custom" }
    : { _type: "SharesInfo", shares: { low: 500, normal: 1000, high: 2000 }[io.shares], level: io.shares };
  const allocation: VimObject = {
    _type: "StorageIOAllocationInfo",
    ...(io.limitIops !== undefined
      ? { limit: io.limitIops }
      : current.limit !== undefined
      ? { limit: current.limit }
      : {}),
    ...(shares !== undefined ? { shares } : {}),
    ...(current.reservation !== undefined ? { reservation: current.reservation } : {}),
  };
  return {
    _type: "VirtualMachineConfigSpec",
    deviceChange: [{
      _type: "VirtualDeviceConfigSpec",
      operation: "edit",
      device: { ...disk, storageIOAllocation: allocation },
    }],
  };
}

function ioState(disk: VimObject) {
  const a = asObject(disk.storageIOAllocation);
  return {
    limit_iops: num(a.limit) ?? -1,
    shares: num(asObject(a.shares).shares) ?? null,
    level: text(asObject(a.shares).level),
  };
}

export const vmDiskIo = defineTool({
  name: "vm_disk_io",
  toolset: "storage",
  input: (t) => ({
    vm: z.string().min(1).max(300).describe(t("param.vm")),
    disk: z.string().min(1).max(100).optional().describe(t("param.vm_disk_io_disk")),
    limit_iops: z.number().int().min(-1).max(1_000_000).optional().describe(t("param.vm_disk_io_limit")),
    shares: z.union([z.enum(LEVELS), z.number().int().min(1).max(1_000_000)]).optional().describe(
      t("param.vm_disk_io_shares"),
    ),
    wait_seconds: waitInput(t),
  }),
  output: {
    vm: z.string(),
    disk: z.string(),
    limit_iops: z.number(),
    shares: z.number().nullable(),
    level: z.string(),
    ...taskFields,
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  // A low IOPS limit slows the VM's disk down; nothing is lost.
  tier: "medium",
  privileges: ["VirtualMachine.Config.Resource"],
  aliases: ["configure_sioc_per_vm"],
  async handler(args, ctx) {
    if (args.limit_iops === undefined && args.shares === undefined) {
      throw new ToolInputError("errors.vm_disk_io_missing", {});
    }
    const vm = await resolveEntity(ctx.vsphere, "VirtualMachine", args.vm, { signal: ctx.signal });
    const name = sanitizeText(vm.name);
    const read = async () =>
      asObjects(
        (await retrieveOne(ctx.vsphere, vm.ref, ["config.hardware.device"], { signal: ctx.signal }))[
          "config.hardware.device"
        ],
      ).filter((d) => d._type === "VirtualDisk");
    const pick = (disks: VimObject[]) => {
      if (!args.disk) {
        if (disks.length === 1) return disks[0]!;
        throw new ToolInputError("errors.vm_disk_io_which", {
          name,
          disks: disks.map((d) => text(asObject(d.deviceInfo).label)).join(", "),
        });
      }
      const found = disks.find((d) =>
        str(d.key) === args.disk || str(asObject(d.deviceInfo).label) === args.disk
      );
      if (!found) {
        notFoundByName("disk", args.disk);
      }
      return found;
    };
    const disk = pick(await read());
    const label = text(asObject(disk.deviceInfo).label);
    const before = ioState(disk);
    const spec = diskIoSpec(disk, { limitIops: args.limit_iops, shares: args.shares });
    const wanted = ioState(asObject(asObjects(spec.deviceChange)[0]?.device));
    const result = (s: ReturnType<typeof ioState>, message: string, extra = {}) => ({
      vm: vm.ref.value,
      disk: label,
      ...s,
      message,
      ...extra,
    });
    if (JSON.stringify(wanted) === JSON.stringify(before)) {
      return result(before, ctx.t("vm_disk_io.already", { name, disk: label }));
    }
    return await ctx.mutate({
      targets: [{ ref: vm.ref, name, state: { disk: label, ...before } }],
      summary: ctx.t("vm_disk_io.summary", {
        name,
        disk: label,
        limit: wanted.limit_iops,
        shares: `${wanted.level} (${wanted.shares ?? ""})`,
      }),
      method: "ReconfigVM_Task",
      args: { disk: label, limit: wanted.limit_iops, shares: wanted.shares, level: wanted.level },
    }, async () => {
      const task = await runTask(ctx, "ReconfigVM_Task", vm.ref, { spec }, args.wait_seconds);
      const after = ioState(pick(await read()));
      return result(after, ctx.t("vm_disk_io.done", { name, disk: label, state: task.state }), {
        task: task.task,
        task_state: task.state,
      });
    });
  },
});
