import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { callVim, hostManager, ref, refs, retrieveMany, text } from "../shared/vim_values.ts";
import { hostInput, readHost } from "./common.ts";

const ACTIONS = ["rescan_hba", "rescan_vmfs", "refresh", "mount_nfs", "create_local"] as const;
type Action = typeof ACTIONS[number];

export interface StorageChange {
  action: Action;
  name?: string | undefined;
  remoteHost?: string | undefined;
  remotePath?: string | undefined;
  readOnly?: boolean | undefined;
  nfsVersion?: "NFS" | "NFS41" | undefined;
  path?: string | undefined;
}

/** The manager each action runs on and its arguments, in the WSDL's order. */
export function hostStorageRequest(c: StorageChange): {
  manager: "storageSystem" | "datastoreSystem";
  method: string;
  args: Record<string, VimValue | undefined>;
} {
  switch (c.action) {
    case "rescan_hba":
      return { manager: "storageSystem", method: "RescanAllHba", args: {} };
    case "rescan_vmfs":
      return { manager: "storageSystem", method: "RescanVmfs", args: {} };
    case "refresh":
      return { manager: "storageSystem", method: "RefreshStorageSystem", args: {} };
    case "mount_nfs":
      return {
        manager: "datastoreSystem",
        method: "CreateNasDatastore",
        args: {
          spec: {
            _type: "HostNasVolumeSpec",
            remoteHost: c.remoteHost!,
            remotePath: c.remotePath!,
            localPath: c.name!,
            accessMode: c.readOnly ? "readOnly" : "readWrite",
            type: c.nfsVersion ?? "NFS",
          },
        },
      };
    case "create_local":
      return {
        manager: "datastoreSystem",
        method: "CreateLocalDatastore",
        args: { name: c.name!, path: c.path! },
      };
  }
}

export const hostStorage = defineTool({
  name: "host_storage",
  toolset: "host",
  input: (t) => ({
    host: hostInput(t),
    action: z.enum(ACTIONS).describe(t("param.host_storage_action")),
    datastore_name: z.string().min(1).max(255).optional().describe(t("param.new_datastore_name")),
    remote_host: z.string().min(1).max(255).optional().describe(t("param.nfs_remote_host")),
    remote_path: z.string().min(1).max(1024).optional().describe(t("param.nfs_remote_path")),
    nfs_version: z.enum(["NFS", "NFS41"]).default("NFS").describe(t("param.nfs_version")),
    read_only: z.boolean().default(false).describe(t("param.nfs_read_only")),
    path: z.string().min(1).max(1024).optional().describe(t("param.local_path")),
    datacenter: datacenterInput(t),
  }),
  output: {
    host: z.string(),
    action: z.enum(ACTIONS),
    datastore: z.string().optional().describe("MoRef id of the new datastore"),
    datastores: z.array(z.string()).describe("Datastores mounted on the host afterwards"),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  // Rescans and new datastores add, never remove; a rescan can still stall a busy host briefly.
  tier: "medium",
  privileges: ["Host.Config.Storage"],
  aliases: ["rescan_host_storage", "mount_nfs_datastore"],
  async handler(args, ctx) {
    const creates = args.action === "mount_nfs" || args.action === "create_local";
    if (
      (creates && !args.datastore_name) ||
      (args.action === "mount_nfs" && (!args.remote_host || !args.remote_path)) ||
      (args.action === "create_local" && !args.path)
    ) {
      throw new ToolInputError("errors.host_storage_fields", { action: args.action });
    }
    const host = await readHost(ctx, args.host, args.datacenter);
    const mounted = async () => {
      const list = refs((await retrieveOne(ctx.vsphere, host.ref, ["datastore"])).datastore);
      return (await retrieveMany(ctx.vsphere, list, ["name"], ctx.signal)).map((d) => ({
        ref: d.ref,
        name: text(d.props.name),
      }));
    };
    const before = await mounted();
    const existing = creates ? before.find((d) => d.name === args.datastore_name) : undefined;
    if (existing) {
      return {
        host: host.name,
        action: args.action,
        datastore: existing.ref.value,
        datastores: before.map((d) => d.name),
        message: ctx.t("host_storage.exists", { name: host.name, datastore: existing.name }),
      };
    }
    const request = hostStorageRequest({
      action: args.action,
      name: args.datastore_name,
      remoteHost: args.remote_host,
      remotePath: args.remote_path,
      readOnly: args.read_only,
      nfsVersion: args.nfs_version,
      path: args.path,
    });
    const manager = await hostManager(ctx, host.ref, request.manager);
    return await ctx.mutate({
      targets: [{ ref: host.ref, name: host.name, state: { datastores: before.map((d) => d.name) } }],
      summary: ctx.t(`host_storage.summary_${args.action}` as const, {
        name: host.name,
        datastore: args.datastore_name ?? "",
        remote: `${args.remote_host ?? ""}:${args.remote_path ?? ""}`,
      }),
      method: `${
        request.manager === "storageSystem" ? "HostStorageSystem" : "HostDatastoreSystem"
      }.${request.method}`,
      ...(creates ? { args: request.args as Record<string, unknown> } : {}),
    }, async () => {
      const created = ref(await callVim(ctx, request.method, manager, request.args));
      const after = await mounted();
      return {
        host: host.name,
        action: args.action,
        ...(created ? { datastore: created.value } : {}),
        datastores: after.map((d) => d.name),
        message: ctx.t("host_storage.done", { name: host.name, action: args.action }),
      };
    });
  },
});
