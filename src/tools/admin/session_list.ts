import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { readSessions } from "./common.ts";

export const sessionList = defineTool({
  name: "session_list",
  toolset: "admin",
  input: (t) => ({ user: z.string().max(256).optional().describe(t("param.session_user_filter")) }),
  output: {
    sessions: z.array(z.object({
      session: z.string().describe("Handle for the session tool (a digest, not the session key)"),
      user: z.string(),
      full_name: z.string(),
      ip_address: z.string().nullable(),
      user_agent: z.string().nullable(),
      login_time: z.string().nullable(),
      last_active: z.string().nullable(),
      call_count: z.number().nullable(),
      current: z.boolean().describe("This server's own session"),
    })),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["Sessions.TerminateSession"],
  aliases: ["list_active_sessions", "get_current_session_info"],
  async handler(args, ctx) {
    const { sessions } = await readSessions(ctx);
    const needle = args.user?.toLowerCase();
    return {
      sessions: sessions
        .filter((s) => !needle || s.user.toLowerCase().includes(needle))
        .map(({ key: _key, ...rest }) => rest)
        .sort((a, b) => a.user.localeCompare(b.user) || a.session.localeCompare(b.session)),
    };
  },
});
