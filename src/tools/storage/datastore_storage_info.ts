import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import {
  asObject,
  asObjects,
  bool,
  num,
  ref,
  resolveDatastore,
  retrieveMany,
  text,
} from "../shared/vim_values.ts";

const backing = z.object({
  kind: z.string().describe("vmfs, nfs, vvol, local, vsan, pmem or other"),
  vmfs: z.object({
    uuid: z.string(),
    version: z.string(),
    block_size_mb: z.number().nullable(),
    ssd: z.boolean().nullable(),
    local: z.boolean().nullable(),
    extents: z.array(z.object({ disk: z.string(), partition: z.number().nullable() })),
    unmap_priority: z.string(),
  }).optional(),
  nfs: z.object({
    remote_host: z.string(),
    remote_path: z.string(),
    version: z.string(),
    security: z.string().describe("AUTH_SYS, SEC_KRB5 or SEC_KRB5I (Kerberos)"),
  }).optional(),
  vvol: z.object({
    storage_container: z.string(),
    protocol_endpoint_type: z.string(),
    vasa_providers: z.array(z.object({ name: z.string(), url: z.string() })),
    storage_arrays: z.array(z.object({ name: z.string(), vendor: z.string(), model: z.string() })),
  }).optional(),
  local_path: z.string().optional(),
});

export function describeBacking(info: VimObject): z.infer<typeof backing> {
  switch (info._type) {
    case "VmfsDatastoreInfo": {
      const v = asObject(info.vmfs);
      return {
        kind: "vmfs",
        vmfs: {
          uuid: text(v.uuid),
          version: text(v.version),
          block_size_mb: num(v.blockSizeMb) ?? null,
          ssd: bool(v.ssd) ?? null,
          local: bool(v.local) ?? null,
          extents: asObjects(v.extent).map((e) => ({
            disk: text(e.diskName),
            partition: num(e.partition) ?? null,
          })),
          unmap_priority: text(v.unmapPriority),
        },
      };
    }
    case "NasDatastoreInfo": {
      const n = asObject(info.nas);
      return {
        kind: "nfs",
        nfs: {
          remote_host: text(n.remoteHost) ||
            asObjects(n.remoteHostNames).map((h) => text(h as never)).join(","),
          remote_path: text(n.remotePath),
          version: text(n.type),
          security: text(n.securityType) || "AUTH_SYS",
        },
      };
    }
    case "VvolDatastoreInfo": {
      const v = asObject(info.vvolDS);
      return {
        kind: "vvol",
        vvol: {
          storage_container: text(v.scId),
          protocol_endpoint_type: text(v.protocolEndpointType),
          vasa_providers: asObjects(v.vasaProviderInfo).map((p) => ({
            name: text(asObject(p.provider).name),
            url: text(asObject(p.provider).url),
          })),
          storage_arrays: asObjects(v.storageArray).map((a) => ({
            name: text(a.name),
            vendor: text(a.vendorId),
            model: text(a.modelId),
          })),
        },
      };
    }
    case "LocalDatastoreInfo":
      return { kind: "local", local_path: text(info.path) };
    case "VsanDatastoreInfo":
      return { kind: "vsan" };
    case "PMemDatastoreInfo":
      return { kind: "pmem" };
    default:
      return { kind: "other" };
  }
}

export const datastoreStorageInfo = defineTool({
  name: "datastore_storage_info",
  toolset: "storage",
  input: (t) => ({
    datastore: z.string().min(1).max(1024).describe(t("param.datastore_required")),
  }),
  output: {
    datastore: z.string(),
    name: z.string(),
    type: z.string(),
    url: z.string(),
    backing,
    sioc: z.object({
      enabled: z.boolean(),
      congestion_threshold_ms: z.number().nullable(),
      threshold_mode: z.string(),
      percent_of_peak: z.number().nullable(),
    }),
    datastore_cluster: z.string().nullable(),
    mounts: z.array(z.object({
      host: z.string(),
      path: z.string(),
      mode: z.string(),
      accessible: z.boolean().nullable(),
      mounted: z.boolean().nullable(),
    })),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["get_vvol_datastore_info"],
  async handler(args, ctx) {
    const ds = await resolveDatastore(ctx.vsphere, args.datastore, ctx.signal);
    const p = await retrieveOne(ctx.vsphere, ds.ref, [
      "info",
      "summary",
      "iormConfiguration",
      "host",
      "parent",
    ], {
      signal: ctx.signal,
    });
    const info = asObject(p.info);
    const summary = asObject(p.summary);
    const iorm = asObject(p.iormConfiguration);
    const mounts = asObjects(p.host);
    const hosts = await retrieveMany(
      ctx.vsphere,
      mounts.map((m) => ref(m.key)).filter((r) => r !== undefined),
      ["name"],
      ctx.signal,
    );
    const names = new Map(hosts.map((h) => [h.ref.value, text(h.props.name)]));
    const parent = ref(p.parent);
    const pod = parent?.type === "StoragePod"
      ? text((await retrieveOne(ctx.vsphere, parent, ["name"])).name)
      : null;
    return {
      datastore: ds.ref.value,
      name: sanitizeText(ds.name),
      type: text(summary.type),
      url: text(info.url),
      backing: describeBacking(info),
      sioc: {
        enabled: bool(iorm.enabled) ?? false,
        congestion_threshold_ms: num(iorm.congestionThreshold) ?? null,
        threshold_mode: text(iorm.congestionThresholdMode),
        percent_of_peak: num(iorm.percentOfPeakThroughput) ?? null,
      },
      datastore_cluster: pod,
      mounts: mounts.map((m) => {
        const mi = asObject(m.mountInfo);
        const key = ref(m.key)?.value ?? "";
        return {
          host: names.get(key) ?? key,
          path: text(mi.path),
          mode: text(mi.accessMode),
          accessible: bool(mi.accessible) ?? null,
          mounted: bool(mi.mounted) ?? null,
        };
      }),
    };
  },
});
