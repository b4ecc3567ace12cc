import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import { runTask, taskFields } from "../shared/task_result.ts";
import { vappState } from "./shared.ts";

export const vappDelete = defineTool({
  name: "vapp_delete",
  toolset: "vapp",
  input: (t) => ({
    vapp: z.string().min(1).max(300).describe(t("param.vapp")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    vapp: z.string(),
    deleted_vms: z.array(z.string()),
    message: z.string(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Destroying a vApp destroys the VMs in it and their disks.
  tier: "critical",
  privileges: ["VApp.Delete"],
  aliases: ["delete_vapp"],
  async handler(args, ctx) {
    const found = await resolveEntity(ctx.vsphere, "VirtualApp", args.vapp, {
      signal: ctx.signal,
      ...(args.datacenter ? { datacenter: args.datacenter } : {}),
    });
    const name = sanitizeText(found.name);
    const state = await vappState(ctx, found.ref);
    const vms = state.vms.map((v) => v.name);
    return await ctx.mutate({
      targets: [
        { ref: found.ref, name, state: { state: state.state } },
        ...state.vms.map((v) => ({
          ref: { type: "VirtualMachine", value: v.moref },
          name: v.name,
          state: { powerState: v.power_state },
        })),
      ],
      summary: ctx.t("vapp_delete.summary", { name, vms: vms.length }),
      method: "Destroy_Task",
    }, async () => {
      const task = await runTask(ctx, "Destroy_Task", found.ref, {}, args.wait_seconds);
      return {
        vapp: name,
        deleted_vms: vms,
        message: ctx.t(task.state === "success" ? "vapp_delete.done" : "vapp_delete.pending", { name }),
        task: task.task,
        task_state: task.state,
      };
    });
  },
});
