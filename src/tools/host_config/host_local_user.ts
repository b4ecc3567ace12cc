import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { VSphereClient } from "../../vsphere/client.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { clientFor, targetInput } from "../shared/target.ts";
import { asObject, asObjects, bool, ref, str } from "../shared/vim_values.ts";
import { resolveSecret, SECRET_REF } from "./secrets.ts";

const ACTIONS = ["create", "update", "remove"] as const;
type Action = typeof ACTIONS[number];

export interface UserSpec {
  user: string;
  password?: string | undefined;
  description?: string | undefined;
  shellAccess?: boolean | undefined;
}

/** HostLocalAccountManager.CreateUser / UpdateUser / RemoveUser (ESXi only: vCenter has no local accounts). */
export function localUserRequest(action: Action, spec: UserSpec) {
  if (action === "remove") return { method: "RemoveUser", args: { userName: spec.user } };
  return {
    method: action === "create" ? "CreateUser" : "UpdateUser",
    args: {
      user: {
        _type: "HostPosixAccountSpec",
        id: spec.user,
        password: spec.password,
        description: spec.description,
        shellAccess: spec.shellAccess,
      },
    },
  };
}

/** Local users whose name matches exactly, through the ESXi UserDirectory. */
export async function findLocalUser(
  client: VSphereClient,
  user: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const content = await client.serviceContent();
  const directory = ref(content.userDirectory);
  if (!directory) return false;
  const found = await client.call("RetrieveUserGroups", directory, {
    searchStr: user,
    exactMatch: true,
    findUsers: true,
    findGroups: false,
  }, signal ? { signal } : {});
  return asObjects(found).some((u) => str(u.principal) === user && bool(u.group) !== true);
}

export const hostLocalUser = defineTool({
  name: "host_local_user",
  toolset: "host_config",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.host_local_user_action")),
    user: z.string().regex(/^[a-z_][a-z0-9_.-]{0,31}$/).describe(t("param.host_local_user_name")),
    password_ref: z.string().regex(SECRET_REF).optional().describe(t("param.password_ref")),
    description: z.string().max(200).optional().describe(t("param.host_local_user_description")),
    shell_access: z.boolean().optional().describe(t("param.host_local_user_shell")),
    target: targetInput(t),
  }),
  output: { host: z.string(), user: z.string(), exists: z.boolean(), message: z.string() },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // A local account is a way into the host that bypasses vCenter; removing root's peers can lock admins out.
  tier: "high",
  privileges: ["Host.Local.ManageUserGroups"],
  aliases: ["create_esxi_local_user", "update_esxi_local_user", "remove_esxi_local_user"],
  async handler(args, ctx) {
    if (args.action === "create" && !args.password_ref) {
      throw new ToolInputError("errors.param_required", { param: "password_ref", action: args.action });
    }
    if (args.action === "remove" && args.user === "root") {
      throw new ToolInputError("errors.host_user_root", {});
    }
    const client = clientFor(ctx, args.target);
    const content = await client.serviceContent();
    const accounts = ref(content.accountManager);
    if (!accounts || str(asObject(content.about).apiType) !== "HostAgent") {
      throw new ToolInputError("errors.host_user_needs_esxi", {});
    }
    // A direct ESXi connection has exactly one HostSystem: its name is what the preview shows.
    let hostName = "ESXi";
    for await (const h of retrieveView(client, { type: "HostSystem", paths: ["name"], signal: ctx.signal })) {
      hostName = sanitizeText(str(h.props.name) ?? hostName);
    }
    const exists = await findLocalUser(client, args.user, ctx.signal);
    if (args.action === "create" && exists) {
      throw new ToolInputError("errors.host_user_exists", { user: args.user });
    }
    if (args.action !== "create" && !exists) {
      throw new ToolInputError("errors.host_user_missing", { user: args.user });
    }
    // The password is read on the server from the reference and registered for redaction before any call.
    const password = args.password_ref ? resolveSecret(args.password_ref) : undefined;
    const request = localUserRequest(args.action, {
      user: args.user,
      password,
      description: args.description,
      shellAccess: args.shell_access,
    });
    const target: MoRef = accounts;
    return await ctx.mutate({
      targets: [{ ref: target, name: hostName, state: { user: args.user, exists } }],
      summary: ctx.t(`host_local_user.summary_${args.action}`, {
        name: hostName,
        user: args.user,
        password: args.password_ref ? ctx.t("host_local_user.password_from", { ref: args.password_ref }) : "",
      }),
      method: `HostLocalAccountManager.${request.method}`,
      args: {
        user: args.user,
        ...(args.password_ref ? { password_ref: args.password_ref } : {}),
        ...(args.description !== undefined ? { description: args.description } : {}),
        ...(args.shell_access !== undefined ? { shell_access: args.shell_access } : {}),
      },
    }, async () => {
      await client.call(request.method, target, request.args, {
        signal: ctx.signal,
        operationId: ctx.eventId,
      });
      return {
        host: hostName,
        user: args.user,
        exists: await findLocalUser(client, args.user, ctx.signal),
        message: ctx.t(`host_local_user.done_${args.action}`, { user: args.user, name: hostName }),
      };
    });
  },
});
