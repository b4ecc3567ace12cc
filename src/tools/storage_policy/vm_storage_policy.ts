import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { waitInput } from "../shared/inputs.ts";
import { runTask } from "../shared/task_result.ts";
import { asObjects } from "../shared/vim_values.ts";
import { resolvePolicy } from "./common.ts";

/** ReconfigVM_Task's spec: the policy on the VM home (vmProfile) and, when asked, on each disk (edit). */
export function assignPolicySpec(profileId: string, disks: readonly VimObject[]): VimObject {
  const profile = () => [{ _type: "VirtualMachineDefinedProfileSpec", profileId }];
  return {
    _type: "VirtualMachineConfigSpec",
    ...(disks.length
      ? {
        deviceChange: disks.map((device) => ({
          _type: "VirtualDeviceConfigSpec",
          operation: "edit",
          device,
          profile: profile(),
        })),
      }
      : {}),
    vmProfile: profile(),
  };
}

export const vmStoragePolicy = defineTool({
  name: "vm_storage_policy",
  toolset: "storage_policy",
  input: (t) => ({
    vm: z.string().min(1).max(300).describe(t("param.vm")),
    policy: z.string().min(1).max(300).describe(t("param.storage_policy")),
    disks: z.boolean().default(true).describe(t("param.vm_storage_policy_disks")),
    wait_seconds: waitInput(t),
  }),
  output: {
    vm: z.string(),
    name: z.string(),
    policy: z.string(),
    disks: z.number().describe("Disks the policy was applied to"),
    task: z.string(),
    task_state: z.string(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  // A new policy can make vCenter move or re-protect the VM's disks (e.g. vSAN resync), not delete data.
  tier: "medium",
  privileges: ["VirtualMachine.Config.Settings", "StorageProfile.View"],
  aliases: ["assign_storage_policy_to_vm"],
  async handler(args, ctx) {
    const vm = await resolveEntity(ctx.vsphere, "VirtualMachine", args.vm, { signal: ctx.signal });
    const name = sanitizeText(vm.name);
    const policy = await resolvePolicy(ctx, args.policy);
    const devices = asObjects(
      (await retrieveOne(ctx.vsphere, vm.ref, ["config.hardware.device"], { signal: ctx.signal }))[
        "config.hardware.device"
      ],
    );
    const disks = args.disks ? devices.filter((d) => d._type === "VirtualDisk") : [];
    const spec = assignPolicySpec(policy.id, disks);
    return await ctx.mutate({
      targets: [{ ref: vm.ref, name, state: { disks: disks.length } }],
      summary: ctx.t("vm_storage_policy.summary", { name, policy: policy.name, disks: disks.length }),
      method: "ReconfigVM_Task",
      args: { profileId: policy.id, disks: disks.length },
    }, async () => {
      const task = await runTask(ctx, "ReconfigVM_Task", vm.ref, { spec }, args.wait_seconds);
      return {
        vm: vm.ref.value,
        name,
        policy: policy.name,
        disks: disks.length,
        task: task.task,
        task_state: task.state,
        message: ctx.t("vm_storage_policy.done", { name, policy: policy.name, state: task.state }),
      };
    });
  },
});
