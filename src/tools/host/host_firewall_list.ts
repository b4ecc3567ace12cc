import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { globMatcher } from "../shared/glob.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { asObject, asObjects, bool, hostManager, num, text } from "../shared/vim_values.ts";
import { hostInput, readHost } from "./common.ts";

export const rulesetSummary = z.object({
  key: z.string(),
  label: z.string(),
  enabled: z.boolean(),
  required: z.boolean(),
  all_ip: z.boolean().describe("Open to every address (no allowed-IP list)"),
  ports: z.array(z.string()).describe("port/protocol/direction, e.g. 22/tcp/in"),
});

export const hostFirewallList = defineTool({
  name: "host_firewall_list",
  toolset: "host",
  input: (t) => ({
    host: hostInput(t),
    name: z.string().max(200).optional().describe(t("param.ruleset_glob")),
    enabled: z.boolean().optional().describe(t("param.ruleset_enabled_filter")),
    datacenter: datacenterInput(t),
  }),
  output: { host: z.string(), rulesets: z.array(rulesetSummary) },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: ["list_host_firewall_rules"],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    const firewall = await hostManager(ctx, host.ref, "firewallSystem");
    const info = await retrieveOne(ctx.vsphere, firewall, ["firewallInfo.ruleset"], { signal: ctx.signal });
    const matches = globMatcher(args.name);
    const rulesets = asObjects(info["firewallInfo.ruleset"]).map((r) => ({
      key: text(r.key),
      label: text(r.label),
      enabled: bool(r.enabled) ?? false,
      required: bool(r.required) ?? false,
      all_ip: bool(asObject(r.allowedHosts).allIp) ?? true,
      ports: asObjects(r.rule).map((rule) =>
        `${num(rule.port) ?? "?"}${rule.endPort ? `-${num(rule.endPort)}` : ""}/${text(rule.protocol)}/${
          text(rule.direction) === "inbound" ? "in" : "out"
        }`
      ),
    })).filter((r) =>
      (matches(r.key) || matches(r.label)) && (args.enabled === undefined || r.enabled === args.enabled)
    );
    return { host: host.name, rulesets };
  },
});
