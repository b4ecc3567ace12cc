import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { asArray, asObject, num, str } from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";
import { changeHost, type HostRequest } from "./common.ts";

/** HostPowerSystem.ConfigurePowerPolicy by the policy's key. */
export function powerPolicyRequest(key: number): HostRequest {
  return { manager: "powerSystem", method: "ConfigurePowerPolicy", args: { key } };
}

export const hostPowerPolicy = defineTool({
  name: "host_power_policy",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    policy: z.string().min(1).max(40).describe(t("param.host_power_policy")),
    datacenter: datacenterInput(t),
  }),
  output: { host: z.string(), policy: z.string(), message: z.string() },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["Host.Config.Power"],
  aliases: ["set_host_power_policy"],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    const read = async () => {
      const p = await retrieveOne(ctx.vsphere, host.ref, [
        "config.powerSystemInfo",
        "config.powerSystemCapability",
      ], {
        signal: ctx.signal,
      });
      const policies = asArray(asObject(p["config.powerSystemCapability"]).availablePolicy).map((x) => {
        const o = asObject(x);
        return { key: num(o.key) ?? -1, short: str(o.shortName) ?? "" };
      });
      const cur = asObject(asObject(p["config.powerSystemInfo"]).currentPolicy);
      return { policies, current: { key: num(cur.key) ?? -1, short: str(cur.shortName) ?? "" } };
    };
    const { policies, current } = await read();
    const wanted = policies.find((p) => p.short === args.policy || String(p.key) === args.policy);
    if (!wanted) {
      throw new ToolInputError("errors.host_power_policy_unknown", {
        policy: args.policy,
        known: policies.map((p) => p.short).join(", ") || "-",
      });
    }
    if (wanted.key === current.key) {
      return {
        host: host.name,
        policy: current.short,
        message: ctx.t("host_config.already", { name: host.name }),
      };
    }
    return await changeHost(ctx, host, powerPolicyRequest(wanted.key), {
      summary: ctx.t("host_power_policy.summary", { name: host.name, from: current.short, to: wanted.short }),
      state: { policy: current.short },
    }, async () => ({
      host: host.name,
      policy: (await read()).current.short,
      message: ctx.t("host_config.done", { name: host.name }),
    }));
  },
});
