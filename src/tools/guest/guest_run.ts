import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput } from "../shared/inputs.ts";
import { credentialInput } from "./credentials.ts";
import { toProcess } from "./guest_process_list.ts";
import { guestCall, guestProcess, guestTarget } from "./shared.ts";

export const guestRun = defineTool({
  name: "guest_run",
  toolset: "guest",
  input: (t) => ({
    vm: vmInput(t),
    credential: credentialInput(t),
    program: z.string().min(1).max(1024).describe(t("param.guest.program")),
    arguments: z.string().max(8192).default("").describe(t("param.guest.arguments")),
    working_directory: z.string().max(1024).optional().describe(t("param.guest.working_directory")),
    env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*=/).max(4096)).max(50).optional().describe(
      t("param.guest.env"),
    ),
    wait_seconds: z.number().int().min(0).max(600).default(30).describe(t("param.guest.wait_seconds")),
    datacenter: datacenterInput(t),
  }),
  output: {
    vm: z.string(),
    pid: z.number(),
    finished: z.boolean(),
    exit_code: z.number().nullable(),
    process: guestProcess.optional(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // A program in the guest can do anything its account may do.
  tier: "high",
  privileges: ["VirtualMachine.GuestOperations.Execute"],
  aliases: ["execute_guest_command"],
  async handler(args, ctx) {
    const target = await guestTarget(ctx, args.vm, args.credential, args.datacenter);
    const spec: VimObject = {
      _type: "GuestProgramSpec",
      programPath: args.program,
      arguments: args.arguments,
      ...(args.working_directory ? { workingDirectory: args.working_directory } : {}),
      ...(args.env?.length ? { envVariables: args.env } : {}),
    };
    return await ctx.mutate({
      targets: [{ ref: target.vm.ref, name: target.vm.name, state: { credential: target.credential.name } }],
      summary: ctx.t("guest_run.summary", {
        vm: target.vm.name,
        program: sanitizeText(args.program),
        user: sanitizeText(target.credential.user),
      }),
      method: "StartProgramInGuest",
      args: {
        program: args.program,
        arguments: args.arguments,
        ...(args.working_directory ? { working_directory: args.working_directory } : {}),
        ...(args.env?.length ? { env: args.env.map((e) => e.split("=")[0] + "=…") } : {}),
      },
    }, async () => {
      const pid = Number(
        await guestCall(ctx, target, "StartProgramInGuest", target.processManager, { spec }),
      );
      // Poll the process until it ends or the wait is over; the pid lets the model look again later.
      const deadline = Date.now() + args.wait_seconds * 1000;
      let process: z.infer<typeof guestProcess> | undefined;
      let delay = 250;
      while (args.wait_seconds > 0) {
        const list = await guestCall(ctx, target, "ListProcessesInGuest", target.processManager, {
          pids: [pid],
        });
        const found = (Array.isArray(list) ? list : []) as VimObject[];
        process = found[0] ? toProcess(found[0]) : process;
        if (process?.ended || Date.now() >= deadline || ctx.signal.aborted) break;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 2000);
      }
      const finished = Boolean(process?.ended);
      return {
        vm: target.vm.name,
        pid,
        finished,
        exit_code: process?.exit_code ?? null,
        ...(process ? { process } : {}),
        message: ctx.t(finished ? "guest_run.finished" : "guest_run.started", {
          pid,
          code: String(process?.exit_code ?? ""),
        }),
      };
    });
  },
});
