import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput } from "../shared/inputs.ts";
import { credentialInput } from "./credentials.ts";
import { guestCall, guestProcess, guestTarget } from "./shared.ts";

export function toProcess(p: VimObject): z.infer<typeof guestProcess> {
  return {
    pid: Number(p.pid ?? 0),
    name: sanitizeText(String(p.name ?? "")),
    owner: sanitizeText(String(p.owner ?? "")),
    command_line: sanitizeText(String(p.cmdLine ?? ""), 1024),
    started: typeof p.startTime === "string" ? p.startTime : null,
    ended: typeof p.endTime === "string" ? p.endTime : null,
    exit_code: typeof p.exitCode === "number" ? p.exitCode : null,
  };
}

export const guestProcessList = defineTool({
  name: "guest_process_list",
  toolset: "guest",
  input: (t) => ({
    vm: vmInput(t),
    credential: credentialInput(t),
    pids: z.array(z.number().int().min(0)).max(100).optional().describe(t("param.guest.pids")),
    name: z.string().max(200).optional().describe(t("param.guest.process_name")),
    limit: z.number().int().min(1).max(500).default(100).describe(t("param.guest.limit")),
    datacenter: datacenterInput(t),
  }),
  output: {
    vm: z.string(),
    processes: z.array(guestProcess),
    total: z.number().int(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["VirtualMachine.GuestOperations.Query"],
  aliases: ["list_guest_processes"],
  async handler(args, ctx) {
    const target = await guestTarget(ctx, args.vm, args.credential, args.datacenter);
    const result = await guestCall(ctx, target, "ListProcessesInGuest", target.processManager, {
      ...(args.pids?.length ? { pids: args.pids } : {}),
    });
    const needle = args.name?.toLowerCase();
    const all = ((Array.isArray(result) ? result : []) as VimObject[]).map(toProcess)
      .filter((p) =>
        !needle || p.name.toLowerCase().includes(needle) || p.command_line.toLowerCase().includes(needle)
      )
      .sort((a, b) => a.pid - b.pid);
    return { vm: target.vm.name, processes: all.slice(0, args.limit), total: all.length };
  },
});
