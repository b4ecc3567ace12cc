/**
 * Smaller vCenter REST services read by `vcenter_ext_info`: embedded Harbor registries
 * (`vcenter.content.registries`), Hybrid Linked Mode links (`hvc.links`) and a datastore's default storage
 * policy (`vcenter.datastore.default_policy`). The contract test checks each request against VMware's
 * OpenAPI (7.0.3 vcenter.json, 8.0.2 hvc.json).
 */
import { type RestClient, seg } from "./client.ts";
import { entries } from "./appliance.ts";

export const COMPLIANCE_STATUSES = [
  "COMPLIANT",
  "NON_COMPLIANT",
  "UNKNOWN",
  "NOT_APPLICABLE",
  "OUT_OF_DATE",
] as const;
export type ComplianceStatus = typeof COMPLIANCE_STATUSES[number];

export interface VmPolicyCompliance {
  vm: string;
  vm_home?: ComplianceStatus;
  disks: [string, ComplianceStatus][];
}

export interface HarborRegistry {
  cluster?: string;
  registry: string;
  version: string;
  ui_access_url: string;
}

export interface HvcLink {
  link: string;
  display_name: string;
}

export class VcenterExtManager {
  constructor(private readonly rest: RestClient) {}

  async harborRegistries(): Promise<HarborRegistry[]> {
    return (await this.rest.call<HarborRegistry[] | null>({
      api: { method: "GET", path: "/api/vcenter/content/registries/harbor" },
      rest: { method: "GET", path: "/rest/vcenter/content/registries/harbor" },
    })) ?? [];
  }

  async hvcLinks(): Promise<HvcLink[]> {
    return (await this.rest.call<HvcLink[] | null>({
      api: { method: "GET", path: "/api/hvc/links" },
      rest: { method: "GET", path: "/rest/hvc/links" },
    })) ?? [];
  }

  /** VMs whose home or disks have one of `statuses` against their storage policies. */
  async policyCompliance(statuses: readonly ComplianceStatus[]): Promise<VmPolicyCompliance[]> {
    type Raw = { vm: string; vm_home?: ComplianceStatus; disks?: Record<string, ComplianceStatus> };
    const list = await this.rest.call<Raw[] | null>({
      api: {
        method: "GET",
        path: "/api/vcenter/storage/policies/entities/compliance",
        query: { status: statuses },
      },
      rest: {
        method: "GET",
        path: "/rest/vcenter/storage/policies/entities/compliance",
        query: { "filter.status": statuses },
      },
    });
    return (list ?? []).map((c) => ({
      vm: c.vm,
      ...(c.vm_home ? { vm_home: c.vm_home } : {}),
      disks: entries(c.disks),
    }));
  }

  /** The default storage policy id of a datastore, or null when it has none. */
  async datastoreDefaultPolicy(datastore: string): Promise<string | null> {
    return (await this.rest.call<string | null>({
      api: { method: "GET", path: `/api/vcenter/datastore/${seg(datastore)}/default-policy` },
      rest: { method: "GET", path: `/rest/vcenter/datastore/${seg(datastore)}/default-policy` },
    })) ?? null;
  }
}
