import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { asObject, asObjects, bool, num, str, text } from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";

const ACTIONS = ["devices", "multipath", "adapters", "iscsi"] as const;

const lun = z.object({
  key: z.string(),
  canonical_name: z.string(),
  display_name: z.string(),
  type: z.string(),
  vendor: z.string(),
  model: z.string(),
  capacity_gb: z.number().nullable(),
  ssd: z.boolean().nullable(),
  local: z.boolean().nullable(),
  state: z.string(),
  vaai: z.string().describe(
    "Hardware acceleration (VAAI): vStorageSupported, vStorageUnsupported, vStorageUnknown",
  ),
});
const path = z.object({
  lun: z.string(),
  canonical_name: z.string(),
  policy: z.string(),
  storage_array_type: z.string(),
  paths: z.array(z.object({ name: z.string(), adapter: z.string(), state: z.string() })),
});
const adapter = z.object({
  device: z.string(),
  type: z.string(),
  model: z.string(),
  driver: z.string(),
  status: z.string(),
});
const iscsi = z.object({
  device: z.string(),
  iscsi_name: z.string(),
  software: z.boolean(),
  chap_enabled: z.boolean(),
  chap_name: z.string(),
  send_targets: z.array(z.object({ address: z.string(), port: z.number().nullable() })),
  static_targets: z.array(
    z.object({ address: z.string(), port: z.number().nullable(), iscsi_name: z.string() }),
  ),
});

function capacityGb(l: VimObject): number | null {
  const cap = asObject(l.capacity);
  const blocks = num(cap.block);
  const size = num(cap.blockSize);
  return blocks !== undefined && size !== undefined ? Math.round(blocks * size / 2 ** 30 * 10) / 10 : null;
}

export const storageDeviceList = defineTool({
  name: "storage_device_list",
  toolset: "storage",
  input: (t) => ({
    host: hostInput(t),
    action: z.enum(ACTIONS).default("devices").describe(t("param.storage_device_list_action")),
    datacenter: datacenterInput(t),
  }),
  output: {
    host: z.string(),
    action: z.enum(ACTIONS),
    devices: z.array(lun).optional(),
    multipath: z.array(path).optional(),
    adapters: z.array(adapter).optional(),
    iscsi: z.array(iscsi).optional(),
    software_iscsi_enabled: z.boolean().optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: [
    "list_host_storage_devices",
    "list_host_multipath_info",
    "get_iscsi_adapter_config",
    "get_vaai_status",
  ],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    const p = await retrieveOne(ctx.vsphere, host.ref, [
      "config.storageDevice",
    ], { signal: ctx.signal });
    const info = asObject(p["config.storageDevice"]);
    const luns = asObjects(info.scsiLun);
    const byKey = new Map(luns.map((l) => [str(l.key) ?? "", l]));
    const hbas = asObjects(info.hostBusAdapter);
    const base = { host: host.name, action: args.action };
    switch (args.action) {
      case "devices":
        return {
          ...base,
          devices: luns.map((l) => ({
            key: text(l.key),
            canonical_name: text(l.canonicalName),
            display_name: text(l.displayName),
            type: text(l.lunType),
            vendor: text(l.vendor).trim(),
            model: text(l.model).trim(),
            capacity_gb: capacityGb(l),
            ssd: bool(l.ssd) ?? null,
            local: bool(l.localDisk) ?? null,
            state: asObjects(l.operationalState).map((s) => text(s as VimValue)).join(",") ||
              text(l.operationalState),
            vaai: text(l.vStorageSupport) || "vStorageUnknown",
          })),
        };
      case "multipath":
        return {
          ...base,
          multipath: asObjects(asObject(info.multipathInfo).lun).map((m) => ({
            lun: text(m.id) || text(m.key),
            canonical_name: text(byKey.get(str(m.lun) ?? "")?.canonicalName),
            policy: text(asObject(m.policy).policy),
            storage_array_type: text(asObject(m.storageArrayTypePolicy).policy),
            paths: asObjects(m.path).map((pa) => ({
              name: text(pa.name),
              adapter: text(pa.adapter).replace(/^key-vim\.host\.[A-Za-z]+-/, ""),
              state: text(pa.pathState) || text(pa.state),
            })),
          })),
        };
      case "adapters":
        return {
          ...base,
          adapters: hbas.map((h) => ({
            device: text(h.device),
            type: text(h._type),
            model: text(h.model),
            driver: text(h.driver),
            status: text(h.status),
          })),
        };
      case "iscsi": {
        const swEnabled = bool(info.softwareInternetScsiEnabled);
        return {
          ...base,
          software_iscsi_enabled: swEnabled ?? false,
          iscsi: hbas.filter((h) => h._type === "HostInternetScsiHba").map((h) => {
            const auth = asObject(h.authenticationProperties);
            return {
              device: text(h.device),
              iscsi_name: text(h.iScsiName),
              software: bool(h.isSoftwareBased) ?? false,
              chap_enabled: bool(auth.chapAuthEnabled) ?? false,
              chap_name: text(auth.chapName),
              send_targets: asObjects(h.configuredSendTarget).map((t) => ({
                address: text(t.address),
                port: num(t.port) ?? null,
              })),
              static_targets: asObjects(h.configuredStaticTarget).map((t) => ({
                address: text(t.address),
                port: num(t.port) ?? null,
                iscsi_name: text(t.iScsiName),
              })),
            };
          }),
        };
      }
    }
  },
});
