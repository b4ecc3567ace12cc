import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { waitInput } from "../shared/inputs.ts";
import { runTask } from "../shared/task_result.ts";
import {
  asObject,
  bool,
  hostManager,
  num,
  resolveDatastore,
  serviceManager,
  str,
} from "../shared/vim_values.ts";

const ACTIONS = ["sioc", "unmap"] as const;

/** ConfigureDatastoreIORM_Task (StorageResourceManager) or UnmapVmfsVolumeEx_Task (a host's storage system). */
export function datastoreIoRequest(
  action: typeof ACTIONS[number],
  o: {
    datastore?: MoRef;
    enabled?: boolean | undefined;
    thresholdMs?: number | undefined;
    peakPercent?: number | undefined;
    vmfsUuid?: string;
  },
): { method: string; args: Record<string, VimValue | undefined> } {
  if (action === "unmap") return { method: "UnmapVmfsVolumeEx_Task", args: { vmfsUuid: [o.vmfsUuid!] } };
  return {
    method: "ConfigureDatastoreIORM_Task",
    args: {
      datastore: o.datastore!,
      spec: {
        _type: "StorageIORMConfigSpec",
        ...(o.enabled !== undefined ? { enabled: o.enabled } : {}),
        ...(o.thresholdMs !== undefined
          ? { congestionThresholdMode: "manual", congestionThreshold: o.thresholdMs }
          : o.peakPercent !== undefined
          ? { congestionThresholdMode: "automatic", percentOfPeakThroughput: o.peakPercent }
          : {}),
      },
    },
  };
}

export const datastoreIo = defineTool({
  name: "datastore_io",
  toolset: "storage",
  input: (t) => ({
    datastore: z.string().min(1).max(1024).describe(t("param.datastore_required")),
    action: z.enum(ACTIONS).describe(t("param.datastore_io_action")),
    enabled: z.boolean().optional().describe(t("param.sioc_enabled")),
    congestion_threshold_ms: z.number().int().min(5).max(100).optional().describe(t("param.sioc_threshold")),
    percent_of_peak: z.number().int().min(50).max(100).optional().describe(t("param.sioc_peak")),
    host: z.string().min(1).max(300).optional().describe(t("param.unmap_host_required")),
    wait_seconds: waitInput(t),
  }),
  output: {
    datastore: z.string(),
    action: z.enum(ACTIONS),
    task: z.string(),
    task_state: z.string(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  // Storage I/O Control throttles VMs' disk I/O when the datastore is congested; unmap adds array load.
  tier: "medium",
  privileges: ["Datastore.Config", "Host.Config.Storage"],
  aliases: ["configure_sioc", "unmap_vmfs_datastore"],
  async handler(args, ctx) {
    const ds = await resolveDatastore(ctx.vsphere, args.datastore, ctx.signal);
    const name = sanitizeText(ds.name);
    const p = await retrieveOne(ctx.vsphere, ds.ref, ["info", "iormConfiguration", "host"], {
      signal: ctx.signal,
    });
    const iorm = asObject(p.iormConfiguration);
    const state = {
      siocEnabled: bool(iorm.enabled) ?? false,
      congestionThreshold: num(iorm.congestionThreshold) ?? null,
    };
    let thisRef: MoRef;
    let vmfsUuid: string | undefined;
    let hostName = "";
    if (args.action === "sioc") {
      if (
        args.enabled === undefined && args.congestion_threshold_ms === undefined &&
        args.percent_of_peak === undefined
      ) {
        throw new ToolInputError("errors.sioc_settings_missing", {});
      }
      thisRef = await serviceManager(ctx.vsphere, "storageResourceManager");
    } else {
      vmfsUuid = str(asObject(asObject(p.info).vmfs).uuid);
      if (!vmfsUuid) throw new ToolInputError("errors.not_vmfs", { name });
      if (!args.host) throw new ToolInputError("errors.unmap_host_missing", {});
      const host = await resolveEntity(ctx.vsphere, "HostSystem", args.host, { signal: ctx.signal });
      hostName = sanitizeText(host.name);
      thisRef = await hostManager(ctx, host.ref, "storageSystem");
    }
    const request = datastoreIoRequest(args.action, {
      datastore: ds.ref,
      enabled: args.enabled,
      thresholdMs: args.congestion_threshold_ms,
      peakPercent: args.percent_of_peak,
      ...(vmfsUuid ? { vmfsUuid } : {}),
    });
    return await ctx.mutate({
      targets: [{ ref: ds.ref, name, state }],
      summary: ctx.t(`datastore_io.summary_${args.action}` as const, {
        name,
        host: hostName,
        enabled: String(args.enabled ?? state.siocEnabled),
        threshold: args.congestion_threshold_ms ?? args.percent_of_peak ?? "",
      }),
      method: request.method,
      args: request.args as Record<string, unknown>,
    }, async () => {
      const task = await runTask(ctx, request.method, thisRef, request.args, args.wait_seconds);
      return {
        datastore: name,
        action: args.action,
        task: task.task,
        task_state: task.state,
        message: ctx.t("datastore_io.done", { name, action: args.action, state: task.state }),
      };
    });
  },
});
