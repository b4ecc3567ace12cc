import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { callVim, hostManager } from "../shared/vim_values.ts";
import { hostInput, readHost } from "./common.ts";
import { readServices } from "./host_service_list.ts";

const ACTIONS = ["start", "stop", "restart", "set_policy"] as const;
const POLICIES = ["on", "off", "automatic"] as const;

/** HostServiceSystem calls, WSDL order. */
export function hostServiceRequest(action: typeof ACTIONS[number], id: string, policy?: string) {
  switch (action) {
    case "start":
      return { method: "StartService", args: { id } };
    case "stop":
      return { method: "StopService", args: { id } };
    case "restart":
      return { method: "RestartService", args: { id } };
    case "set_policy":
      return { method: "UpdateServicePolicy", args: { id, policy: policy! } };
  }
}

export const hostService = defineTool({
  name: "host_service",
  toolset: "host",
  input: (t) => ({
    host: hostInput(t),
    action: z.enum(ACTIONS).describe(t("param.service_action")),
    service: z.string().min(1).max(100).describe(t("param.service")),
    policy: z.enum(POLICIES).optional().describe(t("param.service_policy")),
    datacenter: datacenterInput(t),
  }),
  output: {
    host: z.string(),
    service: z.string(),
    running: z.boolean(),
    policy: z.string(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Starting SSH opens a way in; stopping hostd or vpxa cuts the host off from vCenter.
  tier: "high",
  privileges: ["Host.Config.NetService"],
  aliases: ["start_stop_host_service", "set_host_service_policy", "enable_esxi_ssh", "disable_esxi_ssh"],
  async handler(args, ctx) {
    if (args.action === "set_policy" && !args.policy) {
      throw new ToolInputError("errors.service_policy_missing", {});
    }
    const host = await readHost(ctx, args.host, args.datacenter);
    const services = await readServices(ctx, host.ref);
    const service = services.find((s) => s.key === args.service);
    if (!service) {
      throw new ToolInputError("errors.service_not_found", {
        service: args.service,
        host: host.name,
        known: services.map((s) => s.key).join(", "),
      });
    }
    const result = (s: typeof service, message: string) => ({
      host: host.name,
      service: s.key,
      running: s.running,
      policy: s.policy,
      message,
    });
    const noop = (args.action === "start" && service.running) ||
      (args.action === "stop" && !service.running) ||
      (args.action === "set_policy" && service.policy === args.policy);
    if (noop) {
      return result(
        service,
        ctx.t("host_service.already", { name: host.name, service: service.key, action: args.action }),
      );
    }
    const request = hostServiceRequest(args.action, service.key, args.policy);
    const system = await hostManager(ctx, host.ref, "serviceSystem");
    return await ctx.mutate({
      targets: [{
        ref: host.ref,
        name: host.name,
        state: { service: service.key, running: service.running, policy: service.policy },
      }],
      summary: ctx.t("host_service.summary", {
        name: host.name,
        service: `${service.label} (${service.key})`,
        action: args.action === "set_policy" ? `set_policy ${args.policy}` : args.action,
      }),
      method: `HostServiceSystem.${request.method}`,
      args: request.args,
    }, async () => {
      await callVim(ctx, request.method, system, request.args);
      const after = (await readServices(ctx, host.ref)).find((s) => s.key === service.key) ?? service;
      return result(
        after,
        ctx.t("host_service.done", { name: host.name, service: service.key, action: args.action }),
      );
    });
  },
});
