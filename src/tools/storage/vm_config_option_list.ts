import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import {
  asObject,
  asObjects,
  bool,
  callVim,
  num,
  ref,
  resolveAnyEntity,
  text,
} from "../shared/vim_values.ts";

const ACTIONS = ["versions", "option", "target"] as const;
const GIB = 2 ** 30;

/** QueryConfigOptionEx's spec: a hardware version key and/or guest ids to filter the guest OS list. */
export function configOptionRequest(
  key?: string,
  guestIds?: readonly string[],
): Record<string, VimValue | undefined> {
  if (!key && !guestIds?.length) return {};
  return {
    spec: {
      _type: "EnvironmentBrowserConfigOptionQuerySpec",
      ...(key ? { key } : {}),
      ...(guestIds?.length ? { guestId: [...guestIds] } : {}),
    },
  };
}

export const vmConfigOptionList = defineTool({
  name: "vm_config_option_list",
  toolset: "storage",
  input: (t) => ({
    target: z.string().min(1).max(300).describe(t("param.config_option_target")),
    action: z.enum(ACTIONS).default("target").describe(t("param.config_option_action")),
    hardware_version: z.string().min(1).max(32).optional().describe(t("param.config_option_version")),
    guest_ids: z.array(z.string().min(1).max(100)).max(20).optional().describe(
      t("param.config_option_guests"),
    ),
  }),
  output: {
    target: z.string(),
    action: z.enum(ACTIONS),
    versions: z.array(z.object({
      key: z.string(),
      description: z.string(),
      create_supported: z.boolean().nullable(),
      default: z.boolean().nullable(),
    })).optional(),
    option: z.object({
      version: z.string(),
      description: z.string(),
      guests: z.array(z.object({ id: z.string(), full_name: z.string(), family: z.string() })),
    }).optional(),
    config_target: z.object({
      cpus: z.number().nullable(),
      cpu_cores: z.number().nullable(),
      max_memory_mb: z.number().nullable(),
      datastores: z.array(z.object({
        name: z.string(),
        capacity_gb: z.number().nullable(),
        free_gb: z.number().nullable(),
        accessible: z.boolean().nullable(),
        mode: z.string(),
      })),
      networks: z.array(z.object({ name: z.string(), accessible: z.boolean().nullable() })),
    }).optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["query_vm_config_option", "query_vm_config_target"],
  async handler(args, ctx) {
    // A standalone host and its ComputeResource share a name: the host is meant.
    const target = await resolveAnyEntity(
      ctx.vsphere,
      args.target,
      ["VirtualMachine", "ClusterComputeResource", "ComputeResource", "HostSystem"],
      ctx.signal,
    ).catch(async (error) => {
      const host = await resolveAnyEntity(ctx.vsphere, args.target, ["HostSystem"], ctx.signal).catch(() =>
        undefined
      );
      if (host) return host;
      throw error;
    });
    let owner: MoRef = target.ref;
    let host: MoRef | undefined;
    if (target.ref.type === "HostSystem") {
      host = target.ref;
      owner = ref((await retrieveOne(ctx.vsphere, target.ref, ["parent"])).parent)!;
    }
    const browser = ref((await retrieveOne(ctx.vsphere, owner, ["environmentBrowser"])).environmentBrowser);
    if (!browser) {
      throw new ToolInputError("errors.no_environment_browser", { name: sanitizeText(target.name) });
    }
    const base = { target: sanitizeText(target.name), action: args.action };
    if (args.action === "versions") {
      const list = asObjects(await callVim(ctx, "QueryConfigOptionDescriptor", browser));
      return {
        ...base,
        versions: list.map((d) => ({
          key: text(d.key),
          description: text(d.description),
          create_supported: bool(d.createSupported) ?? null,
          default: bool(d.defaultConfigOption) ?? null,
        })),
      };
    }
    if (args.action === "option") {
      const opt = asObject(
        await callVim(ctx, "QueryConfigOptionEx", browser, {
          ...configOptionRequest(args.hardware_version, args.guest_ids),
        }),
      );
      return {
        ...base,
        option: {
          version: text(opt.version),
          description: text(opt.description),
          guests: asObjects(opt.guestOSDescriptor).map((g) => ({
            id: text(g.id),
            full_name: text(g.fullName),
            family: text(g.family),
          })),
        },
      };
    }
    const t = asObject(await callVim(ctx, "QueryConfigTarget", browser, host ? { host } : {}));
    return {
      ...base,
      config_target: {
        cpus: num(t.numCpus) ?? null,
        cpu_cores: num(t.numCpuCores) ?? null,
        max_memory_mb: num(t.maxMemMBOptimalPerf) ?? null,
        datastores: asObjects(t.datastore).map((d) => {
          const s = asObject(d.datastore);
          const cap = num(s.capacity);
          const free = num(s.freeSpace);
          return {
            name: text(d.name),
            capacity_gb: cap === undefined ? null : Math.round(cap / GIB * 10) / 10,
            free_gb: free === undefined ? null : Math.round(free / GIB * 10) / 10,
            accessible: bool(s.accessible) ?? null,
            mode: text(d.mode),
          };
        }),
        networks: asObjects(t.network).map((n) => ({
          name: text(n.name),
          accessible: bool(asObject(n.network).accessible) ?? null,
        })),
      },
    };
  },
});
