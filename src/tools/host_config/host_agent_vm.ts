import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { resolveAnyEntity, resolveDatastore } from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";
import { changeHost, type HostRequest } from "./common.ts";

/** HostEsxAgentHostManager.EsxAgentHostManagerUpdateConfig: where ESX agent VMs (vSphere ESX Agent Manager) live. */
export function agentVmRequest(datastore?: MoRef, network?: MoRef): HostRequest {
  return {
    manager: "esxAgentHostManager",
    method: "EsxAgentHostManagerUpdateConfig",
    args: {
      configInfo: {
        _type: "HostEsxAgentHostManagerConfigInfo",
        agentVmDatastore: datastore,
        agentVmNetwork: network,
      },
    },
  };
}

export const hostAgentVm = defineTool({
  name: "host_agent_vm",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    datastore: z.string().min(1).max(300).optional().describe(t("param.host_agent_vm_datastore")),
    network: z.string().min(1).max(300).optional().describe(t("param.host_agent_vm_network")),
    datacenter: datacenterInput(t),
  }),
  output: { host: z.string(), datastore: z.string(), network: z.string(), message: z.string() },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "medium",
  privileges: ["Host.Config.Settings"],
  aliases: ["set_host_agent_vm_settings"],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    const ds = args.datastore ? await resolveDatastore(ctx.vsphere, args.datastore, ctx.signal) : undefined;
    const net = args.network
      ? await resolveAnyEntity(
        ctx.vsphere,
        args.network,
        ["Network", "DistributedVirtualPortgroup"],
        ctx.signal,
      )
      : undefined;
    return await changeHost(ctx, host, agentVmRequest(ds?.ref, net?.ref), {
      summary: ctx.t("host_agent_vm.summary", {
        name: host.name,
        datastore: ds?.name ?? "-",
        network: net?.name ?? "-",
      }),
      state: {},
    }, () =>
      Promise.resolve({
        host: host.name,
        datastore: ds?.name ?? "",
        network: net?.name ?? "",
        message: ctx.t("host_config.done", { name: host.name }),
      }));
  },
});
