/**
 * vSphere with Tanzu: Supervisor clusters (`vcenter.namespace_management.clusters`) and vSphere Namespaces
 * (`vcenter.namespaces.instances`). These services exist only under `/api` — vCenter 7.0 served them there
 * before the rest of the API moved — so both flavours send the `/api` path. The contract test checks each
 * request against VMware's OpenAPI (7.0.3 vcenter.json); vcsim's namespace simulator serves the cluster list.
 */
import { type RestClient, type RestRequest, seg } from "./client.ts";
import type { LocalizableMessage } from "./appliance.ts";

export interface SupervisorSummary {
  cluster: string;
  cluster_name?: string;
  config_status: string;
  kubernetes_status: string;
  stats?: {
    cpu_used: number;
    cpu_capacity: number;
    memory_used: number;
    memory_capacity: number;
    storage_used: number;
    storage_capacity: number;
  };
}

export interface NamespaceStats {
  cpu_used: number;
  memory_used: number;
  storage_used: number;
}

export interface NamespaceSummary {
  cluster: string;
  namespace: string;
  description: string;
  config_status: "CONFIGURING" | "REMOVING" | "RUNNING" | "ERROR";
  stats: NamespaceStats;
  self_service_namespace?: boolean;
}

export interface NamespaceAccess {
  subject_type: "USER" | "GROUP";
  subject: string;
  domain: string;
  role: "OWNER" | "EDIT" | "VIEW";
}

export interface StorageSpec {
  policy: string;
  /** MiB; absent: unlimited. */
  limit?: number;
}

export interface NamespaceInfo {
  cluster: string;
  config_status: NamespaceSummary["config_status"];
  messages: { severity: "INFO" | "WARNING" | "ERROR"; details?: LocalizableMessage }[];
  stats: NamespaceStats;
  description: string;
  access_list: NamespaceAccess[];
  storage_specs: StorageSpec[];
  networks?: string[];
  vm_service_spec?: { content_libraries?: string[]; vm_classes?: string[] };
}

export interface NamespaceCreate {
  cluster: string;
  namespace: string;
  description?: string;
  access_list?: NamespaceAccess[];
  storage_specs?: StorageSpec[];
  vm_service_spec?: { content_libraries?: string[]; vm_classes?: string[] };
}

export type NamespaceUpdate = Omit<NamespaceCreate, "cluster" | "namespace">;

const NS = "/api/vcenter/namespaces/instances";
const WCP = "/api/vcenter/namespace-management/clusters";

function both(request: RestRequest) {
  return { api: request, rest: request };
}

export class NamespaceManager {
  constructor(private readonly rest: RestClient) {}

  async listSupervisors(): Promise<SupervisorSummary[]> {
    return (await this.rest.call<SupervisorSummary[] | null>(both({ method: "GET", path: WCP }))) ?? [];
  }

  async list(): Promise<NamespaceSummary[]> {
    return (await this.rest.call<NamespaceSummary[] | null>(both({ method: "GET", path: NS }))) ?? [];
  }

  async get(namespace: string): Promise<NamespaceInfo> {
    return await this.rest.call<NamespaceInfo>(both({ method: "GET", path: `${NS}/${seg(namespace)}` }));
  }

  async create(spec: NamespaceCreate): Promise<void> {
    await this.rest.call(both({ method: "POST", path: NS, body: spec }));
  }

  async update(namespace: string, spec: NamespaceUpdate): Promise<void> {
    await this.rest.call(both({ method: "PATCH", path: `${NS}/${seg(namespace)}`, body: spec }));
  }

  async delete(namespace: string): Promise<void> {
    await this.rest.call(both({ method: "DELETE", path: `${NS}/${seg(namespace)}` }));
  }
}
