import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { callVim, num, serviceManager } from "../shared/vim_values.ts";
import { findRole, readPrivileges, readRoles } from "./common.ts";

const ACTIONS = ["create", "update", "delete"] as const;
const SYSTEM_PRIVILEGES = ["System.Anonymous", "System.Read", "System.View"];

/** AuthorizationManager role calls, WSDL order (UpdateAuthorizationRole needs newName even if unchanged). */
export function roleRequest(
  action: typeof ACTIONS[number],
  o: { name?: string; roleId?: number; privileges?: string[]; failIfUsed?: boolean },
) {
  switch (action) {
    case "create":
      return { method: "AddAuthorizationRole", args: { name: o.name!, privIds: o.privileges ?? [] } };
    case "update":
      return {
        method: "UpdateAuthorizationRole",
        args: { roleId: o.roleId!, newName: o.name!, privIds: o.privileges ?? [] },
      };
    case "delete":
      return {
        method: "RemoveAuthorizationRole",
        args: { roleId: o.roleId!, failIfUsed: o.failIfUsed ?? true },
      };
  }
}

export const role = defineTool({
  name: "role",
  toolset: "admin",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.role_action")),
    role: z.string().min(1).max(200).optional().describe(t("param.role")),
    name: z.string().min(1).max(200).optional().describe(t("param.role_name")),
    privileges: z.array(z.string().min(1).max(200)).max(1000).optional().describe(t("param.role_privileges")),
    add_privileges: z.array(z.string().min(1).max(200)).max(1000).optional().describe(
      t("param.add_privileges"),
    ),
    remove_privileges: z.array(z.string().min(1).max(200)).max(1000).optional().describe(
      t("param.remove_privileges"),
    ),
    fail_if_used: z.boolean().default(true).describe(t("param.fail_if_used")),
  }),
  output: {
    action: z.enum(ACTIONS),
    role_id: z.number().int(),
    name: z.string(),
    privileges: z.array(z.string()).optional(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // A role's privileges decide what everyone holding it may do, everywhere it is assigned.
  tier: "high",
  privileges: ["Authorization.ModifyRoles"],
  aliases: ["create_role", "update_role", "delete_role"],
  async handler(args, ctx) {
    const roles = await readRoles(ctx);
    const manager = await serviceManager(ctx.vsphere, "authorizationManager");
    const known = new Set((await readPrivileges(ctx)).map((p) => p.id));
    const unknown = [...(args.privileges ?? []), ...(args.add_privileges ?? [])].filter((p) => !known.has(p));
    if (unknown.length) {
      throw new ToolInputError("errors.unknown_privileges", { privileges: unknown.join(", ") });
    }

    if (args.action === "create") {
      if (!args.name) throw new ToolInputError("errors.role_fields", { action: args.action });
      if (roles.some((r) => r.name === args.name)) {
        throw new ToolInputError("errors.role_exists", { name: args.name });
      }
      const privileges = [...new Set([...(args.privileges ?? []), ...(args.add_privileges ?? [])])].sort();
      const request = roleRequest("create", { name: args.name, privileges });
      return await ctx.mutate({
        targets: [{ ref: manager, name: "AuthorizationManager" }],
        summary: ctx.t("role.summary_create", { name: args.name, count: privileges.length }),
        method: request.method,
        args: { name: args.name, privileges },
      }, async () => {
        const id = num(await callVim(ctx, request.method, manager, request.args)) ?? 0;
        const created = (await readRoles(ctx)).find((r) => r.id === id);
        return {
          action: args.action,
          role_id: id,
          name: args.name!,
          privileges: created?.privileges ?? [],
          message: ctx.t("role.done", { name: args.name!, action: args.action }),
        };
      });
    }

    if (!args.role) throw new ToolInputError("errors.role_fields", { action: args.action });
    const current = findRole(roles, args.role);
    if (current.system) throw new ToolInputError("errors.system_role", { name: current.name });
    const state = { id: current.id, privileges: current.privileges.length };

    if (args.action === "delete") {
      const request = roleRequest("delete", { roleId: current.id, failIfUsed: args.fail_if_used });
      return await ctx.mutate({
        targets: [{ ref: manager, name: current.name, state }],
        summary: ctx.t(args.fail_if_used ? "role.summary_delete" : "role.summary_delete_force", {
          name: current.name,
        }),
        method: request.method,
        args: { role_id: current.id, fail_if_used: args.fail_if_used },
      }, async () => {
        await callVim(ctx, request.method, manager, request.args);
        return {
          action: args.action,
          role_id: current.id,
          name: current.name,
          message: ctx.t("role.done", { name: current.name, action: args.action }),
        };
      });
    }

    const next = new Set(args.privileges ?? current.privileges);
    // vCenter keeps these in every role whatever is sent; comparing without them avoids phantom changes.
    for (const p of SYSTEM_PRIVILEGES) if (current.privileges.includes(p)) next.add(p);
    for (const p of args.add_privileges ?? []) next.add(p);
    for (const p of args.remove_privileges ?? []) next.delete(p);
    const privileges = [...next].sort();
    const newName = args.name ?? current.name;
    const added = privileges.filter((p) => !current.privileges.includes(p));
    const removed = current.privileges.filter((p) => !next.has(p));
    if (newName === current.name && added.length === 0 && removed.length === 0) {
      return {
        action: args.action,
        role_id: current.id,
        name: current.name,
        privileges: current.privileges,
        message: ctx.t("role.unchanged", { name: current.name }),
      };
    }
    const request = roleRequest("update", { roleId: current.id, name: newName, privileges });
    return await ctx.mutate({
      targets: [{ ref: manager, name: current.name, state }],
      summary: ctx.t("role.summary_update", {
        name: current.name,
        new_name: newName,
        added: added.join(", ") || "-",
        removed: removed.join(", ") || "-",
      }),
      method: request.method,
      args: { role_id: current.id, name: newName, added, removed },
    }, async () => {
      await callVim(ctx, request.method, manager, request.args);
      const after = (await readRoles(ctx)).find((r) => r.id === current.id);
      return {
        action: args.action,
        role_id: current.id,
        name: after?.name ?? newName,
        privileges: after?.privileges ?? [],
        message: ctx.t("role.done", { name: newName, action: args.action }),
      };
    });
  },
});
