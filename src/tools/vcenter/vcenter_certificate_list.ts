import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { CertificateManager } from "../../vsphere/rest/certificates.ts";
import { mapBounded } from "../shared/bounded.ts";
import { errorText } from "../appliance/shared.ts";
import { certOut, describePem, expiryStatus } from "./certs.ts";

const KINDS = ["all", "tls", "trusted_roots"] as const;

export const vcenterCertificateList = defineTool({
  name: "vcenter_certificate_list",
  toolset: "vcenter",
  input: (t) => ({
    kind: z.enum(KINDS).default("all").describe(t("param.vcenter_certificate_list_kind")),
    warn_days: z.number().int().min(1).max(3650).default(30).describe(
      t("param.vcenter_certificate_list_warn_days"),
    ),
  }),
  output: {
    tls: z.object({
      subject: z.string(),
      issuer: z.string(),
      serial_number: z.string(),
      signature_algorithm: z.string(),
      valid_from: z.string(),
      valid_to: z.string(),
      days_left: z.number().int(),
      status: z.enum(["ok", "expiring", "expired"]),
      thumbprint: z.string(),
      subject_alternative_names: z.array(z.string()),
    }).optional(),
    trusted_roots: z.array(z.object({ chain: z.string(), certificates: z.array(certOut) })).optional(),
    attention: z.array(z.string()).describe("Certificates expiring within warn_days or expired"),
    unavailable: z.array(z.object({ kind: z.string(), error: z.string() })),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: ["get_vcenter_tls_certificate", "list_trusted_root_certificates", "get_certificate_expiry_status"],
  async handler(args, ctx) {
    const certs = new CertificateManager(ctx.vsphere.rest);
    const unavailable: { kind: string; error: string }[] = [];
    const attention: string[] = [];
    const s = sanitizeText;
    let tls;
    if (args.kind !== "trusted_roots") {
      try {
        const info = await certs.tls();
        const expiry = expiryStatus(new Date(info.valid_to), args.warn_days);
        tls = {
          subject: s(info.subject_dn),
          issuer: s(info.issuer_dn),
          serial_number: s(info.serial_number),
          signature_algorithm: s(info.signature_algorithm),
          valid_from: info.valid_from,
          valid_to: info.valid_to,
          ...expiry,
          thumbprint: s(info.thumbprint),
          subject_alternative_names: (info.subject_alternative_name ?? []).map((n) => s(n)),
        };
        if (expiry.status !== "ok") {
          attention.push(`tls: ${tls.subject} (${expiry.status}, ${expiry.days_left} d)`);
        }
      } catch (error) {
        unavailable.push({ kind: "tls", error: errorText(error) });
      }
    }
    let trusted;
    if (args.kind !== "tls") {
      try {
        const ids = await certs.listTrustedRoots();
        trusted = await mapBounded(ids, async (chain) => ({
          chain: s(chain),
          certificates: (await certs.getTrustedRoot(chain)).map((pem, i) =>
            describePem(pem, args.warn_days, i)
          ),
        }));
        for (const root of trusted) {
          for (const c of root.certificates) {
            if (c.status !== "ok") {
              attention.push(`${root.chain}: ${c.subject} (${c.status}, ${c.days_left} d)`);
            }
          }
        }
      } catch (error) {
        unavailable.push({ kind: "trusted_roots", error: errorText(error) });
      }
    }
    return {
      ...(tls ? { tls } : {}),
      ...(trusted ? { trusted_roots: trusted } : {}),
      attention,
      unavailable,
    };
  },
});
