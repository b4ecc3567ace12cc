import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { runTask } from "../shared/task_result.ts";
import { asObject, asObjects, hostManager, refs, str } from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";
import { resolveSecret, SECRET_REF } from "./secrets.ts";

/** HostActiveDirectoryAuthentication.JoinDomain_Task / LeaveCurrentDomain_Task. */
export function domainRequest(
  action: "join" | "leave",
  o: { domain?: string; user?: string; password?: string; force?: boolean },
) {
  return action === "join"
    ? { method: "JoinDomain_Task", args: { domainName: o.domain!, userName: o.user!, password: o.password! } }
    : { method: "LeaveCurrentDomain_Task", args: { force: o.force ?? false } };
}

export const hostDomain = defineTool({
  name: "host_domain",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    action: z.enum(["join", "leave"]).describe(t("param.host_domain_action")),
    domain: z.string().regex(/^[A-Za-z0-9.-]{1,253}(\/[\w ./-]{1,200})?$/).optional()
      .describe(t("param.host_domain_name")),
    user: z.string().regex(/^[\w.@\\-]{1,128}$/).optional().describe(t("param.host_domain_user")),
    password_ref: z.string().regex(SECRET_REF).optional().describe(t("param.password_ref")),
    force: z.boolean().default(false).describe(t("param.host_domain_force")),
    datacenter: datacenterInput(t),
  }),
  output: {
    host: z.string(),
    domain: z.string(),
    membership: z.string(),
    message: z.string(),
    task: z.string(),
    task_state: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Joining grants the domain's "ESX Admins" group full control of the host; leaving drops every AD login.
  tier: "high",
  privileges: ["Host.Config.AuthenticationStore"],
  aliases: ["join_esxi_to_domain", "leave_esxi_domain"],
  async handler(args, ctx) {
    if (args.action === "join") {
      for (
        const [param, value] of [["domain", args.domain], ["user", args.user], [
          "password_ref",
          args.password_ref,
        ]]
      ) {
        if (!value) throw new ToolInputError("errors.param_required", { param: param!, action: "join" });
      }
    }
    const host = await readHost(ctx, args.host, args.datacenter);
    const read = async () => {
      const info = asObject(
        (await retrieveOne(ctx.vsphere, host.ref, ["config.authenticationManagerInfo"], {
          signal: ctx.signal,
        }))[
          "config.authenticationManagerInfo"
        ],
      );
      const ad = asObjects(info.authConfig).find((s) => s._type === "HostActiveDirectoryInfo") ?? {};
      return { domain: str(ad.joinedDomain) ?? "", membership: str(ad.domainMembershipStatus) ?? "" };
    };
    const current = await read();
    if (args.action === "leave" && !current.domain) {
      return {
        host: host.name,
        ...current,
        message: ctx.t("host_config.already", { name: host.name }),
        task: "",
        task_state: "",
      };
    }
    const password = args.action === "join" ? resolveSecret(args.password_ref!) : undefined;
    const request = domainRequest(args.action, {
      ...(args.domain ? { domain: args.domain } : {}),
      ...(args.user ? { user: args.user } : {}),
      ...(password ? { password } : {}),
      force: args.force,
    });
    return await ctx.mutate({
      targets: [{ ref: host.ref, name: host.name, state: { ...current } }],
      summary: ctx.t(`host_domain.summary_${args.action}`, {
        name: host.name,
        domain: args.domain ?? current.domain,
        user: args.user ?? "",
        ref: args.password_ref ?? "",
      }),
      method: `HostActiveDirectoryAuthentication.${request.method}`,
      // Never the password: the reference names where the server reads it.
      args: args.action === "join"
        ? { domain: args.domain, user: args.user, password_ref: args.password_ref }
        : { force: args.force },
    }, async () => {
      // The AD store is one of the authentication manager's supported stores (looked up once confirmed).
      const authManager = await hostManager(ctx, host.ref, "authenticationManager");
      const stores = refs(
        (await retrieveOne(ctx.vsphere, authManager, ["supportedStore"], { signal: ctx.signal }))
          .supportedStore,
      );
      const store: MoRef | undefined = stores.find((s) => s.type === "HostActiveDirectoryAuthentication");
      if (!store) {
        throw new ToolInputError("errors.host_manager_missing", {
          manager: "HostActiveDirectoryAuthentication",
          host: host.name,
        });
      }
      const task = await runTask(ctx, request.method, store, request.args, 300);
      return {
        host: host.name,
        ...(await read()),
        message: ctx.t(task.state === "success" ? "host_config.done" : "host.task_pending", {
          name: host.name,
        }),
        task: task.task,
        task_state: task.state,
      };
    });
  },
});
