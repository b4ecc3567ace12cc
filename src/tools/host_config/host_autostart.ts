import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { asObject, asObjects, bool, num, resolveAnyEntities, str } from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";
import { changeHost, type HostRequest } from "./common.ts";

export interface AutostartDefaults {
  enabled?: boolean | undefined;
  startDelay?: number | undefined;
  stopDelay?: number | undefined;
  waitForHeartbeat?: boolean | undefined;
  stopAction?: string | undefined;
}

export interface AutostartVm {
  vm: MoRef;
  startOrder: number;
  startDelay: number;
  startAction: string;
  stopDelay: number;
  stopAction: string;
  waitForHeartbeat: string;
}

/** HostAutoStartManager.ReconfigureAutostart; listed VMs are updated, others keep their settings. */
export function autostartRequest(defaults: AutostartDefaults, vms: AutostartVm[]): HostRequest {
  return {
    manager: "autoStartManager",
    method: "ReconfigureAutostart",
    args: {
      spec: {
        _type: "HostAutoStartManagerConfig",
        // Left out entirely when nothing about the defaults changes.
        defaults: Object.values(defaults).some((v) => v !== undefined)
          ? { _type: "AutoStartDefaults", ...defaults } as VimObject
          : undefined,
        powerInfo: vms.map((v) => ({
          _type: "AutoStartPowerInfo",
          key: v.vm,
          startOrder: v.startOrder,
          startDelay: v.startDelay,
          waitForHeartbeat: v.waitForHeartbeat,
          startAction: v.startAction,
          stopDelay: v.stopDelay,
          stopAction: v.stopAction,
        })),
      },
    },
  };
}

const STOP = ["none", "systemDefault", "powerOff", "suspend", "guestShutdown"] as const;

export const hostAutostart = defineTool({
  name: "host_autostart",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    enabled: z.boolean().optional().describe(t("param.host_autostart_enabled")),
    start_delay: z.number().int().min(0).max(86400).optional().describe(
      t("param.host_autostart_start_delay"),
    ),
    stop_delay: z.number().int().min(0).max(86400).optional().describe(t("param.host_autostart_stop_delay")),
    stop_action: z.enum(STOP).optional().describe(t("param.host_autostart_stop_action")),
    wait_for_heartbeat: z.boolean().optional().describe(t("param.host_autostart_heartbeat")),
    vms: z.array(z.object({
      vm: z.string().min(1).max(300),
      start_order: z.number().int().min(-1).max(1000).describe("1 = first; -1 = not in the ordered list"),
      start_action: z.enum(["none", "systemDefault", "powerOn"]).default("powerOn"),
      stop_action: z.enum(STOP).default("systemDefault"),
    })).max(100).optional().describe(t("param.host_autostart_vms")),
    datacenter: datacenterInput(t),
  }),
  output: {
    host: z.string(),
    enabled: z.boolean().nullable(),
    vms: z.array(z.object({ vm: z.string(), start_order: z.number().nullable(), start_action: z.string() })),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "medium",
  privileges: ["Host.Config.AutoStart"],
  aliases: ["set_host_autostart_config"],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    const read = async () => {
      const a = asObject(
        (await retrieveOne(ctx.vsphere, host.ref, ["config.autoStart"], { signal: ctx.signal }))[
          "config.autoStart"
        ],
      );
      return {
        enabled: bool(asObject(a.defaults).enabled) ?? null,
        vms: asObjects(a.powerInfo).map((p) => ({
          vm: str(asObject(p.key).value) ?? "",
          start_order: num(p.startOrder) ?? null,
          start_action: str(p.startAction) ?? "",
        })),
      };
    };
    const current = await read();
    const resolved = args.vms?.length
      ? await resolveAnyEntities(ctx.vsphere, args.vms.map((v) => v.vm), ["VirtualMachine"], ctx.signal)
      : [];
    const vms: AutostartVm[] = (args.vms ?? []).map((v, i) => ({
      vm: resolved[i]!.ref,
      startOrder: v.start_order,
      startDelay: -1,
      startAction: v.start_action,
      stopDelay: -1,
      stopAction: v.stop_action,
      waitForHeartbeat: "systemDefault",
    }));
    const request = autostartRequest({
      enabled: args.enabled,
      startDelay: args.start_delay,
      stopDelay: args.stop_delay,
      waitForHeartbeat: args.wait_for_heartbeat,
      stopAction: args.stop_action,
    }, vms);
    return await changeHost(
      ctx,
      host,
      request,
      {
        summary: ctx.t("host_autostart.summary", {
          name: host.name,
          enabled: String(args.enabled ?? current.enabled ?? "-"),
          vms: resolved.map((r, i) => `${r.name} #${args.vms![i]!.start_order}`).join(", ") || "-",
        }),
        state: { enabled: current.enabled, vms: current.vms.length },
      },
      async () => ({
        host: host.name,
        ...(await read()),
        message: ctx.t("host_config.done", { name: host.name }),
      }),
    );
  },
});
