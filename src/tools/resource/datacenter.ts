import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { waitInput } from "../shared/inputs.ts";
import { runTask, taskFields } from "../shared/task_result.ts";
import { callVim, childNames, ref, serviceManager } from "../shared/vim_values.ts";

const ACTIONS = ["create", "rename"] as const;

export const datacenter = defineTool({
  name: "datacenter",
  toolset: "resource",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.datacenter_action")),
    datacenter: z.string().min(1).max(300).optional().describe(t("param.datacenter_target")),
    name: z.string().min(1).max(80).describe(t("param.new_name")),
    folder: z.string().min(1).max(300).optional().describe(t("param.datacenter_folder")),
    wait_seconds: waitInput(t),
  }),
  output: {
    action: z.enum(ACTIONS),
    datacenter: z.string().describe("MoRef id"),
    name: z.string(),
    message: z.string(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Renaming a datacenter changes every inventory path under it (scripts, backups, monitoring).
  tier: "medium",
  privileges: ["Datacenter.Create", "Datacenter.Rename"],
  aliases: ["create_datacenter", "rename_datacenter"],
  async handler(args, ctx) {
    if (args.action === "create") {
      const parent: { ref: MoRef; name: string } = args.folder
        ? await resolveEntity(ctx.vsphere, "Folder", args.folder, { signal: ctx.signal })
        : { ref: await serviceManager(ctx.vsphere, "rootFolder"), name: "/" };
      const existing = (await childNames(ctx.vsphere, parent.ref, "childEntity"))
        .find((c) => c.ref.type === "Datacenter" && c.name === args.name);
      if (existing) {
        return {
          action: args.action,
          datacenter: existing.ref.value,
          name: args.name,
          message: ctx.t("datacenter.exists", { name: args.name }),
        };
      }
      return await ctx.mutate({
        targets: [{ ref: parent.ref, name: sanitizeText(parent.name) }],
        summary: ctx.t("datacenter.summary_create", { name: args.name, parent: sanitizeText(parent.name) }),
        method: "CreateDatacenter",
        args: { name: args.name },
      }, async () => {
        const created = ref(await callVim(ctx, "CreateDatacenter", parent.ref, { name: args.name }));
        return {
          action: args.action,
          datacenter: created?.value ?? "",
          name: args.name,
          message: ctx.t("datacenter.done_create", { name: args.name }),
        };
      });
    }
    if (!args.datacenter) throw new ToolInputError("errors.datacenter_missing", {});
    const dc = await resolveEntity(ctx.vsphere, "Datacenter", args.datacenter, { signal: ctx.signal });
    const current = sanitizeText(dc.name);
    if (dc.name === args.name) {
      return {
        action: args.action,
        datacenter: dc.ref.value,
        name: current,
        message: ctx.t("folder.same_name", { name: current }),
      };
    }
    return await ctx.mutate({
      targets: [{ ref: dc.ref, name: current }],
      summary: ctx.t("datacenter.summary_rename", { from: current, name: args.name }),
      method: "Rename_Task",
      args: { newName: args.name },
    }, async () => {
      const task = await runTask(ctx, "Rename_Task", dc.ref, { newName: args.name }, args.wait_seconds);
      const after = sanitizeText(String((await retrieveOne(ctx.vsphere, dc.ref, ["name"])).name ?? ""));
      return {
        action: args.action,
        datacenter: dc.ref.value,
        name: after,
        message: ctx.t(task.state === "success" ? "datacenter.done_rename" : "resource.task_pending", {
          name: after,
        }),
        task: task.task,
        task_state: task.state,
      };
    });
  },
});
