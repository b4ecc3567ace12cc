/** PEM parsing for certificate tools (node:crypto's X509Certificate, built into Deno). */
import { X509Certificate } from "node:crypto";
import { z } from "zod";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";

export const certOut = z.object({
  subject: z.string(),
  issuer: z.string(),
  valid_from: z.string(),
  valid_to: z.string(),
  days_left: z.number().int(),
  status: z.enum(["ok", "expiring", "expired"]),
  sha256: z.string(),
  is_ca: z.boolean(),
});
export type CertOut = z.infer<typeof certOut>;

const DAY_MS = 86_400_000;

export function expiryStatus(validTo: Date, warnDays: number, now = Date.now()) {
  const daysLeft = Math.floor((validTo.getTime() - now) / DAY_MS);
  const status = daysLeft < 0
    ? "expired" as const
    : daysLeft < warnDays
    ? "expiring" as const
    : "ok" as const;
  return { days_left: daysLeft, status };
}

/** Splits concatenated PEM text into its certificate blocks. */
export function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** One PEM certificate described; a block that does not parse is an input error naming its position. */
export function describePem(pem: string, warnDays: number, index = 0): CertOut {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw new ToolInputError("certificate.bad_pem", { index: index + 1 }, "hints.input");
  }
  const validTo = new Date(cert.validTo);
  return {
    subject: sanitizeText(cert.subject.replaceAll("\n", ", ")),
    issuer: sanitizeText(cert.issuer.replaceAll("\n", ", ")),
    valid_from: new Date(cert.validFrom).toISOString(),
    valid_to: validTo.toISOString(),
    ...expiryStatus(validTo, warnDays),
    sha256: cert.fingerprint256,
    is_ca: cert.ca,
  };
}
