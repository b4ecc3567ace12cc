import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import { runTask, taskFields } from "../shared/task_result.ts";
import { ref, resolveAnyEntity } from "../shared/vim_values.ts";
import { hostInput, hostState, readHost } from "./common.ts";

const ACTIONS = ["move", "rename"] as const;

/**
 * Into a cluster: ClusterComputeResource.MoveInto_Task. Into a host folder: MoveIntoFolder_Task with the
 * host itself when it leaves a cluster, or with its ComputeResource when it is standalone.
 */
export function hostInventoryRequest(
  action: typeof ACTIONS[number],
  host: MoRef,
  o: { destination?: MoRef; parent?: MoRef | undefined; name?: string },
): { method: string; this: MoRef; args: Record<string, VimValue | undefined> } {
  if (action === "rename") return { method: "Rename_Task", this: host, args: { newName: o.name! } };
  const dest = o.destination!;
  if (dest.type === "ClusterComputeResource") {
    return { method: "MoveInto_Task", this: dest, args: { host: [host] } };
  }
  const item = o.parent?.type === "ComputeResource" ? o.parent : host;
  return { method: "MoveIntoFolder_Task", this: dest, args: { list: [item] } };
}

export const hostInventory = defineTool({
  name: "host_inventory",
  toolset: "host",
  input: (t) => ({
    host: hostInput(t),
    action: z.enum(ACTIONS).describe(t("param.host_inventory_action")),
    destination: z.string().min(1).max(300).optional().describe(t("param.host_destination")),
    name: z.string().min(1).max(255).optional().describe(t("param.new_name")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    host: z.string(),
    name: z.string(),
    parent: z.string().describe("MoRef id of the host's cluster or compute resource afterwards"),
    message: z.string(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Moving a host changes the cluster whose DRS/HA rules and resource pools apply to its VMs.
  tier: "medium",
  privileges: ["Host.Inventory.MoveHost", "Host.Inventory.RenameHost"],
  aliases: ["move_host_to_cluster", "rename_host"],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    let destination: { ref: MoRef; name: string } | undefined;
    if (args.action === "rename") {
      if (!args.name) throw new ToolInputError("errors.host_inventory_fields", { action: args.action });
    } else {
      if (!args.destination) {
        throw new ToolInputError("errors.host_inventory_fields", { action: args.action });
      }
      destination = await resolveAnyEntity(ctx.vsphere, args.destination, [
        "ClusterComputeResource",
        "Folder",
      ], ctx.signal);
    }
    const unchanged = (message: string) => ({
      host: host.ref.value,
      name: host.name,
      parent: host.parent?.value ?? "",
      message,
    });
    if (args.action === "rename" && args.name === host.name) {
      return unchanged(ctx.t("folder.same_name", { name: host.name }));
    }
    if (destination && destination.ref.value === host.parent?.value) {
      return unchanged(ctx.t("folder.already_there", { name: sanitizeText(destination.name) }));
    }
    if (destination && host.parent?.type === "ComputeResource") {
      const folder = ref((await retrieveOne(ctx.vsphere, host.parent, ["parent"])).parent);
      if (folder?.value === destination.ref.value) {
        return unchanged(ctx.t("folder.already_there", { name: sanitizeText(destination.name) }));
      }
    }
    const request = hostInventoryRequest(args.action, host.ref, {
      ...(destination ? { destination: destination.ref } : {}),
      parent: host.parent,
      ...(args.name ? { name: args.name } : {}),
    });
    return await ctx.mutate({
      targets: [
        {
          ref: host.ref,
          name: host.name,
          state: { parent: host.parent?.value, inMaintenanceMode: host.inMaintenanceMode },
        },
        ...(destination ? [{ ref: destination.ref, name: sanitizeText(destination.name) }] : []),
      ],
      summary: ctx.t(
        args.action === "move" ? "host_inventory.summary_move" : "host_inventory.summary_rename",
        {
          name: host.name,
          destination: destination ? sanitizeText(destination.name) : "",
          new_name: args.name ?? "",
        },
      ),
      method: request.method,
      args: destination ? { destination: destination.ref.value } : { newName: args.name },
    }, async () => {
      const task = await runTask(ctx, request.method, request.this, request.args, args.wait_seconds);
      const after = await hostState(ctx, host.ref, host.name);
      const name = sanitizeText(String((await retrieveOne(ctx.vsphere, host.ref, ["name"])).name ?? ""));
      return {
        host: host.ref.value,
        name,
        parent: after.parent?.value ?? "",
        message: ctx.t(task.state === "success" ? "host_inventory.done" : "host.task_pending", {
          name,
          action: args.action,
        }),
        task: task.task,
        task_state: task.state,
      };
    });
  },
});
