import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { ref, resolveDatastore } from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";
import { changeHost, type HostRequest } from "./common.ts";

const ACTIONS = ["set_swap_datastore", "clear_swap_datastore", "configure_cache"] as const;

/** HostDatastoreSystem.UpdateLocalSwapDatastore or HostCacheConfigurationManager.ConfigureHostCache_Task. */
export function swapRequest(action: typeof ACTIONS[number], datastore?: MoRef, sizeMb?: number): HostRequest {
  if (action === "configure_cache") {
    return {
      manager: "cacheConfigurationManager",
      method: "ConfigureHostCache_Task",
      args: { spec: { _type: "HostCacheConfigurationSpec", datastore: datastore!, swapSize: sizeMb ?? 0 } },
    };
  }
  return {
    manager: "datastoreSystem",
    method: "UpdateLocalSwapDatastore",
    args: { datastore: action === "set_swap_datastore" ? datastore : undefined },
  };
}

export const hostSwap = defineTool({
  name: "host_swap",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    action: z.enum(ACTIONS).describe(t("param.host_swap_action")),
    datastore: z.string().min(1).max(300).optional().describe(t("param.host_swap_datastore")),
    cache_size_mb: z.number().int().min(0).max(4_194_304).optional().describe(
      t("param.host_swap_cache_size"),
    ),
    datacenter: datacenterInput(t),
  }),
  output: { host: z.string(), local_swap_datastore: z.string(), message: z.string() },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "medium",
  privileges: ["Host.Config.Storage"],
  aliases: ["set_host_swap_datastore", "configure_host_cache"],
  async handler(args, ctx) {
    if (args.action !== "clear_swap_datastore" && !args.datastore) {
      throw new ToolInputError("errors.param_required", { param: "datastore", action: args.action });
    }
    const host = await readHost(ctx, args.host, args.datacenter);
    const read = async () =>
      ref(
        (await retrieveOne(ctx.vsphere, host.ref, ["config.localSwapDatastore"], { signal: ctx.signal }))[
          "config.localSwapDatastore"
        ],
      )?.value ?? "";
    const current = await read();
    const ds = args.datastore ? await resolveDatastore(ctx.vsphere, args.datastore, ctx.signal) : undefined;
    if (
      (args.action === "set_swap_datastore" && ds?.ref.value === current) ||
      (args.action === "clear_swap_datastore" && current === "")
    ) {
      return {
        host: host.name,
        local_swap_datastore: current,
        message: ctx.t("host_config.already", { name: host.name }),
      };
    }
    return await changeHost(ctx, host, swapRequest(args.action, ds?.ref, args.cache_size_mb), {
      summary: ctx.t(`host_swap.summary_${args.action}`, {
        name: host.name,
        datastore: ds?.name ?? "-",
        size: String(args.cache_size_mb ?? 0),
      }),
      state: { local_swap_datastore: current || null },
    }, async () => ({
      host: host.name,
      local_swap_datastore: await read(),
      message: ctx.t("host_config.done", { name: host.name }),
    }));
  },
});
