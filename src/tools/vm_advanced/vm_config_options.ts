/**
 * What a VM could be configured with, from vCenter's EnvironmentBrowser: the guest OS types of a hardware
 * version (QueryConfigOption), the hardware versions a compute resource supports
 * (QueryConfigOptionDescriptor), and the networks, datastores and limits it offers (QueryConfigTarget).
 */
import { z } from "zod";
import { defineTool, type ToolContext } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import type { MoRef, VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { globMatcher } from "../shared/glob.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { bool, num, obj, objects, readVm, str } from "../vm/common.ts";
import { deviceRecord } from "./common.ts";

const ACTIONS = ["guest_os_types", "hardware_versions", "config_target"] as const;

export const vmConfigOptions = defineTool({
  name: "vm_config_options",
  toolset: "vm_advanced",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.vm_config_options_action")),
    vm: z.string().min(1).max(300).optional().describe(t("param.vm_config_options_vm")),
    cluster: z.string().min(1).max(300).optional().describe(t("param.vm_config_options_cluster")),
    host: z.string().min(1).max(300).optional().describe(t("param.vm_config_options_host")),
    hardware_version: z.string().regex(/^vmx-\d+$/).optional().describe(
      t("param.vm_config_options_hardware_version"),
    ),
    filter: z.string().min(1).max(200).optional().describe(t("param.vm_config_options_filter")),
    datacenter: datacenterInput(t),
  }),
  output: {
    source: z.string(),
    action: z.string(),
    count: z.number().int(),
    items: z.array(deviceRecord),
    details: deviceRecord.optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: ["list_guest_os_types"],
  async handler(args, ctx) {
    const { browser, source, host } = await environmentBrowser(ctx, args);
    const match = globMatcher(args.filter);
    const call = (method: string, params: Record<string, VimValue | undefined>) =>
      ctx.vsphere.call(method, browser, params, { signal: ctx.signal });
    if (args.action === "hardware_versions") {
      const items = objects(await call("QueryConfigOptionDescriptor", {})).map((d) => ({
        key: sanitizeText(str(d.key) ?? ""),
        description: sanitizeText(str(d.description) ?? ""),
        create_supported: bool(d.createSupported) ?? null,
        default: bool(d.defaultConfigOption) ?? null,
        run_supported: bool(d.runSupported) ?? null,
        upgrade_supported: bool(d.upgradeSupported) ?? null,
      })).filter((d) => match(d.key));
      return { source, action: args.action, count: items.length, items };
    }
    if (args.action === "guest_os_types") {
      // QueryConfigOptionEx (vSphere 6.0+): QueryConfigOption without a spec may omit the guest list.
      const option = obj(
        await call("QueryConfigOptionEx", {
          spec: {
            _type: "EnvironmentBrowserConfigOptionQuerySpec",
            ...(args.hardware_version ? { key: args.hardware_version } : {}),
            ...(host ? { host } : {}),
          },
        }),
      );
      if (!option) throw new ToolInputError("vm_config_options.none", { source }, "hints.input");
      const items = objects(option.guestOSDescriptor).map((g) => ({
        id: sanitizeText(str(g.id) ?? ""),
        family: str(g.family) ?? null,
        full_name: sanitizeText(str(g.fullName) ?? ""),
        supported_max_cpus: num(g.supportedMaxCPUs) ?? null,
        supported_min_memory_mb: num(g.supportedMinMemMB) ?? null,
        supported_max_memory_mb: num(g.supportedMaxMemMB) ?? null,
        recommended_memory_mb: num(g.recommendedMemMB) ?? null,
        recommended_disk_mb: num(g.recommendedDiskSizeMB) ?? null,
        recommended_ethernet: str(g.recommendedEthernetCard) ?? null,
        recommended_scsi: str(g.recommendedSCSIController) ?? null,
        recommended_firmware: str(g.recommendedFirmware) ?? null,
        support_level: str(g.supportLevel) ?? null,
      })).filter((g) => match(g.id) || match(g.full_name));
      return {
        source,
        action: args.action,
        count: items.length,
        items,
        details: {
          version: sanitizeText(str(option.version) ?? ""),
          description: sanitizeText(str(option.description) ?? ""),
          default_guest: str(obj(option.defaultDevice)?._type) ?? null,
        },
      };
    }
    const target = obj(await call("QueryConfigTarget", host ? { host } : {})) ?? {};
    const items: Record<string, unknown>[] = [
      ...objects(target.network).map((n) => named("network", obj(n.network)?.name, n)),
      ...objects(target.distributedVirtualPortgroup).map((p) => named("dvportgroup", p.portgroupName, p)),
      ...objects(target.datastore).map((d) => {
        const info = obj(d.datastore) ?? {};
        return {
          kind: "datastore",
          name: sanitizeText(str(info.name) ?? ""),
          accessible: bool(info.accessible) ?? null,
          free_gb: Math.round((num(info.freeSpace) ?? 0) / 2 ** 30),
          capacity_gb: Math.round((num(info.maxFileSize) ?? num(info.capacity) ?? 0) / 2 ** 30),
        };
      }),
    ].filter((i) => match(String(i.name)));
    return {
      source,
      action: args.action,
      count: items.length,
      items,
      details: {
        num_cpus: num(target.numCpus) ?? null,
        num_cpu_cores: num(target.numCpuCores) ?? null,
        num_numa_nodes: num(target.numNumaNodes) ?? null,
        max_memory_mb: num(target.maxMemMBOptimalPerf) ?? null,
        smc_present: bool(target.smcPresent) ?? null,
        cdroms: objects(target.cdRom).length,
        serial_ports: objects(target.serial).length,
        usb_devices: objects(target.usb).length,
        pci_passthrough: objects(target.pciPassthrough).length,
      },
    };
  },
});

