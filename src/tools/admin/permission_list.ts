import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import {
  asObjects,
  bool,
  callVim,
  num,
  ref,
  retrieveMany,
  serviceManager,
  text,
} from "../shared/vim_values.ts";
import { readRoles, resolvePermissionEntity } from "./common.ts";

export const permissionEntry = z.object({
  entity: z.string().describe("MoRef id of the object the permission is defined on"),
  entity_name: z.string(),
  principal: z.string(),
  group: z.boolean(),
  role: z.string(),
  role_id: z.number().int(),
  propagate: z.boolean(),
});

export const permissionList = defineTool({
  name: "permission_list",
  toolset: "admin",
  input: (t) => ({
    entity: z.string().min(1).max(300).optional().describe(t("param.permission_entity_list")),
    inherited: z.boolean().default(true).describe(t("param.inherited")),
    principal: z.string().max(200).optional().describe(t("param.principal_filter")),
  }),
  output: { permissions: z.array(permissionEntry) },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["get_entity_permissions"],
  async handler(args, ctx) {
    const manager = await serviceManager(ctx.vsphere, "authorizationManager");
    const raw = args.entity
      ? await callVim(ctx, "RetrieveEntityPermissions", manager, {
        entity: (await resolvePermissionEntity(ctx, args.entity)).ref,
        inherited: args.inherited,
      })
      : await callVim(ctx, "RetrieveAllPermissions", manager);
    const roles = new Map((await readRoles(ctx)).map((r) => [r.id, r.name]));
    const entries = asObjects(raw);
    const entities = entries.map((p) => ref(p.entity)).filter((r) => r !== undefined);
    const names = new Map(
      (await retrieveMany(ctx.vsphere, entities, ["name"], ctx.signal)).map((
        e,
      ) => [e.ref.value, text(e.props.name)]),
    );
    const permissions = entries.map((p) => {
      const entity = ref(p.entity)?.value ?? "";
      const roleId = num(p.roleId) ?? 0;
      return {
        entity,
        entity_name: names.get(entity) ?? "",
        principal: text(p.principal),
        group: bool(p.group) ?? false,
        role: roles.get(roleId) ?? String(roleId),
        role_id: roleId,
        propagate: bool(p.propagate) ?? false,
      };
    }).filter((p) => !args.principal || p.principal.toLowerCase().includes(args.principal.toLowerCase()));
    return { permissions };
  },
});
