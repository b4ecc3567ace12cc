/**
 * Console access to a VM: a VMware Remote Console URL with a one-time clone ticket of this session
 * (SessionManager.AcquireCloneTicket), or a WebMKS / MKS ticket from the VM itself (AcquireTicket). A
 * ticket grants the console to whoever holds it, so the tool asks for confirmation like a change.
 */
import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { datacenterInput, vmInput } from "../shared/inputs.ts";
import { serviceManager } from "../shared/vim_values.ts";
import { num, obj, resolveVm, str } from "../vm/common.ts";
import { vmRuntime } from "./common.ts";

const ACTIONS = ["vmrc", "webmks", "mks"] as const;

export const vmConsole = defineTool({
  name: "vm_console",
  toolset: "vm_advanced",
  input: (t) => ({
    vm: vmInput(t),
    action: z.enum(ACTIONS).describe(t("param.vm_console_action")),
    datacenter: datacenterInput(t),
  }),
  output: {
    vm: z.string(),
    moref: z.string(),
    action: z.string(),
    url: z.string().optional(),
    ticket: z.string(),
    host: z.string().optional(),
    port: z.number().int().optional(),
    ssl_thumbprint: z.string().optional(),
    message: z.string(),
  },
  // Nothing in vCenter changes, but a ticket is a credential: it is issued only after confirmation.
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  // A VMRC clone ticket clones this server's vCenter session (its privileges) for whoever holds it: high.
  tier: "high",
  privileges: ["VirtualMachine.Interact.ConsoleInteract"],
  aliases: ["get_vm_console_url", "acquire_vmrc_ticket"],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm, args.datacenter);
    const power = str((await vmRuntime(ctx, vm.ref)).powerState) ?? "";
    const params = { name: vm.display, action: args.action, state: power };
    if (args.action !== "vmrc" && power !== "poweredOn") {
      throw new ToolInputError("vm_guest_tools.needs_power", params, "hints.input");
    }
    const method = args.action === "vmrc" ? "AcquireCloneTicket" : "AcquireTicket";
    return await ctx.mutate({
      targets: [{ ref: vm.ref, name: vm.display, state: { powerState: power } }],
      summary: ctx.t("vm_console.summary", params),
      method,
      ...(args.action === "vmrc" ? {} : { args: { ticketType: args.action } }),
    }, async () => {
      const base = { vm: vm.display, moref: vm.ref.value, action: args.action };
      const options = { signal: ctx.signal, operationId: ctx.eventId };
      if (args.action === "vmrc") {
        const sessionManager = await serviceManager(ctx.vsphere, "sessionManager");
        const ticket = String(await ctx.vsphere.call("AcquireCloneTicket", sessionManager, {}, options));
        const host = ctx.vsphere.target.host;
        const port = ctx.vsphere.target.port;
        const authority = `${host.includes(":") ? `[${host}]` : host}${port === 443 ? "" : `:${port}`}`;
        return {
          ...base,
          ticket,
          url: `vmrc://clone:${encodeURIComponent(ticket)}@${authority}/?moid=${
            encodeURIComponent(vm.ref.value)
          }`,
          host,
          message: ctx.t("vm_console.done", params),
        };
      }
      const answer =
        obj(await ctx.vsphere.call("AcquireTicket", vm.ref, { ticketType: args.action }, options)) ?? {};
      const ticket = str(answer.ticket) ?? "";
      const host = sanitizeText(str(answer.host) ?? ctx.vsphere.target.host);
      const port = num(answer.port);
      return {
        ...base,
        ticket,
        host,
        ...(port !== undefined ? { port } : {}),
        ...(str(answer.sslThumbprint) ? { ssl_thumbprint: str(answer.sslThumbprint)! } : {}),
        ...(args.action === "webmks"
          ? { url: str(answer.url) ?? `wss://${host}:${port ?? 443}/ticket/${encodeURIComponent(ticket)}` }
          : {}),
        message: ctx.t("vm_console.done", params),
      };
    });
  },
});
