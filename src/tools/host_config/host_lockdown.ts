import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { str } from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";
import { changeHost, type HostRequest } from "./common.ts";

const MODES = { disabled: "lockdownDisabled", normal: "lockdownNormal", strict: "lockdownStrict" } as const;
type Mode = keyof typeof MODES;

/** HostAccessManager.ChangeLockdownMode (ESXi 6.0+). */
export function lockdownRequest(mode: Mode): HostRequest {
  return { manager: "hostAccessManager", method: "ChangeLockdownMode", args: { mode: MODES[mode] } };
}

export const hostLockdown = defineTool({
  name: "host_lockdown",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    mode: z.enum(["disabled", "normal", "strict"]).describe(t("param.host_lockdown_mode")),
    datacenter: datacenterInput(t),
  }),
  output: { host: z.string(), mode: z.string(), message: z.string() },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Strict lockdown leaves vCenter as the only way in: lose vCenter and the host is unmanageable.
  tier: "high",
  privileges: ["Host.Config.Settings"],
  aliases: ["set_host_lockdown_mode"],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    const read = async () =>
      str(
        (await retrieveOne(ctx.vsphere, host.ref, ["config.lockdownMode"], { signal: ctx.signal }))[
          "config.lockdownMode"
        ],
      ) ?? "";
    const current = await read();
    if (current === MODES[args.mode]) {
      return { host: host.name, mode: current, message: ctx.t("host_config.already", { name: host.name }) };
    }
    return await changeHost(
      ctx,
      host,
      lockdownRequest(args.mode),
      {
        summary: ctx.t(`host_lockdown.summary_${args.mode}`, { name: host.name, from: current }),
        state: { lockdownMode: current },
      },
      async () => ({
        host: host.name,
        mode: await read(),
        message: ctx.t("host_config.done", { name: host.name }),
      }),
    );
  },
});
