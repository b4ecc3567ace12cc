import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { datacenterInput, vmInput, waitInput } from "../shared/inputs.ts";
import { runTask } from "../shared/task_result.ts";

const PATHS = [
  "runtime.powerState",
  "guest.toolsRunningStatus",
  "guest.toolsVersion",
  "guest.toolsVersionStatus2",
];

export const guestToolsUpgrade = defineTool({
  name: "guest_tools_upgrade",
  toolset: "guest",
  input: (t) => ({
    vm: vmInput(t),
    installer_options: z.string().max(1024).optional().describe(t("param.guest.installer_options")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    vm: z.string(),
    tools_version: z.string().nullable(),
    version_status: z.string().nullable(),
    message: z.string(),
    task: z.string().optional(),
    task_state: z.string().optional(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // The installer may restart guest services or, on Windows, the guest itself.
  tier: "medium",
  privileges: ["VirtualMachine.Interact.ToolsInstall"],
  aliases: ["upgrade_vmware_tools"],
  async handler(args, ctx) {
    const vm = await resolveEntity(ctx.vsphere, "VirtualMachine", args.vm, {
      signal: ctx.signal,
      ...(args.datacenter ? { datacenter: args.datacenter } : {}),
    });
    const name = sanitizeText(vm.name);
    const read = async () => {
      const p = await retrieveOne(ctx.vsphere, vm.ref, PATHS, { signal: ctx.signal });
      const text = (v: unknown) => (typeof v === "string" && v !== "" ? sanitizeText(v) : null);
      return {
        power: String(p["runtime.powerState"] ?? ""),
        running: text(p["guest.toolsRunningStatus"]),
        version: text(p["guest.toolsVersion"]),
        status: text(p["guest.toolsVersionStatus2"]),
      };
    };
    const before = await read();
    const base = { vm: name, tools_version: before.version, version_status: before.status };
    if (before.status === "guestToolsCurrent" || before.status === "guestToolsUnmanaged") {
      return {
        ...base,
        message: ctx.t("guest_tools_upgrade.unchanged", { vm: name, status: before.status }),
      };
    }
    return await ctx.mutate({
      targets: [{ ref: vm.ref, name, state: before }],
      summary: ctx.t("guest_tools_upgrade.summary", { vm: name, version: before.version ?? "?" }),
      method: "UpgradeTools_Task",
      ...(args.installer_options ? { args: { installerOptions: args.installer_options } } : {}),
    }, async () => {
      const task = await runTask(
        ctx,
        "UpgradeTools_Task",
        vm.ref,
        args.installer_options ? { installerOptions: args.installer_options } : {},
        args.wait_seconds,
      );
      const after = await read();
      return {
        vm: name,
        tools_version: after.version,
        version_status: after.status,
        message: ctx.t("guest_tools_upgrade.done", { vm: name, version: after.version ?? "?" }),
        task: task.task,
        task_state: task.state,
      };
    });
  },
});
