import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { TrustAuthorityManager, type TrustedService } from "../../vsphere/rest/trust_authority.ts";
import { errorText } from "../appliance/shared.ts";
import { clusterNames } from "./shared.ts";

const serviceOut = z.object({
  service: z.string(),
  address: z.string(),
  group: z.string(),
  trust_authority_cluster: z.string(),
});

export const vcenterTrustAuthority = defineTool({
  name: "vcenter_trust_authority",
  toolset: "vcenter",
  input: () => ({}),
  output: {
    clusters: z.array(z.object({ cluster: z.string(), name: z.string(), state: z.string() })),
    attestation_services: z.array(serviceOut),
    key_provider_services: z.array(serviceOut),
    unavailable: z.array(z.object({ part: z.string(), error: z.string() })),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["TrustedAdmin.ReadTrustedHosts"],
  aliases: ["get_trust_authority_clusters", "get_trust_authority_attestation_services"],
  async handler(_args, ctx) {
    const ta = new TrustAuthorityManager(ctx.vsphere.rest);
    const unavailable: { part: string; error: string }[] = [];
    const read = async <T>(part: string, fn: () => Promise<T[]>): Promise<T[]> => {
      try {
        return await fn();
      } catch (error) {
        unavailable.push({ part, error: errorText(error) });
        return [];
      }
    };
    const [clusters, attestation, kms] = await Promise.all([
      read("clusters", () => ta.clusters()),
      read("attestation_services", () => ta.attestationServices()),
      read("key_provider_services", () => ta.kmsServices()),
    ]);
    const names = await clusterNames(ctx, clusters.map((c) => c.cluster));
    const service = (s: TrustedService) => ({
      service: sanitizeText(s.service),
      address: sanitizeText(`${s.address.hostname}:${s.address.port ?? 443}`),
      group: sanitizeText(s.group),
      trust_authority_cluster: sanitizeText(s.trust_authority_cluster),
    });
    return {
      clusters: clusters.map((c) => ({
        cluster: sanitizeText(c.cluster),
        name: names.get(c.cluster) ?? sanitizeText(c.cluster),
        state: c.state,
      })),
      attestation_services: attestation.map(service),
      key_provider_services: kms.map(service),
      unavailable,
    };
  },
});
