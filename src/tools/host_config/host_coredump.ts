import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { asObject, num, str } from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";
import { changeHost, type HostRequest } from "./common.ts";

/** HostDiagnosticSystem.SelectActivePartition; no partition deactivates the core dump partition. */
export function coredumpRequest(partition?: { disk: string; partition: number }): HostRequest {
  return {
    manager: "diagnosticSystem",
    method: "SelectActivePartition",
    args: {
      partition: partition
        ? { _type: "HostScsiDiskPartition", diskName: partition.disk, partition: partition.partition }
        : undefined,
    },
  };
}

export const hostCoredump = defineTool({
  name: "host_coredump",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    action: z.enum(["select", "deactivate"]).describe(t("param.host_coredump_action")),
    disk: z.string().min(1).max(200).optional().describe(t("param.host_coredump_disk")),
    partition: z.number().int().min(1).max(128).optional().describe(t("param.host_coredump_partition")),
    datacenter: datacenterInput(t),
  }),
  output: { host: z.string(), disk: z.string(), partition: z.number().nullable(), message: z.string() },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "medium",
  privileges: ["Host.Config.Storage"],
  aliases: ["set_host_coredump_config"],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    const read = async () => {
      const p = asObject(
        (await retrieveOne(ctx.vsphere, host.ref, ["config.activeDiagnosticPartition"], {
          signal: ctx.signal,
        }))[
          "config.activeDiagnosticPartition"
        ],
      );
      const id = asObject(p.id);
      return { disk: str(id.diskName) ?? "", partition: num(id.partition) ?? null };
    };
    const current = await read();
    if (args.action === "select" && (!args.disk || !args.partition)) {
      throw new ToolInputError("errors.param_required", { param: "disk, partition", action: "select" });
    }
    const wanted = args.action === "select" ? { disk: args.disk!, partition: args.partition! } : undefined;
    if (
      wanted ? wanted.disk === current.disk && wanted.partition === current.partition : current.disk === ""
    ) {
      return { host: host.name, ...current, message: ctx.t("host_config.already", { name: host.name }) };
    }
    return await changeHost(
      ctx,
      host,
      coredumpRequest(wanted),
      {
        summary: ctx.t(wanted ? "host_coredump.summary" : "host_coredump.summary_off", {
          name: host.name,
          from: current.disk ? `${current.disk}:${current.partition}` : "-",
          to: wanted ? `${wanted.disk}:${wanted.partition}` : "-",
        }),
        state: { ...current },
      },
      async () => ({
        host: host.name,
        ...(await read()),
        message: ctx.t("host_config.done", { name: host.name }),
      }),
    );
  },
});
