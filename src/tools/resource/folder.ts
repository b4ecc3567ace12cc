import { z } from "zod";
import { type ChangeTarget, defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import { runTask, taskFields } from "../shared/task_result.ts";
import { callVim, childNames, ref, resolveAnyEntities, serviceManager } from "../shared/vim_values.ts";

const ACTIONS = ["create", "rename", "move"] as const;
const FOLDER_TYPES = ["vm", "host", "datastore", "network"] as const;

/** Folder calls, WSDL order. `move` takes the destination folder as `this`. */
export function folderRequest(action: typeof ACTIONS[number], value: { name?: string; list?: MoRef[] }) {
  switch (action) {
    case "create":
      return { method: "CreateFolder", task: false, args: { name: value.name! } };
    case "rename":
      return { method: "Rename_Task", task: true, args: { newName: value.name! } };
    case "move":
      return { method: "MoveIntoFolder_Task", task: true, args: { list: value.list! } };
  }
}

export const folder = defineTool({
  name: "folder",
  toolset: "resource",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.folder_action")),
    folder: z.string().min(1).max(300).optional().describe(t("param.folder_target")),
    folder_type: z.enum(FOLDER_TYPES).optional().describe(t("param.folder_type")),
    name: z.string().min(1).max(80).optional().describe(t("param.new_name")),
    objects: z.array(z.string().min(1).max(300)).min(1).max(100).optional().describe(t("param.move_objects")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    action: z.enum(ACTIONS),
    folder: z.string().describe("MoRef id of the folder created, renamed or moved into"),
    name: z.string(),
    moved: z.array(z.string()).optional(),
    message: z.string(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Renaming or moving objects changes paths, permissions and scripts that depend on them.
  tier: "medium",
  privileges: ["Folder.Create", "Folder.Rename", "Folder.Move"],
  aliases: ["create_folder", "rename_folder", "move_entity_to_folder"],
  async handler(args, ctx) {
    const scope = { signal: ctx.signal, ...(args.datacenter ? { datacenter: args.datacenter } : {}) };
    const target = await (async (): Promise<{ ref: MoRef; name: string }> => {
      if (args.folder) return await resolveEntity(ctx.vsphere, "Folder", args.folder, scope);
      if (args.action === "create" && args.datacenter && args.folder_type) {
        const dc = await resolveEntity(ctx.vsphere, "Datacenter", args.datacenter, { signal: ctx.signal });
        const path = `${args.folder_type}Folder`;
        return {
          ref: ref((await retrieveOne(ctx.vsphere, dc.ref, [path]))[path])!,
          name: `${dc.name}/${args.folder_type}`,
        };
      }
      if (args.action === "create" && !args.datacenter && !args.folder_type) {
        const root = await serviceManager(ctx.vsphere, "rootFolder");
        return { ref: root, name: "/" };
      }
      throw new ToolInputError("errors.folder_fields", { action: args.action });
    })();
    if ((args.action !== "move" && !args.name) || (args.action === "move" && !args.objects)) {
      throw new ToolInputError("errors.folder_fields", { action: args.action });
    }
    const name = sanitizeText(target.name);
    const done = (folderRef: string, folderName: string, message: string, extra = {}) => ({
      action: args.action,
      folder: folderRef,
      name: folderName,
      message,
      ...extra,
    });
    let targets: ChangeTarget[] = [{ ref: target.ref, name }];
    let list: MoRef[] = [];
    if (args.action === "create") {
      const existing = (await childNames(ctx.vsphere, target.ref, "childEntity"))
        .find((c) => c.ref.type === "Folder" && c.name === args.name);
      if (existing) {
        return done(
          existing.ref.value,
          args.name!,
          ctx.t("folder.exists", { name: args.name!, parent: name }),
        );
      }
    } else if (args.action === "rename" && target.name === args.name) {
      return done(target.ref.value, name, ctx.t("folder.same_name", { name }));
    } else if (args.action === "move") {
      const objects = await resolveAnyEntities(ctx.vsphere, args.objects!, undefined, ctx.signal);
      const children = new Set(
        (await childNames(ctx.vsphere, target.ref, "childEntity")).map((c) => c.ref.value),
      );
      const moving = objects.filter((o) => !children.has(o.ref.value));
      if (moving.length === 0) {
        return done(target.ref.value, name, ctx.t("folder.already_there", { name }), { moved: [] });
      }
      list = moving.map((o) => o.ref);
      targets = [...targets, ...moving.map((o) => ({ ref: o.ref, name: sanitizeText(o.name) }))];
    }
    const request = folderRequest(args.action, { ...(args.name ? { name: args.name } : {}), list });
    return await ctx.mutate({
      targets,
      summary: ctx.t(`folder.summary_${args.action}` as const, {
        folder: name,
        name: args.name ?? "",
        count: list.length,
      }),
      method: request.method,
      args: args.action === "move" ? { list: list.map((r) => r.value) } : { name: args.name },
    }, async () => {
      if (!request.task) {
        const created = ref(await callVim(ctx, request.method, target.ref, request.args));
        return done(
          created?.value ?? "",
          args.name!,
          ctx.t("folder.done_create", { name: args.name!, parent: name }),
        );
      }
      const task = await runTask(ctx, request.method, target.ref, request.args, args.wait_seconds);
      const after = String((await retrieveOne(ctx.vsphere, target.ref, ["name"])).name ?? "");
      return done(
        target.ref.value,
        sanitizeText(after),
        ctx.t(task.state === "success" ? `folder.done_${args.action}` as const : "resource.task_pending", {
          name: sanitizeText(after),
          parent: name,
          count: list.length,
        }),
        {
          ...(args.action === "move" ? { moved: list.map((r) => r.value) } : {}),
          task: task.task,
          task_state: task.state,
        },
      );
    });
  },
});
