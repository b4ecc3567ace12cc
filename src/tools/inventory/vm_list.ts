import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { globMatcher } from "../shared/glob.ts";
import { page, pagingInput } from "../shared/paging.ts";

const POWER_STATES = ["poweredOn", "poweredOff", "suspended"] as const;

const vmSummary = z.object({
  moref: z.string().describe("Managed object id, e.g. vm-42"),
  name: z.string(),
  power_state: z.string(),
  cpus: z.number().nullable(),
  memory_mb: z.number().nullable(),
  ip: z.string().nullable(),
  host: z.string().nullable(),
});

export const vmList = defineTool({
  name: "vm_list",
  toolset: "inventory",
  input: (t) => ({
    name: z.string().max(200).optional().describe(t("param.name_glob")),
    power_state: z.enum(POWER_STATES).optional().describe(t("param.power_state")),
    ...pagingInput(t),
  }),
  output: {
    vms: z.array(vmSummary),
    total: z.number().int().describe("VMs matching the filters, across all pages"),
    next_cursor: z.string().optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["list_vms"],
  async handler(args, ctx) {
    const hostNames = new Map<string, string>();
    for await (
      const h of retrieveView(ctx.vsphere, { type: "HostSystem", paths: ["name"], signal: ctx.signal })
    ) {
      hostNames.set(h.ref.value, String(h.props.name ?? ""));
    }
    const matches = globMatcher(args.name);
    const vms: z.infer<typeof vmSummary>[] = [];
    for await (
      const vm of retrieveView(ctx.vsphere, {
        type: "VirtualMachine",
        paths: [
          "name",
          "config.template",
          "runtime.powerState",
          "config.hardware.numCPU",
          "config.hardware.memoryMB",
          "guest.ipAddress",
          "runtime.host",
        ],
        signal: ctx.signal,
      })
    ) {
      const p = vm.props;
      const name = sanitizeText(String(p.name ?? ""));
      if (p["config.template"] === true || !matches(name)) continue;
      const powerState = String(p["runtime.powerState"] ?? "unknown");
      if (args.power_state && powerState !== args.power_state) continue;
      const host = p["runtime.host"] as MoRef | undefined;
      vms.push({
        moref: vm.ref.value,
        name,
        power_state: powerState,
        cpus: typeof p["config.hardware.numCPU"] === "number" ? p["config.hardware.numCPU"] : null,
        memory_mb: typeof p["config.hardware.memoryMB"] === "number" ? p["config.hardware.memoryMB"] : null,
        ip: typeof p["guest.ipAddress"] === "string" ? sanitizeText(p["guest.ipAddress"]) : null,
        host: host ? sanitizeText(hostNames.get(host.value) ?? host.value) : null,
      });
    }
    vms.sort((a, b) => a.name.localeCompare(b.name) || a.moref.localeCompare(b.moref));
    const { items, total, next_cursor } = page(vms, args.limit, args.cursor);
    return { vms: items, total, ...(next_cursor ? { next_cursor } : {}) };
  },
});
