import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { CertificateManager } from "../../vsphere/rest/certificates.ts";
import { mapBounded } from "../shared/bounded.ts";
import { applianceRef } from "../appliance/shared.ts";
import { describePem, splitPem } from "./certs.ts";
import { notFoundByName } from "../shared/lookup.ts";

const ACTIONS = ["add", "remove"] as const;

export const vcenterTrustedRoot = defineTool({
  name: "vcenter_trusted_root",
  toolset: "vcenter",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.vcenter_trusted_root_action")),
    pem: z.string().min(1).max(65536).optional().describe(t("param.vcenter_trusted_root_pem")),
    chain: z.string().min(1).max(256).optional().describe(t("param.vcenter_trusted_root_chain")),
  }),
  output: {
    action: z.enum(ACTIONS),
    changed: z.boolean(),
    chain: z.string(),
    subjects: z.array(z.string()),
    trusted_chains: z.number().int(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // What vCenter trusts decides which hosts, identity sources and solutions it accepts.
  tier: "critical",
  privileges: ["CertificateManagement.Manage", "CertificateManagement.Administer"],
  aliases: ["add_trusted_root_certificate", "remove_trusted_root_certificate"],
  async handler(args, ctx) {
    const certs = new CertificateManager(ctx.vsphere.rest);
    const ids = await certs.listTrustedRoots();
    if (args.action === "add") {
      if (!args.pem) throw new ToolInputError("vcenter_trusted_root.pem_required", {}, "hints.input");
      const pems = splitPem(args.pem);
      if (pems.length === 0) throw new ToolInputError("certificate.bad_pem", { index: 1 }, "hints.input");
      const described = pems.map((pem, i) => describePem(pem, 30, i));
      // Already trusted: a chain whose first certificate has the same fingerprint.
      const existing = await mapBounded(ids, async (id) => ({
        id,
        first: (await certs.getTrustedRoot(id)).slice(0, 1).map((pem) => describePem(pem, 30).sha256)[0],
      }));
      const same = existing.find((e) => e.first === described[0]!.sha256);
      if (same) {
        return {
          action: args.action,
          changed: false,
          chain: sanitizeText(same.id),
          subjects: described.map((d) => d.subject),
          trusted_chains: ids.length,
          message: ctx.t("vcenter_trusted_root.already", { chain: sanitizeText(same.id) }),
        };
      }
      return await ctx.mutate({
        targets: [{
          ref: applianceRef("vcenter.certificate_management.vcenter.TrustedRootChains", "new"),
          name: described[0]!.subject,
          state: { certificates: described, trusted_chains: ids.length },
        }],
        summary: ctx.t("vcenter_trusted_root.summary_add", {
          subject: described[0]!.subject,
          count: described.length,
          valid_to: described[0]!.valid_to,
        }),
        method: "vcenter.certificate_management.vcenter.TrustedRootChains.create",
      }, async () => {
        const chain = await certs.addTrustedRoot(pems);
        const after = await certs.listTrustedRoots();
        return {
          action: args.action,
          changed: after.includes(chain),
          chain: sanitizeText(chain),
          subjects: described.map((d) => d.subject),
          trusted_chains: after.length,
          message: ctx.t("vcenter_trusted_root.added", { chain: sanitizeText(chain) }),
        };
      });
    }
    if (!args.chain) throw new ToolInputError("vcenter_trusted_root.chain_required", {}, "hints.input");
    const chain = args.chain;
    if (!ids.includes(chain)) {
      notFoundByName("trusted root chain", sanitizeText(chain));
    }
    const described = (await certs.getTrustedRoot(chain)).map((pem, i) => describePem(pem, 30, i));
    return await ctx.mutate({
      targets: [{
        ref: applianceRef("vcenter.certificate_management.vcenter.TrustedRootChains", chain),
        name: described[0]?.subject ?? sanitizeText(chain),
        state: { certificates: described },
      }],
      summary: ctx.t("vcenter_trusted_root.summary_remove", {
        chain: sanitizeText(chain),
        subject: described[0]?.subject ?? "-",
      }),
      method: "vcenter.certificate_management.vcenter.TrustedRootChains.delete",
    }, async () => {
      await certs.removeTrustedRoot(chain);
      const after = await certs.listTrustedRoots();
      return {
        action: args.action,
        changed: !after.includes(chain),
        chain: sanitizeText(chain),
        subjects: described.map((d) => d.subject),
        trusted_chains: after.length,
        message: ctx.t("vcenter_trusted_root.removed", { chain: sanitizeText(chain) }),
      };
    });
  },
});
