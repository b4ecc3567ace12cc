import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { asObjects, bool, callVim, hostManager, text } from "../shared/vim_values.ts";
import { hostInput, readHost } from "./common.ts";

const ACTIONS = ["enable", "disable"] as const;

export function firewallRequest(action: typeof ACTIONS[number], ruleset: string) {
  return { method: action === "enable" ? "EnableRuleset" : "DisableRuleset", args: { id: ruleset } };
}

export const hostFirewall = defineTool({
  name: "host_firewall",
  toolset: "host",
  input: (t) => ({
    host: hostInput(t),
    action: z.enum(ACTIONS).describe(t("param.firewall_action")),
    ruleset: z.string().min(1).max(100).describe(t("param.ruleset")),
    datacenter: datacenterInput(t),
  }),
  output: {
    host: z.string(),
    ruleset: z.string(),
    enabled: z.boolean(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Opening or closing a port changes the host's attack surface or cuts off a service: medium.
  tier: "medium",
  privileges: ["Host.Config.NetService"],
  aliases: ["enable_host_firewall_ruleset", "disable_host_firewall_ruleset"],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    const firewall = await hostManager(ctx, host.ref, "firewallSystem");
    const read = async () => {
      const info = await retrieveOne(ctx.vsphere, firewall, ["firewallInfo.ruleset"]);
      const r = asObjects(info["firewallInfo.ruleset"]).find((r) => text(r.key) === args.ruleset);
      return r ? { enabled: bool(r.enabled) ?? false, required: bool(r.required) ?? false } : undefined;
    };
    const before = await read();
    if (!before) {
      throw new ToolInputError("errors.ruleset_not_found", { ruleset: args.ruleset, host: host.name });
    }
    const wanted = args.action === "enable";
    if (before.enabled === wanted) {
      return {
        host: host.name,
        ruleset: args.ruleset,
        enabled: wanted,
        message: ctx.t("host_firewall.already", {
          name: host.name,
          ruleset: args.ruleset,
          action: args.action,
        }),
      };
    }
    const request = firewallRequest(args.action, args.ruleset);
    return await ctx.mutate({
      targets: [{ ref: host.ref, name: host.name, state: { ruleset: args.ruleset, ...before } }],
      summary: ctx.t("host_firewall.summary", {
        name: host.name,
        ruleset: args.ruleset,
        action: args.action,
      }),
      method: `HostFirewallSystem.${request.method}`,
      args: request.args,
    }, async () => {
      await callVim(ctx, request.method, firewall, request.args);
      const after = await read();
      return {
        host: host.name,
        ruleset: args.ruleset,
        enabled: after?.enabled ?? false,
        message: ctx.t("host_firewall.done", { name: host.name, ruleset: args.ruleset, action: args.action }),
      };
    });
  },
});
