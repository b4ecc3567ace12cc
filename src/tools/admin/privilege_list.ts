import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { globMatcher } from "../shared/glob.ts";
import { page, pagingInput } from "../shared/paging.ts";
import { findRole, readPrivileges, readRoles } from "./common.ts";

export const privilegeList = defineTool({
  name: "privilege_list",
  toolset: "admin",
  input: (t) => ({
    id: z.string().max(200).optional().describe(t("param.privilege_glob")),
    group: z.string().max(200).optional().describe(t("param.privilege_group")),
    role: z.string().min(1).max(200).optional().describe(t("param.privileges_of_role")),
    ...pagingInput(t),
  }),
  output: {
    privileges: z.array(
      z.object({ id: z.string(), name: z.string(), group: z.string(), on_parent: z.boolean() }),
    ),
    total: z.number().int(),
    next_cursor: z.string().optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["list_privileges"],
  async handler(args, ctx) {
    const matches = globMatcher(args.id);
    const inRole = args.role ? new Set(findRole(await readRoles(ctx), args.role).privileges) : undefined;
    const all = (await readPrivileges(ctx))
      .filter((p) =>
        matches(p.id) && (!args.group || p.group === args.group) && (!inRole || inRole.has(p.id))
      )
      .sort((a, b) => a.id.localeCompare(b.id));
    const { items, total, next_cursor } = page(all, args.limit, args.cursor);
    return { privileges: items, total, ...(next_cursor ? { next_cursor } : {}) };
  },
});
