import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput } from "../shared/inputs.ts";
import { credentialInput } from "./credentials.ts";
import { toProcess } from "./guest_process_list.ts";
import { guestCall, guestProcess, guestTarget } from "./shared.ts";

/** TerminateProcessInGuest's own parameter (vm and auth are added by guestCall). */
export const terminateArgs = (pid: number) => ({ pid });

const ACTIONS = ["start", "terminate"] as const;

export const guestProcessTool = defineTool({
  name: "guest_process",
  toolset: "guest",
  input: (t) => ({
    action: z.enum(ACTIONS).default("start").describe(t("param.guest.process_action")),
    vm: vmInput(t),
    credential: credentialInput(t),
    program: z.string().min(1).max(1024).optional().describe(t("param.guest.program")),
    pid: z.number().int().min(0).optional().describe(t("param.guest.pid")),
    arguments: z.string().max(8192).default("").describe(t("param.guest.arguments")),
    working_directory: z.string().max(1024).optional().describe(t("param.guest.working_directory")),
    env: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*=/).max(4096)).max(50).optional().describe(
      t("param.guest.env"),
    ),
    wait_seconds: z.number().int().min(0).max(600).default(30).describe(t("param.guest.wait_seconds")),
    datacenter: datacenterInput(t),
  }),
  output: {
    action: z.enum(ACTIONS),
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
  aliases: ["execute_guest_command", "terminate_guest_process"],
  async handler(args, ctx) {
    if (args.action === "terminate" ? args.pid === undefined : !args.program) {
      throw new ToolInputError(
        args.action === "terminate" ? "guest_process.pid_required" : "guest_process.program_required",
        {},
        "hints.input",
      );
    }
    const target = await guestTarget(ctx, args.vm, args.credential, args.datacenter);
    if (args.action === "terminate") {
      const pid = args.pid!;
      const list = await guestCall(ctx, target, "ListProcessesInGuest", target.processManager, {
        pids: [pid],
      });
      const found = ((Array.isArray(list) ? list : []) as VimObject[]).map(toProcess)[0];
      if (!found || found.ended) {
        return {
          action: args.action,
          vm: target.vm.name,
          pid,
          finished: true,
          exit_code: found?.exit_code ?? null,
          ...(found ? { process: found } : {}),
          message: ctx.t("guest_process.not_running", { pid }),
        };
      }
      return await ctx.mutate({
        targets: [{
          ref: target.vm.ref,
          name: target.vm.name,
          state: { pid, process: found.name, owner: found.owner, command_line: found.command_line },
        }],
        summary: ctx.t("guest_process.summary_terminate", { vm: target.vm.name, pid, name: found.name }),
        method: "TerminateProcessInGuest",
        args: { pid },
      }, async () => {
        await guestCall(ctx, target, "TerminateProcessInGuest", target.processManager, terminateArgs(pid));
        return {
          action: args.action,
          vm: target.vm.name,
          pid,
          finished: true,
          exit_code: null,
          process: found,
          message: ctx.t("guest_process.terminated", { pid }),
        };
      });
    }
    const spec: VimObject = {
      _type: "GuestProgramSpec",
      programPath: args.program!,
      arguments: args.arguments,
      ...(args.working_directory ? { workingDirectory: args.working_directory } : {}),
      ...(args.env?.length ? { envVariables: args.env } : {}),
    };
    return await ctx.mutate({
      targets: [{ ref: target.vm.ref, name: target.vm.name, state: { credential: target.credential.name } }],
      summary: ctx.t("guest_process.summary_start", {
        vm: target.vm.name,
        program: sanitizeText(args.program!),
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
        // The program runs already: a failing status read must not hide its pid from the caller.
        const list = await guestCall(ctx, target, "ListProcessesInGuest", target.processManager, {
          pids: [pid],
        }).then((value) => ({ value }), (error: unknown) => {
          ctx.log.warning("Could not read guest process {pid}: {error}", { pid, error: String(error) });
          return undefined;
        });
        if (!list) break;
        const found = (Array.isArray(list.value) ? list.value : []) as VimObject[];
        process = found[0] ? toProcess(found[0]) : process;
        if (process?.ended || Date.now() >= deadline || ctx.signal.aborted) break;
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 2000);
      }
      const finished = Boolean(process?.ended);
      return {
        action: args.action,
        vm: target.vm.name,
        pid,
        finished,
        exit_code: process?.exit_code ?? null,
        ...(process ? { process } : {}),
        message: ctx.t(finished ? "guest_process.finished" : "guest_process.started", {
          pid,
          code: String(process?.exit_code ?? ""),
        }),
      };
    });
  },
});
