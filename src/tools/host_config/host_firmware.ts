import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { str } from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";
import { changeHost, type HostRequest, requestTarget } from "./common.ts";

/** HostFirmwareSystem calls. */
export function firmwareRequest(
  action: "backup" | "upload_url" | "restore" | "reset",
  force = false,
): HostRequest {
  switch (action) {
    case "backup":
      return { manager: "firmwareSystem", method: "BackupFirmwareConfiguration", args: {} };
    case "upload_url":
      return { manager: "firmwareSystem", method: "QueryFirmwareConfigUploadURL", args: {} };
    case "restore":
      return { manager: "firmwareSystem", method: "RestoreFirmwareConfiguration", args: { force } };
    case "reset":
      return { manager: "firmwareSystem", method: "ResetFirmwareToFactoryDefaults", args: {} };
  }
}

/** The host answers with a URL whose host part is "*": the host's own name goes there. */
export function hostUrl(url: string, hostName: string): string {
  return url.replace(/^(https?:\/\/)\*(?=[:/])/, `$1${hostName}`);
}

export const hostFirmwareBackup = defineTool({
  name: "host_firmware_backup",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    action: z.enum(["backup", "upload_url"]).default("backup").describe(
      t("param.host_firmware_backup_action"),
    ),
    datacenter: datacenterInput(t),
  }),
  output: { host: z.string(), url: z.string(), message: z.string() },
  // Writing the bundle file on the host changes no configuration.
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["Host.Config.Firmware"],
  aliases: ["backup_host_firmware"],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    const request = firmwareRequest(args.action);
    const target = await requestTarget(ctx, host.ref, request);
    const url = str(await ctx.vsphere.call(request.method, target, request.args, { signal: ctx.signal })) ??
      "";
    return {
      host: host.name,
      url: hostUrl(url, host.name),
      message: ctx.t(`host_firmware.ready_${args.action}`, { name: host.name }),
    };
  },
});

export const hostFirmware = defineTool({
  name: "host_firmware",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    action: z.enum(["restore", "reset"]).describe(t("param.host_firmware_action")),
    force: z.boolean().default(false).describe(t("param.host_firmware_force")),
    datacenter: datacenterInput(t),
  }),
  output: { host: z.string(), message: z.string() },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Both replace the host's whole configuration and reboot it.
  tier: "critical",
  privileges: ["Host.Config.Firmware"],
  aliases: ["restore_host_firmware"],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    if (!host.inMaintenanceMode) {
      throw new ToolInputError("errors.host_firmware_maintenance", { name: host.name });
    }
    return await changeHost(
      ctx,
      host,
      firmwareRequest(args.action, args.force),
      {
        summary: ctx.t(`host_firmware.summary_${args.action}`, { name: host.name }),
        state: { inMaintenanceMode: host.inMaintenanceMode, vms: host.vms.length },
      },
      () =>
        Promise.resolve({
          host: host.name,
          message: ctx.t(`host_firmware.done_${args.action}`, { name: host.name }),
        }),
    );
  },
});
