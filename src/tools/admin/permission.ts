import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { asObjects, bool, callVim, num, serviceManager, text } from "../shared/vim_values.ts";
import { findRole, readRoles, resolvePermissionEntity } from "./common.ts";

const ACTIONS = ["set", "remove"] as const;

/** SetEntityPermissions / RemoveEntityPermission, WSDL order. */
export function permissionRequest(
  action: typeof ACTIONS[number],
  entity: MoRef,
  p: { principal: string; group: boolean; roleId?: number; propagate?: boolean },
) {
  if (action === "remove") {
    return { method: "RemoveEntityPermission", args: { entity, user: p.principal, isGroup: p.group } };
  }
  const permission: VimObject = {
    _type: "Permission",
    entity,
    principal: p.principal,
    group: p.group,
    roleId: p.roleId!,
    propagate: p.propagate ?? true,
  };
  return { method: "SetEntityPermissions", args: { entity, permission: [permission] } };
}

export const permission = defineTool({
  name: "permission",
  toolset: "admin",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.permission_action")),
    entity: z.string().min(1).max(300).optional().describe(t("param.permission_entity")),
    principal: z.string().min(1).max(256).describe(t("param.principal")),
    group: z.boolean().default(false).describe(t("param.is_group")),
    role: z.string().min(1).max(200).optional().describe(t("param.permission_role")),
    propagate: z.boolean().default(true).describe(t("param.propagate")),
  }),
  output: {
    action: z.enum(ACTIONS),
    entity: z.string(),
    principal: z.string(),
    role: z.string().nullable(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Granting or revoking access decides who can change what in vCenter.
  tier: "high",
  privileges: ["Authorization.ModifyPermissions"],
  aliases: ["set_entity_permissions", "remove_entity_permission"],
  async handler(args, ctx) {
    const entity = await resolvePermissionEntity(ctx, args.entity);
    const manager = await serviceManager(ctx.vsphere, "authorizationManager");
    const roles = await readRoles(ctx);
    const existing = asObjects(
      await callVim(ctx, "RetrieveEntityPermissions", manager, { entity: entity.ref, inherited: false }),
    ).find((p) => text(p.principal) === args.principal && (bool(p.group) ?? false) === args.group);
    const current = existing
      ? {
        role: roles.find((r) => r.id === num(existing.roleId))?.name ?? String(num(existing.roleId)),
        propagate: bool(existing.propagate) ?? false,
      }
      : undefined;
    const result = (message: string, role: string | null) => ({
      action: args.action,
      entity: entity.ref.value,
      principal: args.principal,
      role,
      message,
    });
    if (args.action === "remove" && !current) {
      return result(ctx.t("permission.none", { principal: args.principal, entity: entity.name }), null);
    }
    let roleId: number | undefined;
    if (args.action === "set") {
      if (!args.role) throw new ToolInputError("errors.permission_role_missing", {});
      const wanted = findRole(roles, args.role);
      roleId = wanted.id;
      if (current?.role === wanted.name && current.propagate === args.propagate) {
        return result(
          ctx.t("permission.already", { principal: args.principal, entity: entity.name, role: wanted.name }),
          wanted.name,
        );
      }
    }
    const request = permissionRequest(args.action, entity.ref, {
      principal: args.principal,
      group: args.group,
      ...(roleId !== undefined ? { roleId } : {}),
      propagate: args.propagate,
    });
    const roleName = roleId !== undefined ? roles.find((r) => r.id === roleId)!.name : null;
    return await ctx.mutate({
      targets: [{ ref: entity.ref, name: entity.name, state: { permission: current ?? null } }],
      summary: ctx.t(args.action === "set" ? "permission.summary_set" : "permission.summary_remove", {
        principal: args.principal,
        entity: entity.name,
        role: roleName ?? "",
        propagate: String(args.propagate),
      }),
      method: request.method,
      args: { principal: args.principal, group: args.group, role: roleName, propagate: args.propagate },
    }, async () => {
      await callVim(ctx, request.method, manager, request.args);
      return result(
        ctx.t("permission.done", { principal: args.principal, entity: entity.name, action: args.action }),
        roleName,
      );
    });
  },
});
