import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { runTask } from "../shared/task_result.ts";
import { resolveAnyEntities, serviceManager } from "../shared/vim_values.ts";

const ACTIONS = ["refresh_ca", "renew"] as const;

/** vCenter CertificateManager: push CA certificates and CRLs to hosts, or issue hosts new VMCA certificates. */
export function certificateRequest(action: typeof ACTIONS[number], hosts: MoRef[]) {
  return action === "refresh_ca"
    ? { method: "CertMgrRefreshCACertificatesAndCRLs_Task", args: { host: hosts } }
    : { method: "CertMgrRefreshCertificates_Task", args: { host: hosts } };
}

export const hostCertificate = defineTool({
  name: "host_certificate",
  toolset: "host_config",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.host_certificate_action")),
    hosts: z.array(z.string().min(1).max(300)).min(1).max(100).describe(t("param.host_certificate_hosts")),
    wait_seconds: z.number().int().min(0).max(3600).default(300).describe(t("param.wait_seconds")),
  }),
  output: { hosts: z.array(z.string()), message: z.string(), task: z.string(), task_state: z.string() },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  // Renewing replaces each host's certificate: clients pinned to the old one (thumbprints) stop trusting it.
  tier: "high",
  privileges: ["Certificate.Manage"],
  aliases: ["refresh_host_ca_certificates"],
  async handler(args, ctx) {
    const hosts = await resolveAnyEntities(ctx.vsphere, args.hosts, ["HostSystem"], ctx.signal);
    const manager = await serviceManager(ctx.vsphere, "certificateManager");
    const request = certificateRequest(args.action, hosts.map((h) => h.ref));
    const names = hosts.map((h) => sanitizeText(h.name));
    return await ctx.mutate({
      targets: hosts.map((h) => ({ ref: h.ref, name: sanitizeText(h.name) })),
      summary: ctx.t(`host_certificate.summary_${args.action}`, { hosts: names.join(", ") }),
      method: `CertificateManager.${request.method}`,
      args: { hosts: hosts.map((h) => h.ref.value) },
    }, async () => {
      const task = await runTask(ctx, request.method, manager, request.args, args.wait_seconds);
      return {
        hosts: names,
        message: ctx.t(task.state === "success" ? "host_certificate.done" : "host.task_pending", {
          name: names.join(", "),
        }),
        task: task.task,
        task_state: task.state,
      };
    });
  },
});
