/**
 * vSphere Trust Authority (`vcenter.trusted_infrastructure`): Trust Authority clusters and the attestation
 * and key provider services they registered. `/api` only (vCenter 7.0+), so both flavours send the `/api`
 * path; the contract test checks each request against VMware's OpenAPI (7.0.3 vcenter.json).
 */
import type { RestClient, RestRequest } from "./client.ts";

export interface TrustAuthorityCluster {
  cluster: string;
  state: "ENABLE" | "DISABLE";
}

export interface TrustedService {
  service: string;
  address: { hostname: string; port?: number };
  group: string;
  trust_authority_cluster: string;
}

const BASE = "/api/vcenter/trusted-infrastructure";

function both(request: RestRequest) {
  return { api: request, rest: request };
}

export class TrustAuthorityManager {
  constructor(private readonly rest: RestClient) {}

  async clusters(): Promise<TrustAuthorityCluster[]> {
    return (await this.rest.call<TrustAuthorityCluster[] | null>(
      both({ method: "GET", path: `${BASE}/trust-authority-clusters` }),
    )) ?? [];
  }

  /** Every attestation service (an empty filter matches all). */
  async attestationServices(): Promise<TrustedService[]> {
    return (await this.rest.call<TrustedService[] | null>(
      both({ method: "POST", path: `${BASE}/attestation/services`, query: { action: "query" }, body: {} }),
    )) ?? [];
  }

  /** Every key provider service (an empty filter matches all). */
  async kmsServices(): Promise<TrustedService[]> {
    return (await this.rest.call<TrustedService[] | null>(
      both({ method: "POST", path: `${BASE}/kms/services`, query: { action: "query" }, body: {} }),
    )) ?? [];
  }
}
