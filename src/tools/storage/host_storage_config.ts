import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { asObject, asObjects, callVim, hostManager, str, text } from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";
import { notFoundByName } from "../shared/lookup.ts";

const ACTIONS = [
  "multipath_policy",
  "iscsi_enable",
  "iscsi_disable",
  "iscsi_chap",
  "iscsi_add_static_target",
  "iscsi_remove_static_target",
  "iscsi_add_send_target",
  "rescan_adapter",
  "nfs_kerberos_set",
  "nfs_kerberos_clear",
] as const;
type Action = typeof ACTIONS[number];
const PSP = ["VMW_PSP_FIXED", "VMW_PSP_MRU", "VMW_PSP_RR"] as const;

export interface StorageConfigChange {
  action: Action;
  lunId?: string | undefined;
  policy?: string | undefined;
  adapter?: string | undefined;
  address?: string | undefined;
  port?: number | undefined;
  iqn?: string | undefined;
  chapName?: string | undefined;
  chapSecret?: string | undefined;
  chapType?: string | undefined;
  nfsUser?: string | undefined;
  nfsPassword?: string | undefined;
}

/** NFS 4.1 Kerberos credentials live on the HostDatastoreSystem; everything else on the HostStorageSystem. */
export function storageConfigManager(action: Action): "storageSystem" | "datastoreSystem" {
  return action.startsWith("nfs_kerberos") ? "datastoreSystem" : "storageSystem";
}

/** The HostStorageSystem call of each action, parameters in WSDL order. */
export function hostStorageConfigRequest(c: StorageConfigChange): {
  method: string;
  args: Record<string, VimValue | undefined>;
} {
  const target = () => ({
    _type: "HostInternetScsiHbaStaticTarget",
    address: c.address!,
    ...(c.port ? { port: c.port } : {}),
    iScsiName: c.iqn!,
  });
  switch (c.action) {
    case "multipath_policy":
      return {
        method: "SetMultipathLunPolicy",
        args: { lunId: c.lunId!, policy: { _type: "HostMultipathInfoLogicalUnitPolicy", policy: c.policy! } },
      };
    case "iscsi_enable":
    case "iscsi_disable":
      return { method: "UpdateSoftwareInternetScsiEnabled", args: { enabled: c.action === "iscsi_enable" } };
    case "iscsi_chap":
      return {
        method: "UpdateInternetScsiAuthenticationProperties",
        args: {
          iScsiHbaDevice: c.adapter!,
          authenticationProperties: {
            _type: "HostInternetScsiHbaAuthenticationProperties",
            chapAuthEnabled: c.chapType !== "chapProhibited",
            ...(c.chapName ? { chapName: c.chapName } : {}),
            ...(c.chapSecret ? { chapSecret: c.chapSecret } : {}),
            chapAuthenticationType: c.chapType ?? "chapRequired",
          },
        },
      };
    case "iscsi_add_static_target":
      return {
        method: "AddInternetScsiStaticTargets",
        args: { iScsiHbaDevice: c.adapter!, targets: [target()] },
      };
    case "iscsi_remove_static_target":
      return {
        method: "RemoveInternetScsiStaticTargets",
        args: { iScsiHbaDevice: c.adapter!, targets: [target()] },
      };
    case "iscsi_add_send_target":
      return {
        method: "AddInternetScsiSendTargets",
        args: {
          iScsiHbaDevice: c.adapter!,
          targets: [{
            _type: "HostInternetScsiHbaSendTarget",
            address: c.address!,
            ...(c.port ? { port: c.port } : {}),
          }],
        },
      };
    case "rescan_adapter":
      return { method: "RescanHba", args: { hbaDevice: c.adapter! } };
    case "nfs_kerberos_set":
      return { method: "SetNFSUser", args: { user: c.nfsUser!, password: c.nfsPassword! } };
    case "nfs_kerberos_clear":
      return { method: "ClearNFSUser", args: {} };
  }
}

