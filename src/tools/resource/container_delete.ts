import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import { runTask, taskFields } from "../shared/task_result.ts";

const TYPES = { folder: "Folder", datacenter: "Datacenter" } as const;

export const containerDelete = defineTool({
  name: "container_delete",
  toolset: "resource",
  input: (t) => ({
    type: z.enum(["folder", "datacenter"]).describe(t("param.container_type")),
    object: z.string().min(1).max(300).describe(t("param.container")),
    include_contents: z.boolean().default(false).describe(t("param.include_contents")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    object: z.string(),
    name: z.string(),
    deleted: z.boolean(),
    message: z.string(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Destroying a folder or datacenter destroys what is inside it, VMs included: critical.
  tier: "critical",
  privileges: ["Folder.Delete", "Datacenter.Delete"],
  aliases: ["delete_folder", "delete_datacenter"],
  async handler(args, ctx) {
    const type = TYPES[args.type];
    const target = await resolveEntity(ctx.vsphere, type, args.object, {
      signal: ctx.signal,
      ...(args.datacenter && args.type === "folder" ? { datacenter: args.datacenter } : {}),
    });
    const name = sanitizeText(target.name);
    // Everything below it, counted by type (a datacenter's own vm/host/datastore/network folders aside).
    const counts: Record<string, number> = {};
    for await (
      const e of retrieveView(ctx.vsphere, { type: "ManagedEntity", paths: ["name"], container: target.ref })
    ) {
      counts[e.ref.type] = (counts[e.ref.type] ?? 0) + 1;
    }
    if (args.type === "datacenter") counts.Folder = Math.max(0, (counts.Folder ?? 0) - 4);
    // Standard networks exist only through hosts and go with them; they do not make a container "in use".
    const total = Object.entries(counts).filter(([t]) => t !== "Network").reduce((a, [, n]) => a + n, 0);
    if (total > 0 && !args.include_contents) {
      throw new ToolInputError("errors.container_not_empty", {
        name,
        contents: Object.entries(counts).filter(([t, n]) => n > 0 && t !== "Network").map(([t, n]) =>
          `${n} ${t}`
        ).join(", "),
      });
    }
    return await ctx.mutate({
      targets: [{ ref: target.ref, name, state: { contents: counts } }],
      summary: ctx.t(total > 0 ? "container_delete.summary_contents" : "container_delete.summary_empty", {
        type: args.type,
        name,
        vms: counts.VirtualMachine ?? 0,
        total,
      }),
      method: "Destroy_Task",
    }, async () => {
      const task = await runTask(ctx, "Destroy_Task", target.ref, {}, args.wait_seconds);
      return {
        object: target.ref.value,
        name,
        deleted: task.state === "success",
        message: ctx.t(task.state === "success" ? "container_delete.done" : "resource.task_pending", {
          name,
        }),
        task: task.task,
        task_state: task.state,
      };
    });
  },
});
