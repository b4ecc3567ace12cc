import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { asArray, asObject, str } from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";
import { changeHost, type HostRequest } from "./common.ts";

const ACTIONS = ["set_ntp", "sync"] as const;
const server = z.string().regex(/^[A-Za-z0-9.:-]{1,253}$/);

/** HostDateTimeSystem calls: the NTP server list (UpdateDateTimeConfig) or a clock refresh. */
export function timeRequest(action: typeof ACTIONS[number], servers: string[] = []): HostRequest {
  return action === "sync" ? { manager: "dateTimeSystem", method: "RefreshDateTimeSystem", args: {} } : {
    manager: "dateTimeSystem",
    method: "UpdateDateTimeConfig",
    args: {
      config: {
        _type: "HostDateTimeConfig",
        // Only the server list: protocol/enabled exist from 7.0U1 on and older hosts refuse unknown fields.
        ntpConfig: { _type: "HostNtpConfig", server: servers },
      },
    },
  };
}

export const hostTime = defineTool({
  name: "host_time",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    action: z.enum(ACTIONS).describe(t("param.host_time_action")),
    ntp_servers: z.array(server).max(8).optional().describe(t("param.host_time_servers")),
    datacenter: datacenterInput(t),
  }),
  output: {
    host: z.string(),
    ntp_servers: z.array(z.string()),
    time_zone: z.string(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "medium",
  privileges: ["Host.Config.DateTime"],
  aliases: ["set_host_ntp_servers", "sync_host_time"],
  async handler(args, ctx) {
    if (args.action === "set_ntp" && !args.ntp_servers) {
      throw new ToolInputError("errors.param_required", { param: "ntp_servers", action: args.action });
    }
    const host = await readHost(ctx, args.host, args.datacenter);
    const read = async () => {
      const info = asObject(
        (await retrieveOne(ctx.vsphere, host.ref, ["config.dateTimeInfo"], { signal: ctx.signal }))[
          "config.dateTimeInfo"
        ],
      );
      return {
        servers: asArray(asObject(info.ntpConfig).server).map((s) => str(s) ?? ""),
        zone: str(asObject(info.timeZone).name) ?? "",
      };
    };
    const current = await read();
    const result = (s: typeof current, message: string) => ({
      host: host.name,
      ntp_servers: s.servers,
      time_zone: s.zone,
      message,
    });
    const servers = args.ntp_servers ?? [];
    if (args.action === "set_ntp" && servers.join() === current.servers.join()) {
      return result(current, ctx.t("host_config.already", { name: host.name }));
    }
    return await changeHost(ctx, host, timeRequest(args.action, servers), {
      summary: ctx.t(`host_time.summary_${args.action}`, {
        name: host.name,
        from: current.servers.join(", ") || "-",
        to: servers.join(", ") || "-",
      }),
      state: { ntp_servers: current.servers },
    }, async () => result(await read(), ctx.t("host_config.done", { name: host.name })));
  },
});