export const hostStorageConfig = defineTool({
  name: "host_storage_config",
  toolset: "storage",
  input: (t) => ({
    host: hostInput(t),
    action: z.enum(ACTIONS).describe(t("param.host_storage_config_action")),
    lun: z.string().min(1).max(300).optional().describe(t("param.host_storage_config_lun")),
    path_policy: z.enum(PSP).optional().describe(t("param.host_storage_config_path_policy")),
    adapter: z.string().min(1).max(64).optional().describe(t("param.host_storage_config_adapter")),
    address: z.string().min(1).max(255).optional().describe(t("param.iscsi_address")),
    port: z.number().int().min(1).max(65535).optional().describe(t("param.iscsi_port")),
    iqn: z.string().min(1).max(255).optional().describe(t("param.iscsi_iqn")),
    chap: z.enum(["chapProhibited", "chapDiscouraged", "chapPreferred", "chapRequired"]).optional().describe(
      t("param.iscsi_chap"),
    ),
    chap_name: z.string().min(1).max(255).optional().describe(t("param.iscsi_chap_name")),
    chap_secret: z.string().min(1).max(255).optional().describe(t("param.iscsi_chap_secret")),
    nfs_user: z.string().min(1).max(255).optional().describe(t("param.nfs_kerberos_user")),
    nfs_password: z.string().min(1).max(255).optional().describe(t("param.nfs_kerberos_password")),
    datacenter: datacenterInput(t),
  }),
  output: {
    host: z.string(),
    action: z.enum(ACTIONS),
    method: z.string(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // A wrong path policy or a removed target can cut a host off the LUNs its VMs run on.
  tier: "high",
  privileges: ["Host.Config.Storage"],
  aliases: [
    "set_multipath_policy",
    "enable_iscsi_adapter",
    "set_iscsi_chap_auth",
    "add_iscsi_static_target",
    "remove_iscsi_target",
    "add_iscsi_target",
    "rescan_iscsi_hba",
    "configure_nfs41_kerberos",
  ],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    const storage = await hostManager(ctx, host.ref, storageConfigManager(args.action));
    const info = asObject(
      (await retrieveOne(ctx.vsphere, host.ref, ["config.storageDevice"], { signal: ctx.signal }))[
        "config.storageDevice"
      ],
    );
    let lunId: string | undefined;
    let current: Record<string, unknown> = {};
    if (args.action === "multipath_policy") {
      if (!args.lun || !args.path_policy) throw new ToolInputError("errors.multipath_fields", {});
      const luns = asObjects(asObject(info.multipathInfo).lun);
      const scsi = asObjects(info.scsiLun);
      const canonical = scsi.find((l) => str(l.canonicalName) === args.lun || str(l.uuid) === args.lun);
      const found = luns.find((l) =>
        str(l.id) === args.lun || (canonical && str(l.lun) === str(canonical.key))
      );
      if (!found) {
        notFoundByName("LUN", args.lun);
      }
      lunId = str(found.id);
      const was = text(asObject(found.policy).policy);
      current = { policy: was };
      if (was === args.path_policy) {
        return {
          host: host.name,
          action: args.action,
          method: "SetMultipathLunPolicy",
          message: ctx.t("host_storage_config.already", { name: host.name, what: `${args.lun}: ${was}` }),
        };
      }
    } else if (args.action === "iscsi_enable" || args.action === "iscsi_disable") {
      const enabled = info.softwareInternetScsiEnabled === true ||
        info.softwareInternetScsiEnabled === "true";
      current = { softwareIscsiEnabled: enabled };
      if (enabled === (args.action === "iscsi_enable")) {
        return {
          host: host.name,
          action: args.action,
          method: "UpdateSoftwareInternetScsiEnabled",
          message: ctx.t("host_storage_config.already", {
            name: host.name,
            what: `software iSCSI ${enabled}`,
          }),
        };
      }
    } else if (args.action === "nfs_kerberos_set" || args.action === "nfs_kerberos_clear") {
      if (args.action === "nfs_kerberos_set" && (!args.nfs_user || !args.nfs_password)) {
        throw new ToolInputError("errors.nfs_kerberos_fields", {});
      }
    } else {
      if (!args.adapter) throw new ToolInputError("errors.storage_adapter_missing", { action: args.action });
      const hba = asObjects(info.hostBusAdapter).find((h) => str(h.device) === args.adapter);
      if (!hba) {
        notFoundByName("storage adapter", args.adapter);
      }
      if (args.action !== "rescan_adapter" && hba._type !== "HostInternetScsiHba") {
        throw new ToolInputError("errors.not_iscsi_adapter", { adapter: args.adapter });
      }
      if (
        args.action.includes("target") &&
        (!args.address || (!args.iqn && args.action !== "iscsi_add_send_target"))
      ) {
        throw new ToolInputError("errors.iscsi_target_fields", { action: args.action });
      }
      const statics = asObjects(hba.configuredStaticTarget);
      const has = statics.some((t) => str(t.address) === args.address && str(t.iScsiName) === args.iqn);
      current = { staticTargets: statics.length, sendTargets: asObjects(hba.configuredSendTarget).length };
      if (
        (args.action === "iscsi_add_static_target" && has) ||
        (args.action === "iscsi_remove_static_target" && !has)
      ) {
        return {
          host: host.name,
          action: args.action,
          method: hostStorageConfigRequest({ action: args.action }).method,
          message: ctx.t("host_storage_config.already", {
            name: host.name,
            what: `${args.address} ${args.iqn}`,
          }),
        };
      }
    }
    const request = hostStorageConfigRequest({
      action: args.action,
      lunId,
      policy: args.path_policy,
      adapter: args.adapter,
      address: args.address,
      port: args.port,
      iqn: args.iqn,
      chapName: args.chap_name,
      chapSecret: args.chap_secret,
      chapType: args.chap,
      nfsUser: args.nfs_user,
      nfsPassword: args.nfs_password,
    });
    return await ctx.mutate({
      targets: [{ ref: host.ref, name: host.name, state: current }],
      summary: ctx.t(`host_storage_config.summary_${args.action}` as const, {
        name: host.name,
        lun: args.lun ?? "",
        policy: args.path_policy ?? "",
        adapter: args.adapter ?? "",
        target: `${args.address ?? ""}${args.port ? `:${args.port}` : ""} ${args.iqn ?? ""}`.trim(),
        chap: args.chap ?? "chapRequired",
        user: args.nfs_user ?? "",
      }),
      method: `${
        storageConfigManager(args.action) === "datastoreSystem" ? "HostDatastoreSystem" : "HostStorageSystem"
      }.${request.method}`,
      // The CHAP secret is never part of the preview or the audit record.
      args: {
        action: args.action,
        ...(args.adapter ? { adapter: args.adapter } : {}),
        ...(lunId ? { lunId } : {}),
      },
    }, async () => {
      await callVim(ctx, request.method, storage, request.args);
      return {
        host: host.name,
        action: args.action,
        method: request.method,
        message: ctx.t("host_storage_config.done", { name: host.name, action: args.action }),
      };
    });
  },
});
