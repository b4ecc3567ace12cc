import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import {
  asArray,
  asObject,
  asObjects,
  bool,
  callVim,
  ref,
  serviceManager,
  str,
  text,
} from "../shared/vim_values.ts";
import { readPrivileges, resolvePermissionEntities } from "./common.ts";

/** HasPrivilegeOnEntities (this session) and FetchUserPrivilegeOnEntities (another user), WSDL order. */
export function privilegeCheckRequest(
  entities: MoRef[],
  o: { sessionId?: string; privileges?: string[]; user?: string },
) {
  if (o.user) return { method: "FetchUserPrivilegeOnEntities", args: { entities, userName: o.user } };
  return {
    method: "HasPrivilegeOnEntities",
    args: { entity: entities, sessionId: o.sessionId!, privId: o.privileges ?? [] },
  };
}

export const privilegeCheck = defineTool({
  name: "privilege_check",
  toolset: "admin",
  input: (t) => ({
    entities: z.array(z.string().min(1).max(300)).min(1).max(50).describe(t("param.check_entities")),
    privileges: z.array(z.string().min(1).max(200)).max(200).optional().describe(t("param.check_privileges")),
    user: z.string().min(1).max(256).optional().describe(t("param.check_user")),
  }),
  output: {
    user: z.string().describe("Whose privileges: the current session's user, or the given user"),
    results: z.array(z.object({
      entity: z.string(),
      entity_name: z.string(),
      granted: z.array(z.string()),
      denied: z.array(z.string()),
    })),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View", "Authorization.ModifyPermissions"],
  async handler(args, ctx) {
    const resolved = await resolvePermissionEntities(ctx, args.entities);
    const names = new Map(resolved.map((r) => [r.ref.value, r.name]));
    const manager = await serviceManager(ctx.vsphere, "authorizationManager");
    const entities = resolved.map((r) => r.ref);
    if (args.user) {
      const request = privilegeCheckRequest(entities, { user: args.user });
      const out = asObjects(await callVim(ctx, request.method, manager, request.args));
      return {
        user: args.user,
        results: out.map((r) => {
          const held = new Set(asArray(r.privileges).map((p) => text(p)));
          const entity = ref(r.entity)?.value ?? "";
          const asked = args.privileges ?? [...held].sort();
          return {
            entity,
            entity_name: names.get(entity) ?? "",
            granted: asked.filter((p) => held.has(p)),
            denied: asked.filter((p) => !held.has(p)),
          };
        }),
      };
    }
    const sessionManager = await serviceManager(ctx.vsphere, "sessionManager");
    const session = asObject(
      (await retrieveOne(ctx.vsphere, sessionManager, ["currentSession"])).currentSession,
    );
    const privileges = args.privileges ?? (await readPrivileges(ctx)).map((p) => p.id);
    const request = privilegeCheckRequest(entities, { sessionId: str(session.key) ?? "", privileges });
    const out = asObjects(await callVim(ctx, request.method, manager, request.args));
    return {
      user: text(session.userName),
      results: out.map((r) => {
        const availability = asObjects(r.privAvailability);
        const entity = ref(r.entity)?.value ?? "";
        return {
          entity,
          entity_name: names.get(entity) ?? "",
          granted: availability.filter((a) => bool(a.isGranted)).map((a) => text(a.privId)),
          denied: availability.filter((a) => !bool(a.isGranted)).map((a) => text(a.privId)),
        };
      }),
    };
  },
});
