import { z } from "zod";
import { type ChangeTarget, defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import { runTask } from "../shared/task_result.ts";
import { clusterInput, membersInput, resolveAll, resolveCluster, taskFields, taskOut } from "./shared.ts";

export const clusterHostMove = defineTool({
  name: "cluster_host_move",
  toolset: "cluster",
  input: (t) => ({
    cluster: clusterInput(t),
    hosts: membersInput(t, "param.cluster.members"),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    cluster: z.string(),
    moved: z.array(z.string()),
    already_in_cluster: z.array(z.string()),
    message: z.string(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Moving a host changes which HA/DRS domain its VMs belong to; vCenter wants it in maintenance mode.
  tier: "high",
  privileges: ["Host.Inventory.MoveHost", "Host.Inventory.EditCluster"],
  async handler(args, ctx) {
    const cluster = await resolveCluster(ctx, args.cluster, args.datacenter);
    const hosts = await resolveAll(ctx, "HostSystem", args.hosts, args.datacenter);
    const targets: ChangeTarget[] = [];
    const already: string[] = [];
    for (const host of hosts) {
      const p = await retrieveOne(ctx.vsphere, host.ref, ["parent", "runtime.inMaintenanceMode"], {
        signal: ctx.signal,
      });
      const parent = p.parent as MoRef | undefined;
      if (parent?.value === cluster.ref.value) {
        already.push(host.name);
        continue;
      }
      const parentName = parent
        ? sanitizeText(String((await retrieveOne(ctx.vsphere, parent, ["name"])).name ?? parent.value))
        : "";
      targets.push({
        ref: host.ref,
        name: host.name,
        state: { parent: parentName, in_maintenance: p["runtime.inMaintenanceMode"] === true },
      });
    }
    if (targets.length === 0) {
      return {
        cluster: cluster.name,
        moved: [],
        already_in_cluster: already,
        message: ctx.t("cluster_host_move.unchanged", { cluster: cluster.name }),
      };
    }
    const moving = targets.map((t) => t.name);
    return await ctx.mutate({
      targets: [{ ref: cluster.ref, name: cluster.name }, ...targets],
      summary: ctx.t("cluster_host_move.summary", { hosts: moving.join(", "), cluster: cluster.name }),
      method: "MoveInto_Task",
      args: { host: targets.map((t) => t.ref.value) },
    }, async () => {
      const task = await runTask(ctx, "MoveInto_Task", cluster.ref, {
        host: targets.map((t) => t.ref),
      }, args.wait_seconds);
      return {
        cluster: cluster.name,
        moved: moving,
        already_in_cluster: already,
        message: ctx.t("cluster_host_move.done", { hosts: moving.join(", "), cluster: cluster.name }),
        ...taskOut(task),
      };
    });
  },
});
