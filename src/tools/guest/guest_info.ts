import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput } from "../shared/inputs.ts";

const str = (v: unknown) => (typeof v === "string" && v !== "" ? sanitizeText(v) : null);

export const guestInfo = defineTool({
  name: "guest_info",
  toolset: "guest",
  input: (t) => ({ vm: vmInput(t), datacenter: datacenterInput(t) }),
  output: {
    vm: z.string(),
    moref: z.string(),
    power_state: z.string(),
    guest_state: z.string().nullable().describe("running, notRunning, shuttingDown..."),
    tools_status: z.string().nullable(),
    tools_running: z.string().nullable(),
    tools_version: z.string().nullable(),
    tools_version_status: z.string().nullable(),
    guest_operations_ready: z.boolean().nullable(),
    os: z.string().nullable(),
    guest_id: z.string().nullable(),
    hostname: z.string().nullable(),
    ip: z.string().nullable(),
    nics: z.array(z.object({
      network: z.string().nullable(),
      mac: z.string().nullable(),
      connected: z.boolean(),
      ips: z.array(z.string()),
    })),
    disks: z.array(z.object({
      path: z.string(),
      capacity_mb: z.number().nullable(),
      free_mb: z.number().nullable(),
      filesystem: z.string().nullable(),
    })),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["get_guest_network_info", "get_guest_os_info"],
  async handler(args, ctx) {
    const vm = await resolveEntity(ctx.vsphere, "VirtualMachine", args.vm, {
      signal: ctx.signal,
      ...(args.datacenter ? { datacenter: args.datacenter } : {}),
    });
    const p = await retrieveOne(ctx.vsphere, vm.ref, ["runtime.powerState", "guest"], { signal: ctx.signal });
    const g = (p.guest ?? {}) as VimObject;
    const mb = (v: unknown) => (typeof v === "number" ? Math.round(v / 1024 / 1024) : null);
    return {
      vm: sanitizeText(vm.name),
      moref: vm.ref.value,
      power_state: String(p["runtime.powerState"] ?? "unknown"),
      guest_state: str(g.guestState),
      tools_status: str(g.toolsStatus),
      tools_running: str(g.toolsRunningStatus),
      tools_version: str(g.toolsVersion),
      tools_version_status: str(g.toolsVersionStatus2 ?? g.toolsVersionStatus),
      guest_operations_ready: typeof g.guestOperationsReady === "boolean" ? g.guestOperationsReady : null,
      os: str(g.guestFullName),
      guest_id: str(g.guestId),
      hostname: str(g.hostName),
      ip: str(g.ipAddress),
      nics: ((Array.isArray(g.net) ? g.net : []) as VimObject[]).map((n) => ({
        network: str(n.network),
        mac: str(n.macAddress),
        connected: n.connected === true,
        ips: (Array.isArray(n.ipAddress) ? n.ipAddress : []).map((ip) => sanitizeText(String(ip))),
      })),
      disks: ((Array.isArray(g.disk) ? g.disk : []) as VimObject[]).map((d) => ({
        path: sanitizeText(String(d.diskPath ?? "")),
        capacity_mb: mb(d.capacity),
        free_mb: mb(d.freeSpace),
        filesystem: str(d.filesystemType),
      })),
    };
  },
});
