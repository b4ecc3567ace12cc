import { z } from "zod";
import { defineTool, type ToolContext } from "../../registry/define.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { globMatcher } from "../shared/glob.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { asArray, asObject, asObjects, bool, text } from "../shared/vim_values.ts";
import { hostInput, readHost } from "./common.ts";

export const serviceEntry = z.object({
  key: z.string(),
  label: z.string(),
  running: z.boolean(),
  policy: z.string().describe("on (start with the host), off, or automatic (with its firewall ports)"),
  required: z.boolean(),
  rulesets: z.array(z.string()),
});

/** A host's services as `config.service` reports them. */
export async function readServices(ctx: ToolContext, host: MoRef) {
  const p = await retrieveOne(ctx.vsphere, host, ["config.service"], { signal: ctx.signal });
  return asObjects(asObject(p["config.service"]).service).map((s) => ({
    key: text(s.key),
    label: text(s.label),
    running: bool(s.running) ?? false,
    policy: text(s.policy),
    required: bool(s.required) ?? false,
    rulesets: asArray(s.ruleset).map((r) => text(r)),
  }));
}

export const hostServiceList = defineTool({
  name: "host_service_list",
  toolset: "host",
  input: (t) => ({
    host: hostInput(t),
    name: z.string().max(200).optional().describe(t("param.service_glob")),
    datacenter: datacenterInput(t),
  }),
  output: { host: z.string(), services: z.array(serviceEntry) },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: ["list_host_services"],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    const matches = globMatcher(args.name);
    const services = (await readServices(ctx, host.ref)).filter((s) => matches(s.key) || matches(s.label));
    return { host: host.name, services };
  },
});
