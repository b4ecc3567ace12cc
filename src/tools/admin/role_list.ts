import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { globMatcher } from "../shared/glob.ts";
import { readRoles } from "./common.ts";

export const roleList = defineTool({
  name: "role_list",
  toolset: "admin",
  input: (t) => ({
    name: z.string().max(200).optional().describe(t("param.role_glob")),
    include_privileges: z.boolean().default(false).describe(t("param.include_privileges")),
  }),
  output: {
    roles: z.array(z.object({
      id: z.number().int(),
      name: z.string(),
      label: z.string(),
      system: z.boolean(),
      privilege_count: z.number().int(),
      privileges: z.array(z.string()).optional(),
    })),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["list_roles"],
  async handler(args, ctx) {
    const matches = globMatcher(args.name);
    const roles = (await readRoles(ctx)).filter((r) => matches(r.name)).map((r) => ({
      id: r.id,
      name: r.name,
      label: r.label,
      system: r.system,
      privilege_count: r.privileges.length,
      ...(args.include_privileges ? { privileges: r.privileges } : {}),
    }));
    return { roles };
  },
});
