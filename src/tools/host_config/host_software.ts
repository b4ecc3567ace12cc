import { z } from "zod";
import { defineTool, type ToolContext } from "../../registry/define.ts";
import { VSphereError } from "../../vsphere/errors.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { asObject, asObjects, bool, str, text } from "../shared/vim_values.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { hostInput, readHost } from "../host/common.ts";
import type { HostRequest } from "./common.ts";
import { requestTarget } from "./common.ts";

const VIEWS = [
  "image_profile",
  "acceptance_level",
  "vibs",
  "kernel_modules",
  "boot_devices",
  "tpm_attestation",
] as const;
type View = typeof VIEWS[number];

/** The read call behind each view (all take only `_this`). */
export const SOFTWARE_READS: Record<View, HostRequest> = {
  image_profile: { manager: "imageConfigManager", method: "HostImageConfigGetProfile", args: {} },
  acceptance_level: { manager: "imageConfigManager", method: "HostImageConfigGetAcceptance", args: {} },
  vibs: { manager: "imageConfigManager", method: "fetchSoftwarePackages", args: {} },
  kernel_modules: { manager: "kernelModuleSystem", method: "QueryModules", args: {} },
  boot_devices: { manager: "bootDeviceSystem", method: "QueryBootDevices", args: {} },
  tpm_attestation: { manager: "host", method: "QueryTpmAttestationReport", args: {} },
};

const output = {
  host: z.string(),
  image_profile: z.object({ name: z.string(), vendor: z.string() }).optional(),
  acceptance_level: z.string().optional(),
  vibs: z.array(z.object({
    name: z.string(),
    version: z.string(),
    vendor: z.string(),
    acceptance_level: z.string(),
    type: z.string(),
  })).optional(),
  kernel_modules: z.array(z.object({
    name: z.string(),
    version: z.string(),
    loaded: z.boolean(),
    enabled: z.boolean(),
    options: z.string(),
  })).optional(),
  boot_devices: z.object({
    current: z.string(),
    devices: z.array(z.object({ key: z.string(), description: z.string() })),
  })
    .optional(),
  tpm_attestation: z.object({ reliable: z.boolean().nullable(), pcr_values: z.number(), events: z.number() })
    .nullable()
    .optional(),
  unavailable: z.array(z.object({ view: z.string(), reason: z.string() })),
};
type Output = z.infer<z.ZodObject<typeof output>>;

async function call(ctx: ToolContext, host: MoRef, view: View) {
  const request = SOFTWARE_READS[view];
  const target = await requestTarget(ctx, host, request);
  return await ctx.vsphere.call(request.method, target, request.args, { signal: ctx.signal });
}

export const hostSoftware = defineTool({
  name: "host_software",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    views: z.array(z.enum(VIEWS)).min(1).max(VIEWS.length).default(["image_profile", "acceptance_level"])
      .describe(t("param.host_software_views")),
    filter: z.string().max(100).optional().describe(t("param.host_software_filter")),
    datacenter: datacenterInput(t),
  }),
  output,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: [
    "get_host_image_profile",
    "get_host_vibs",
    "get_host_image_config",
    "list_host_kernel_modules",
    "get_host_boot_devices",
    "get_host_tpm_attestation",
  ],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    const result: Output = { host: host.name, unavailable: [] };
    const match = (name: string) => !args.filter || name.toLowerCase().includes(args.filter.toLowerCase());
    for (const view of new Set(args.views)) {
      try {
        const value = await call(ctx, host.ref, view);
        switch (view) {
          case "image_profile": {
            const p = asObject(value);
            result.image_profile = { name: text(p.name), vendor: text(p.vendor) };
            break;
          }
          case "acceptance_level":
            result.acceptance_level = text(value);
            break;
          case "vibs":
            result.vibs = asObjects(value).filter((v) => match(str(v.name) ?? "")).map((v) => ({
              name: text(v.name),
              version: text(v.version),
              vendor: text(v.vendor),
              acceptance_level: text(v.acceptanceLevel),
              type: text(v.type),
            }));
            break;
          case "kernel_modules":
            result.kernel_modules = asObjects(value).filter((m) => match(str(m.name) ?? "")).map((m) => ({
              name: text(m.name),
              version: text(m.version),
              loaded: bool(m.loaded) ?? false,
              enabled: bool(m.enabled) ?? false,
              options: text(m.optionString),
            }));
            break;
          case "boot_devices": {
            const b = asObject(value);
            result.boot_devices = {
              current: text(b.currentBootDeviceKey),
              devices: asObjects(b.bootDevices).map((d) => ({
                key: text(d.key),
                description: text(d.description),
              })),
            };
            break;
          }
          case "tpm_attestation": {
            const r = value === undefined || value === null ? undefined : asObject(value);
            result.tpm_attestation = r
              ? {
                reliable: bool(r.tpmLogReliable) ?? null,
                pcr_values: asObjects(r.tpmPcrValues).length,
                events: asObjects(r.tpmEvents).length,
              }
              : null;
            break;
          }
        }
      } catch (error) {
        if (error instanceof ToolInputError) {
          result.unavailable.push({ view, reason: ctx.t(error.key, error.params) });
          continue;
        }
        if (!(error instanceof VSphereError)) throw error;
        result.unavailable.push({ view, reason: text(error.message).slice(0, 300) });
      }
    }
    return result;
  },
});
