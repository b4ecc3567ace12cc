import { z } from "zod";
import { type ChangeTarget, defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import { runTask, taskFields } from "../shared/task_result.ts";
import {
  asObject,
  bool,
  callVim,
  childNames,
  num,
  ref,
  refs,
  resolveAnyEntities,
  resolveAnyEntity,
  str,
} from "../shared/vim_values.ts";

const ACTIONS = ["create", "update", "rename", "move", "delete"] as const;
const LEVELS = ["low", "normal", "high", "custom"] as const;

export interface Allocation {
  reservation?: number | undefined;
  expandable?: boolean | undefined;
  limit?: number | undefined;
  sharesLevel?: typeof LEVELS[number] | undefined;
  shares?: number | undefined;
}

/** A ResourceAllocationInfo with only the given fields, WSDL order; SharesInfo needs both its fields. */
export function allocationInfo(a: Allocation, defaults = false): VimObject {
  const level = a.sharesLevel ?? (a.shares !== undefined ? "custom" : defaults ? "normal" : undefined);
  return {
    _type: "ResourceAllocationInfo",
    reservation: a.reservation ?? (defaults ? 0 : undefined),
    expandableReservation: a.expandable ?? (defaults ? true : undefined),
    limit: a.limit ?? (defaults ? -1 : undefined),
    shares: level ? { _type: "SharesInfo", shares: a.shares ?? 0, level } : undefined,
  };
}

/** A ResourceConfigSpec: both allocations are required elements, even when one does not change. */
export function resourceConfigSpec(cpu: Allocation, memory: Allocation, defaults = false): VimObject {
  return {
    _type: "ResourceConfigSpec",
    cpuAllocation: allocationInfo(cpu, defaults),
    memoryAllocation: allocationInfo(memory, defaults),
  };
}

/** ResourcePool calls, WSDL order. */
export function resourcePoolRequest(
  action: typeof ACTIONS[number],
  o: { name?: string | undefined; cpu?: Allocation; memory?: Allocation; list?: MoRef[] },
): { method: string; task: boolean; args: Record<string, VimValue | undefined> } {
  switch (action) {
    case "create":
      return {
        method: "CreateResourcePool",
        task: false,
        args: { name: o.name!, spec: resourceConfigSpec(o.cpu ?? {}, o.memory ?? {}, true) },
      };
    case "update":
      return {
        method: "UpdateConfig",
        task: false,
        args: { config: resourceConfigSpec(o.cpu ?? {}, o.memory ?? {}) },
      };
    case "rename":
      return { method: "UpdateConfig", task: false, args: { name: o.name! } };
    case "move":
      return { method: "MoveIntoResourcePool", task: false, args: { list: o.list! } };
    case "delete":
      return { method: "Destroy_Task", task: true, args: {} };
  }
}

function allocationState(value: VimValue | undefined) {
  const a = asObject(value);
  const shares = asObject(a.shares);
  return {
    reservation: num(a.reservation) ?? null,
    expandable: bool(a.expandableReservation) ?? null,
    limit: num(a.limit) ?? null,
    shares_level: str(shares.level) ?? null,
    shares: num(shares.shares) ?? null,
  };
}

const allocationOut = z.object({
  reservation: z.number().nullable(),
  expandable: z.boolean().nullable(),
  limit: z.number().nullable(),
  shares_level: z.string().nullable(),
  shares: z.number().nullable(),
});

export const resourcePool = defineTool({
  name: "resource_pool",
  toolset: "resource",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.pool_action")),
    pool: z.string().min(1).max(300).optional().describe(t("param.resource_pool")),
    parent: z.string().min(1).max(300).optional().describe(t("param.pool_parent")),
    name: z.string().min(1).max(80).optional().describe(t("param.new_name")),
    objects: z.array(z.string().min(1).max(300)).min(1).max(100).optional().describe(t("param.pool_objects")),
    cpu_reservation_mhz: z.number().int().min(0).optional().describe(t("param.cpu_reservation")),
    cpu_limit_mhz: z.number().int().min(-1).optional().describe(t("param.cpu_limit")),
    cpu_expandable: z.boolean().optional().describe(t("param.expandable")),
    cpu_shares: z.enum(LEVELS).optional().describe(t("param.shares_level")),
    cpu_shares_value: z.number().int().min(0).optional().describe(t("param.shares_value")),
    memory_reservation_mb: z.number().int().min(0).optional().describe(t("param.memory_reservation")),
    memory_limit_mb: z.number().int().min(-1).optional().describe(t("param.memory_limit")),
    memory_expandable: z.boolean().optional().describe(t("param.expandable")),
    memory_shares: z.enum(LEVELS).optional().describe(t("param.shares_level")),
    memory_shares_value: z.number().int().min(0).optional().describe(t("param.shares_value")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    action: z.enum(ACTIONS),
    pool: z.string().describe("MoRef id of the pool acted on (or created)"),
    name: z.string(),
    cpu: allocationOut.optional(),
    memory: allocationOut.optional(),
    moved: z.array(z.string()).optional(),
    message: z.string(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Shares, reservations and limits change how much CPU and memory running VMs get: a resource change.
  // Deleting a pool moves its VMs and child pools to the parent; nothing is destroyed.
  tier: "medium",
  privileges: [
    "Resource.CreatePool",
    "Resource.EditPool",
    "Resource.RenamePool",
    "Resource.MovePool",
    "Resource.DeletePool",
  ],
  aliases: ["create_resource_pool", "update_resource_pool", "delete_resource_pool"],
  async handler(args, ctx) {
    const scope = { signal: ctx.signal, ...(args.datacenter ? { datacenter: args.datacenter } : {}) };
    const cpu: Allocation = {
      reservation: args.cpu_reservation_mhz,
      limit: args.cpu_limit_mhz,
      expandable: args.cpu_expandable,
      sharesLevel: args.cpu_shares,
      shares: args.cpu_shares_value,
    };
    const memory: Allocation = {
      reservation: args.memory_reservation_mb,
      limit: args.memory_limit_mb,
      expandable: args.memory_expandable,
      sharesLevel: args.memory_shares,
      shares: args.memory_shares_value,
    };
    const fail = () => {
      throw new ToolInputError("errors.pool_fields", { action: args.action });
    };
    let pool: { ref: MoRef; name: string };
    if (args.action === "create") {
      if (!args.parent || !args.name) fail();
      // The parent may be a pool or a cluster / standalone host, whose root pool is used.
      const parent = await resolveAnyEntity(
        ctx.vsphere,
        args.parent!,
        ["ResourcePool", "ClusterComputeResource", "ComputeResource"],
        ctx.signal,
      );
      pool = parent.ref.type === "ResourcePool" ? parent : {
        ref: ref((await retrieveOne(ctx.vsphere, parent.ref, ["resourcePool"])).resourcePool)!,
        name: parent.name,
      };
      const existing = (await childNames(ctx.vsphere, pool.ref, "resourcePool")).find((c) =>
        c.name === args.name
      );
      if (existing) {
        return {
          action: args.action,
          pool: existing.ref.value,
          name: args.name!,
          message: ctx.t("resource_pool.exists", { name: args.name!, parent: sanitizeText(pool.name) }),
        };
      }
    } else {
      if (!args.pool) fail();
      pool = await resolveEntity(ctx.vsphere, "ResourcePool", args.pool!, scope);
    }
    if ((args.action === "rename" && !args.name) || (args.action === "move" && !args.objects)) fail();
    const changes = Object.values(cpu).some((v) => v !== undefined) ||
      Object.values(memory).some((v) => v !== undefined);
    if (args.action === "update" && !changes) fail();
    const name = sanitizeText(pool.name);
    const before = await retrieveOne(ctx.vsphere, pool.ref, ["config", "parent", "vm", "resourcePool"]);
    const config = asObject(before.config);
    const targets: ChangeTarget[] = [{
      ref: pool.ref,
      name,
      state: {
        cpu: allocationState(config.cpuAllocation),
        memory: allocationState(config.memoryAllocation),
        vms: refs(before.vm).length,
        childPools: refs(before.resourcePool).length,
      },
    }];
    let list: MoRef[] = [];
    if (args.action === "move") {
      const kinds = ["VirtualMachine", "ResourcePool", "VirtualApp"];
      for (const e of await resolveAnyEntities(ctx.vsphere, args.objects!, kinds, ctx.signal)) {
        list.push(e.ref);
        targets.push({ ref: e.ref, name: sanitizeText(e.name) });
      }
      const inPool = new Set([...refs(before.vm), ...refs(before.resourcePool)].map((r) => r.value));
      list = list.filter((r) => !inPool.has(r.value));
      if (list.length === 0) {
        return {
          action: args.action,
          pool: pool.ref.value,
          name,
          moved: [],
          message: ctx.t("folder.already_there", { name }),
        };
      }
    }
    if (args.action === "rename" && pool.name === args.name) {
      return {
        action: args.action,
        pool: pool.ref.value,
        name,
        message: ctx.t("folder.same_name", { name }),
      };
    }
    if (args.action === "delete" && ref(before.parent)?.type !== "ResourcePool") {
      throw new ToolInputError("errors.root_pool", { name });
    }
    const request = resourcePoolRequest(args.action, { name: args.name, cpu, memory, list });
    return await ctx.mutate({
      targets,
      summary: ctx.t(`resource_pool.summary_${args.action}` as const, {
        name,
        new_name: args.name ?? "",
        count: list.length,
        vms: refs(before.vm).length,
      }),
      method: request.method,
      args: Object.fromEntries(
        Object.entries(args).filter(([k, v]) =>
          v !== undefined && !["action", "pool", "datacenter", "wait_seconds"].includes(k)
        ),
      ),
    }, async () => {
      let task: Awaited<ReturnType<typeof runTask>> | undefined;
      let subject = pool.ref;
      if (request.task) task = await runTask(ctx, request.method, pool.ref, request.args, args.wait_seconds);
      else {
        const out = ref(await callVim(ctx, request.method, pool.ref, request.args));
        if (args.action === "create" && out) subject = out;
      }
      if (args.action === "delete") {
        return {
          action: args.action,
          pool: pool.ref.value,
          name,
          message: ctx.t(task?.state === "success" ? "resource_pool.done_delete" : "resource.task_pending", {
            name,
          }),
          ...(task ? { task: task.task, task_state: task.state } : {}),
        };
      }
      const after = await retrieveOne(ctx.vsphere, subject, ["name", "config"]);
      const afterName = sanitizeText(String(after.name ?? ""));
      const afterConfig = asObject(after.config);
      return {
        action: args.action,
        pool: subject.value,
        name: afterName,
        cpu: allocationState(afterConfig.cpuAllocation),
        memory: allocationState(afterConfig.memoryAllocation),
        ...(args.action === "move" ? { moved: list.map((r) => r.value) } : {}),
        message: ctx.t("resource_pool.done", { name: afterName, action: args.action }),
      };
    });
  },
});
