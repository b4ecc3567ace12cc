/**
 * vCenter compute policies (vSphere Automation `vcenter/compute/policies`, vCenter 7.0U2+ `/api` only): tag-based
 * VM-host and VM-VM (anti-)affinity and "disable DRS vMotion" rules that DRS enforces. The create body is the
 * capability's CreateSpec (`capability`, `name`, `description`, `vm_tag`, `host_tag`), which VMware's OpenAPI
 * leaves untyped; the paths and verbs are checked against it.
 */
import { type RestOperation, seg } from "../../vsphere/rest/client.ts";

const BASE = "/api/vcenter/compute/policies";
const PREFIX = "com.vmware.vcenter.compute.policies.capabilities.";

export const CAPABILITIES = [
  "vm_host_affinity",
  "vm_host_anti_affinity",
  "vm_vm_affinity",
  "vm_vm_anti_affinity",
  "disable_drs_vmotion",
] as const;
export type Capability = typeof CAPABILITIES[number];

/** Whether the capability pairs VMs with hosts (needs host_tag). */
export function needsHostTag(c: Capability): boolean {
  return c === "vm_host_affinity" || c === "vm_host_anti_affinity";
}

function both(op: RestOperation["api"]): RestOperation {
  // Compute policies exist only under /api (vCenter 7.0U2 and later); a /rest-only vCenter answers 404.
  return { api: op, rest: op };
}

export const computePolicyOps = {
  list: (): RestOperation => both({ method: "GET", path: BASE }),
  get: (id: string): RestOperation => both({ method: "GET", path: `${BASE}/${seg(id)}` }),
  capabilities: (): RestOperation => both({ method: "GET", path: `${BASE}/capabilities` }),
  create: (spec: {
    capability: Capability;
    name: string;
    description: string;
    vmTag: string;
    hostTag?: string | undefined;
  }): RestOperation =>
    both({
      method: "POST",
      path: BASE,
      body: {
        capability: `${PREFIX}${spec.capability}`,
        name: spec.name,
        description: spec.description,
        vm_tag: spec.vmTag,
        ...(spec.hostTag ? { host_tag: spec.hostTag } : {}),
      },
    }),
  delete: (id: string): RestOperation => both({ method: "DELETE", path: `${BASE}/${seg(id)}` }),
};

export function shortCapability(id: string): string {
  return id.startsWith(PREFIX) ? id.slice(PREFIX.length) : id;
}