function named(kind: string, name: unknown, raw: VimObject): Record<string, unknown> {
  return {
    kind,
    name: sanitizeText(typeof name === "string" ? name : ""),
    ...(raw.switchName !== undefined ? { switch: sanitizeText(str(raw.switchName) ?? "") } : {}),
  };
}

/** The EnvironmentBrowser of a VM, a cluster, or a host's compute resource (with the host to scope to). */
async function environmentBrowser(
  ctx: ToolContext,
  args: {
    vm?: string | undefined;
    cluster?: string | undefined;
    host?: string | undefined;
    datacenter?: string | undefined;
  },
): Promise<{ browser: MoRef; source: string; host?: MoRef }> {
  const given = [args.vm, args.cluster, args.host].filter((v) => v !== undefined).length;
  if (given !== 1) throw new ToolInputError("vm_config_options.one_source", {}, "hints.input");
  const dc = args.datacenter ? { datacenter: args.datacenter } : {};
  const options = { signal: ctx.signal, ...dc };
  let owner: MoRef;
  let source: string;
  let host: MoRef | undefined;
  if (args.vm) {
    const vm = await resolveEntity(ctx.vsphere, "VirtualMachine", args.vm, options);
    owner = vm.ref;
    source = sanitizeText(vm.name);
  } else if (args.cluster) {
    const cluster = await resolveEntity(ctx.vsphere, "ClusterComputeResource", args.cluster, options);
    owner = cluster.ref;
    source = sanitizeText(cluster.name);
  } else {
    const found = await resolveEntity(ctx.vsphere, "HostSystem", args.host!, options);
    host = found.ref;
    owner = (await readVm(ctx, found.ref, ["parent"])).parent as MoRef;
    source = sanitizeText(found.name);
  }
  const browser = (await readVm(ctx, owner, ["environmentBrowser"])).environmentBrowser as MoRef | undefined;
  if (!browser) throw new ToolInputError("vm_config_options.none", { source }, "hints.input");
  return { browser, source, ...(host ? { host } : {}) };
}
