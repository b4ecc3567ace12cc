import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { callVim } from "../shared/vim_values.ts";
import { readSessions } from "./common.ts";

export function terminateRequest(keys: string[]) {
  return { method: "TerminateSession", args: { sessionId: keys } };
}

export const session = defineTool({
  name: "session",
  toolset: "admin",
  input: (t) => ({
    action: z.enum(["terminate"]).describe(t("param.session_action")),
    sessions: z.array(z.string().regex(/^s_[0-9a-f]{16}$/)).min(1).max(100).describe(t("param.sessions")),
  }),
  output: {
    terminated: z.array(z.string()),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Ending a session interrupts whatever that user or integration was doing.
  tier: "high",
  privileges: ["Sessions.TerminateSession"],
  aliases: ["terminate_session"],
  async handler(args, ctx) {
    const { manager, sessions } = await readSessions(ctx);
    const chosen = sessions.filter((s) => args.sessions.includes(s.session));
    if (chosen.some((s) => s.current)) throw new ToolInputError("errors.own_session", {});
    const missing = args.sessions.filter((h) => !chosen.some((s) => s.session === h));
    if (chosen.length === 0) {
      return { terminated: [], message: ctx.t("session.none", { sessions: missing.join(", ") }) };
    }
    const request = terminateRequest(chosen.map((s) => s.key));
    return await ctx.mutate({
      targets: chosen.map((s) => ({
        ref: manager,
        name: s.user,
        state: {
          session: s.session,
          ip_address: s.ip_address,
          user_agent: s.user_agent,
          last_active: s.last_active,
        },
      })),
      summary: ctx.t("session.summary", {
        count: chosen.length,
        users: [...new Set(chosen.map((s) => s.user))].join(", "),
      }),
      method: request.method,
      args: { sessions: chosen.map((s) => s.session) },
    }, async () => {
      await callVim(ctx, request.method, manager, request.args);
      return {
        terminated: chosen.map((s) => s.session),
        message: ctx.t("session.done", { count: chosen.length }),
      };
    });
  },
});
