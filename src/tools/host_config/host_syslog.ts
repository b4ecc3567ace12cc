import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { asObjects, hostManager, str } from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";
import { changeHost, type HostRequest } from "./common.ts";

/** udp://host:514, tcp://host:514, ssl://host:1514 or a bare host name. */
const target = z.string().regex(/^((udp|tcp|ssl):\/\/)?[A-Za-z0-9.:[\]-]{1,253}(:\d{1,5})?$/);

export const SYSLOG_HOST = "Syslog.global.logHost";
export const SYSLOG_DIR = "Syslog.global.logDir";

/** OptionManager.UpdateOptions on the host's advanced settings (ESXi reloads syslog on its own). */
export function syslogRequest(changes: Record<string, string>): HostRequest {
  return {
    manager: "advancedOption",
    method: "UpdateOptions",
    args: {
      changedValue: Object.entries(changes).map(([key, value]) => ({ _type: "OptionValue", key, value })),
    },
  };
}

export const hostSyslog = defineTool({
  name: "host_syslog",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    log_hosts: z.array(target).max(8).optional().describe(t("param.host_syslog_hosts")),
    log_dir: z.string().regex(/^\[[^\]]{1,80}\] ?[\w./-]{0,200}$|^\/[\w./-]{1,200}$/).optional()
      .describe(t("param.host_syslog_dir")),
    datacenter: datacenterInput(t),
  }),
  output: { host: z.string(), log_host: z.string(), log_dir: z.string(), message: z.string() },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "medium",
  privileges: ["Host.Config.AdvancedConfig"],
  aliases: ["set_host_syslog_target"],
  async handler(args, ctx) {
    if (!args.log_hosts && !args.log_dir) {
      throw new ToolInputError("errors.param_required", { param: "log_hosts / log_dir", action: "set" });
    }
    const host = await readHost(ctx, args.host, args.datacenter);
    const options = await hostManager(ctx, host.ref, "advancedOption");
    const read = async () => {
      const settings = asObjects(
        (await retrieveOne(ctx.vsphere, options, ["setting"], { signal: ctx.signal })).setting,
      );
      const value = (key: string) => str(settings.find((s) => str(s.key) === key)?.value) ?? "";
      return { logHost: value(SYSLOG_HOST), logDir: value(SYSLOG_DIR) };
    };
    const current = await read();
    const changes: Record<string, string> = {};
    if (args.log_hosts && args.log_hosts.join(",") !== current.logHost) {
      changes[SYSLOG_HOST] = args.log_hosts.join(",");
    }
    if (args.log_dir && args.log_dir !== current.logDir) changes[SYSLOG_DIR] = args.log_dir;
    const result = (s: typeof current, message: string) => ({
      host: host.name,
      log_host: s.logHost,
      log_dir: s.logDir,
      message,
    });
    if (Object.keys(changes).length === 0) {
      return result(current, ctx.t("host_config.already", { name: host.name }));
    }
    return await changeHost(ctx, host, syslogRequest(changes), {
      summary: ctx.t("host_syslog.summary", {
        name: host.name,
        from: current.logHost || "-",
        to: changes[SYSLOG_HOST] ?? current.logHost ?? "-",
      }),
      state: { log_host: current.logHost, log_dir: current.logDir },
    }, async () => result(await read(), ctx.t("host_config.done", { name: host.name })));
  },
});
