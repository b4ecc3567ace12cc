import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { CertificateManager, type CsrSpec } from "../../vsphere/rest/certificates.ts";
import { applianceRef } from "../appliance/shared.ts";
import { describePem, splitPem } from "./certs.ts";

const ACTIONS = ["csr", "renew", "replace"] as const;

export const vcenterTlsCertificate = defineTool({
  name: "vcenter_tls_certificate",
  toolset: "vcenter",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.vcenter_tls_certificate_action")),
    common_name: z.string().min(1).max(255).optional().describe(
      t("param.vcenter_tls_certificate_common_name"),
    ),
    organization: z.string().min(1).max(255).optional().describe(
      t("param.vcenter_tls_certificate_organization"),
    ),
    organization_unit: z.string().min(1).max(255).optional().describe(t("param.vcenter_tls_certificate_ou")),
    locality: z.string().min(1).max(255).optional().describe(t("param.vcenter_tls_certificate_locality")),
    state_or_province: z.string().min(1).max(255).optional().describe(
      t("param.vcenter_tls_certificate_state"),
    ),
    country: z.string().length(2).optional().describe(t("param.vcenter_tls_certificate_country")),
    email_address: z.string().min(3).max(255).optional().describe(t("param.vcenter_tls_certificate_email")),
    subject_alt_names: z.array(z.string().min(1).max(255)).max(32).optional().describe(
      t("param.vcenter_tls_certificate_sans"),
    ),
    key_size: z.union([z.literal(2048), z.literal(3072), z.literal(4096)]).optional().describe(
      t("param.vcenter_tls_certificate_key_size"),
    ),
    duration_days: z.number().int().min(1).max(3650).optional().describe(
      t("param.vcenter_tls_certificate_duration"),
    ),
    cert: z.string().min(1).max(65536).optional().describe(t("param.vcenter_tls_certificate_cert")),
    private_key: z.string().min(1).max(65536).optional().describe(
      t("param.vcenter_tls_certificate_private_key"),
    ),
    root_cert: z.string().min(1).max(65536).optional().describe(t("param.vcenter_tls_certificate_root_cert")),
  }),
  output: {
    action: z.enum(ACTIONS),
    csr: z.string().optional(),
    subject: z.string(),
    valid_to: z.string(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Renewing replaces the certificate every client and solution of vCenter sees.
  tier: "critical",
  privileges: ["CertificateManagement.Manage", "CertificateManagement.Administer"],
  aliases: ["get_vcenter_tls_csr", "renew_vcenter_tls_certificate", "replace_vcenter_tls_certificate"],
  async handler(args, ctx) {
    const certs = new CertificateManager(ctx.vsphere.rest);
    const current = await certs.tls();
    const subject = sanitizeText(current.subject_dn);
    const target = {
      ref: applianceRef("vcenter.certificate_management.vcenter.Tls", "machine"),
      name: subject,
      state: {
        issuer: sanitizeText(current.issuer_dn),
        valid_to: current.valid_to,
        thumbprint: sanitizeText(current.thumbprint),
      },
    };
    if (args.action === "csr") {
      const missing = ([
        "organization",
        "organization_unit",
        "locality",
        "state_or_province",
        "country",
        "email_address",
      ] as const)
        .filter((k) => args[k] === undefined);
      if (missing.length) {
        throw new ToolInputError(
          "vcenter_tls_certificate.csr_fields",
          { fields: missing.join(", ") },
          "hints.input",
        );
      }
      const spec: CsrSpec = {
        ...(args.key_size ? { key_size: args.key_size } : {}),
        ...(args.common_name ? { common_name: args.common_name } : {}),
        organization: args.organization!,
        organization_unit: args.organization_unit!,
        locality: args.locality!,
        state_or_province: args.state_or_province!,
        country: args.country!,
        email_address: args.email_address!,
        ...(args.subject_alt_names ? { subject_alt_name: args.subject_alt_names } : {}),
      };
      return await ctx.mutate({
        targets: [target],
        summary: ctx.t("vcenter_tls_certificate.summary_csr", { cn: sanitizeText(args.common_name ?? "-") }),
        method: "vcenter.certificate_management.vcenter.TlsCsr.create",
        args: { ...spec },
      }, async () => {
        const csr = await certs.createCsr(spec);
        return {
          action: args.action,
          csr: csr.replace(/[^\x20-\x7e\n]/g, ""),
          subject,
          valid_to: current.valid_to,
          message: ctx.t("vcenter_tls_certificate.csr_done"),
        };
      });
    }
    if (args.action === "replace") {
      if (!args.cert) throw new ToolInputError("vcenter_tls_certificate.cert_required", {}, "hints.input");
      const [pem] = splitPem(args.cert);
      if (!pem) throw new ToolInputError("certificate.bad_pem", { index: 1 }, "hints.input");
      const next = describePem(pem, 30);
      const root = args.root_cert ? splitPem(args.root_cert).map((p, i) => describePem(p, 30, i)) : [];
      // The private key never reaches the preview, the audit log or the result.
      return await ctx.mutate({
        targets: [{
          ...target,
          state: { ...target.state, new_certificate: next, new_root: root[0] ?? null },
        }],
        summary: ctx.t("vcenter_tls_certificate.summary_replace", {
          subject,
          new_subject: next.subject,
          issuer: next.issuer,
          valid_to: next.valid_to,
        }),
        method: "vcenter.certificate_management.vcenter.Tls.set",
        args: { with_private_key: args.private_key !== undefined, with_root_cert: root.length > 0 },
      }, async () => {
        await certs.replaceTls({
          cert: pem,
          ...(args.private_key ? { key: args.private_key } : {}),
          ...(args.root_cert ? { root_cert: args.root_cert } : {}),
        });
        const after = await certs.tls();
        return {
          action: args.action,
          subject: sanitizeText(after.subject_dn),
          valid_to: after.valid_to,
          message: ctx.t("vcenter_tls_certificate.replaced", { thumbprint: sanitizeText(after.thumbprint) }),
        };
      });
    }
    return await ctx.mutate({
      targets: [target],
      summary: ctx.t("vcenter_tls_certificate.summary_renew", {
        subject,
        valid_to: current.valid_to,
        days: args.duration_days ?? "-",
      }),
      method: "vcenter.certificate_management.vcenter.Tls.renew",
      ...(args.duration_days ? { args: { duration: args.duration_days } } : {}),
    }, async () => {
      await certs.renewTls(args.duration_days);
      const after = await certs.tls();
      return {
        action: args.action,
        subject: sanitizeText(after.subject_dn),
        valid_to: after.valid_to,
        message: ctx.t("vcenter_tls_certificate.renewed", { valid_to: after.valid_to }),
      };
    });
  },
});
