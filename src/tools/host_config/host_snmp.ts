import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { hostInput, readHost } from "../host/common.ts";
import { changeHost, type HostRequest } from "./common.ts";
import { resolveSecret, SECRET_REF } from "./secrets.ts";

export interface SnmpSettings {
  enabled: boolean;
  port?: number | undefined;
  communities?: string[] | undefined;
  targets?: { host: string; port: number }[] | undefined;
}

/** HostSnmpSystem.ReconfigureSnmpAgent; trap targets use the first community. */
export function snmpRequest(s: SnmpSettings): HostRequest {
  const community = s.communities?.[0] ?? "";
  return {
    manager: "snmpSystem",
    method: "ReconfigureSnmpAgent",
    args: {
      spec: {
        _type: "HostSnmpConfigSpec",
        enabled: s.enabled,
        port: s.port,
        readOnlyCommunities: s.communities,
        trapTargets: s.targets?.map((t) => ({
          _type: "HostSnmpDestination",
          hostName: t.host,
          port: t.port,
          community,
        })),
      },
    },
  };
}

export const hostSnmp = defineTool({
  name: "host_snmp",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    enabled: z.boolean().describe(t("param.host_snmp_enabled")),
    port: z.number().int().min(1).max(65535).optional().describe(t("param.host_snmp_port")),
    communities_ref: z.string().regex(SECRET_REF).optional().describe(t("param.host_snmp_communities")),
    trap_targets: z.array(z.object({
      host: z.string().regex(/^[A-Za-z0-9.:-]{1,253}$/),
      port: z.number().int().min(1).max(65535).default(162),
    })).max(8).optional().describe(t("param.host_snmp_targets")),
    datacenter: datacenterInput(t),
  }),
  output: { host: z.string(), enabled: z.boolean(), message: z.string() },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "medium",
  privileges: ["Host.Config.Snmp"],
  aliases: ["set_host_snmp_config"],
  async handler(args, ctx) {
    if (args.trap_targets?.length && !args.communities_ref) {
      throw new ToolInputError("errors.param_required", { param: "communities_ref", action: "trap_targets" });
    }
    const host = await readHost(ctx, args.host, args.datacenter);
    // Community strings are credentials: resolved on the server, never shown; the preview names the reference.
    const communities = args.communities_ref
      ? resolveSecret(args.communities_ref).split(",").map((c) => c.trim()).filter(Boolean)
      : undefined;
    const request = snmpRequest({
      enabled: args.enabled,
      port: args.port,
      communities,
      targets: args.trap_targets,
    });
    return await changeHost(
      ctx,
      host,
      request,
      {
        summary: ctx.t(args.enabled ? "host_snmp.summary_on" : "host_snmp.summary_off", {
          name: host.name,
          targets: args.trap_targets?.map((t) => `${t.host}:${t.port}`).join(", ") || "-",
        }),
        state: {},
        args: {
          enabled: args.enabled,
          ...(args.port ? { port: args.port } : {}),
          ...(args.communities_ref ? { communities_ref: args.communities_ref } : {}),
          ...(args.trap_targets ? { trap_targets: args.trap_targets } : {}),
        },
      },
      () =>
        Promise.resolve({
          host: host.name,
          enabled: args.enabled,
          message: ctx.t("host_config.done", { name: host.name }),
        }),
    );
  },
});
