import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput } from "../shared/inputs.ts";
import {
  asObject,
  asObjects,
  callVim,
  hostManager,
  ref,
  resolveDatastore,
  str,
  text,
} from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";
import { notFoundByName } from "../shared/lookup.ts";

const ACTIONS = ["create", "expand", "extend"] as const;
type Action = typeof ACTIONS[number];

/** The query that gives vCenter's own partition layout for each action, and the call that applies it. */
export function vmfsQuery(
  action: Action,
  o: { devicePath?: string; datastore?: MoRef; vmfsMajorVersion?: number },
): { method: string; args: Record<string, VimValue | undefined> } {
  switch (action) {
    case "create":
      return {
        method: "QueryVmfsDatastoreCreateOptions",
        args: { devicePath: o.devicePath!, vmfsMajorVersion: o.vmfsMajorVersion },
      };
    case "expand":
      return { method: "QueryVmfsDatastoreExpandOptions", args: { datastore: o.datastore! } };
    case "extend":
      return {
        method: "QueryVmfsDatastoreExtendOptions",
        args: { datastore: o.datastore!, devicePath: o.devicePath!, suppressExpandCandidates: true },
      };
  }
}

/**
 * The apply call for a VmfsDatastoreOption's spec as vCenter returned it; for create the new volume's name
 * goes into spec.vmfs.volumeName (vCenter fills the rest: partition layout, extent, block size).
 */
export function vmfsApply(
  action: Action,
  spec: VimObject,
  o: { name?: string; datastore?: MoRef },
): { method: string; args: Record<string, VimValue | undefined> } {
  switch (action) {
    case "create": {
      const vmfs = { ...asObject(spec.vmfs), volumeName: o.name! };
      return { method: "CreateVmfsDatastore", args: { spec: { ...spec, vmfs } } };
    }
    case "expand":
      return { method: "ExpandVmfsDatastore", args: { datastore: o.datastore!, spec } };
    case "extend":
      return { method: "ExtendVmfsDatastore", args: { datastore: o.datastore!, spec } };
  }
}

export const vmfsDatastore = defineTool({
  name: "vmfs_datastore",
  toolset: "storage",
  input: (t) => ({
    host: hostInput(t),
    action: z.enum(ACTIONS).describe(t("param.vmfs_action")),
    disk: z.string().min(1).max(300).optional().describe(t("param.vmfs_disk")),
    datastore: z.string().min(1).max(1024).optional().describe(t("param.vmfs_datastore")),
    name: z.string().min(1).max(80).optional().describe(t("param.new_datastore_name")),
    vmfs_version: z.union([z.literal(5), z.literal(6)]).optional().describe(t("param.vmfs_version")),
    datacenter: datacenterInput(t),
  }),
  output: {
    host: z.string(),
    action: z.enum(ACTIONS),
    datastore: z.string().describe("MoRef id of the datastore"),
    name: z.string(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Creating or extending a VMFS datastore repartitions the disk: whatever was on it is gone.
  tier: "critical",
  privileges: ["Host.Config.Storage"],
  aliases: ["create_vmfs_datastore", "expand_vmfs_datastore", "extend_vmfs_datastore"],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    if (args.action === "create" && (!args.disk || !args.name)) {
      throw new ToolInputError("errors.vmfs_create_fields", {});
    }
    if (args.action !== "create" && !args.datastore) {
      throw new ToolInputError("errors.vmfs_datastore_missing", {});
    }
    if (args.action === "extend" && !args.disk) throw new ToolInputError("errors.vmfs_create_fields", {});
    const dss = await hostManager(ctx, host.ref, "datastoreSystem");
    let devicePath: string | undefined;
    let diskName = "";
    if (args.disk) {
      const luns = asObjects(
        (await retrieveOne(ctx.vsphere, host.ref, ["config.storageDevice.scsiLun"], { signal: ctx.signal }))[
          "config.storageDevice.scsiLun"
        ],
      );
      const lun = luns.find((l) =>
        str(l.canonicalName) === args.disk || str(l.devicePath) === args.disk || str(l.uuid) === args.disk
      );
      if (!lun || lun._type !== "HostScsiDisk") {
        notFoundByName("disk", args.disk);
      }
      devicePath = str(lun.devicePath);
      diskName = text(lun.canonicalName);
    }
    const ds = args.datastore ? await resolveDatastore(ctx.vsphere, args.datastore, ctx.signal) : undefined;
    const query = vmfsQuery(args.action, {
      ...(devicePath ? { devicePath } : {}),
      ...(ds ? { datastore: ds.ref } : {}),
      ...(args.vmfs_version ? { vmfsMajorVersion: args.vmfs_version } : {}),
    });
    const options = asObjects(await callVim(ctx, query.method, dss, query.args));
    const option = options[0];
    if (!option) {
      throw new ToolInputError("errors.vmfs_no_option", {
        action: args.action,
        disk: diskName || (ds?.name ?? ""),
      });
    }
    const layout = text(asObject(option.info)._type);
    const apply = vmfsApply(args.action, asObject(option.spec), {
      ...(args.name ? { name: args.name } : {}),
      ...(ds ? { datastore: ds.ref } : {}),
    });
    const dsName = sanitizeText(ds?.name ?? args.name ?? "");
    return await ctx.mutate({
      targets: [
        { ref: host.ref, name: host.name, state: { disk: diskName, layout } },
        ...(ds ? [{ ref: ds.ref, name: dsName }] : []),
      ],
      summary: ctx.t(`vmfs_datastore.summary_${args.action}` as const, {
        name: dsName,
        disk: diskName,
        host: host.name,
      }),
      method: `HostDatastoreSystem.${apply.method}`,
      args: { disk: diskName, layout, ...(args.name ? { name: args.name } : {}) },
    }, async () => {
      const result = ref(await callVim(ctx, apply.method, dss, apply.args));
      return {
        host: host.name,
        action: args.action,
        datastore: result?.value ?? ds?.ref.value ?? "",
        name: dsName,
        message: ctx.t("vmfs_datastore.done", { name: dsName, action: args.action }),
      };
    });
  },
});
