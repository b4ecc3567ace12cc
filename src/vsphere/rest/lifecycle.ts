/**
 * vSphere Lifecycle Manager images (`esx.settings`): a cluster's desired software image, its compliance,
 * the depot's base images, and remediation (apply/scan run as vAPI tasks, polled through `cis.tasks`).
 * `esx.settings` exists only under `/api` (vCenter 7.0+), so both flavours send the `/api` path. The
 * contract test checks each request against VMware's OpenAPI (8.0.2 esx.json and cis.json).
 */
import { type RestClient, type RestRequest, seg } from "./client.ts";
import type { LocalizableMessage } from "./appliance.ts";

export interface BaseImageInfo {
  version: string;
  details?: { display_name: string; display_version: string; release_date: string };
}

export interface AddOnInfo {
  name: string;
  version: string;
  details?: { display_name: string; vendor: string; display_version: string };
}

export interface SoftwareInfo {
  base_image: BaseImageInfo;
  add_on?: AddOnInfo;
  components: Record<string, { version?: string; details?: { display_name: string; vendor: string } }>;
  solutions: Record<string, { version: string }>;
  hardware_support?: { packages: Record<string, { pkg: string; version: string }> };
}

export type ComplianceStatus = "COMPLIANT" | "NON_COMPLIANT" | "INCOMPATIBLE" | "UNAVAILABLE";

export interface Notification {
  type?: "INFO" | "WARNING" | "ERROR";
  time: string;
  message: LocalizableMessage;
  resolution?: LocalizableMessage;
}

export interface Notifications {
  info?: Notification[];
  warnings?: Notification[];
  errors?: Notification[];
}

export interface HostCompliance {
  impact: string;
  status: ComplianceStatus;
  stage_status?: string;
  notifications: Notifications;
  scan_time: string;
  base_image: { status: ComplianceStatus; current: BaseImageInfo; target: BaseImageInfo };
}

export interface ClusterCompliance {
  impact: string;
  status: ComplianceStatus;
  stage_status?: string;
  notifications: Notifications;
  scan_time: string;
  commit?: string;
  compliant_hosts: string[];
  non_compliant_hosts: string[];
  incompatible_hosts: string[];
  unavailable_hosts: string[];
  hosts: Record<string, HostCompliance>;
  host_info: Record<string, { name: string }>;
}

export interface BaseImageSummary {
  display_name: string;
  version: string;
  display_version: string;
  summary: string;
  category: string;
  kb: string;
  release_date: string;
}

export interface ApplySpec {
  commit?: string;
  hosts?: string[];
  accept_eula?: boolean;
}

export interface TaskInfo {
  status: "PENDING" | "RUNNING" | "BLOCKED" | "SUCCEEDED" | "FAILED";
  description: LocalizableMessage;
  service: string;
  operation: string;
  progress?: { total: number; completed: number; message: LocalizableMessage };
  error?: unknown;
  start_time?: string;
  end_time?: string;
  user?: string;
}

const ESX = "/api/esx/settings";

function both(request: RestRequest) {
  return { api: request, rest: request };
}

export class LifecycleManager {
  constructor(private readonly rest: RestClient) {}

  async software(cluster: string): Promise<SoftwareInfo> {
    return await this.rest.call<SoftwareInfo>(
      both({ method: "GET", path: `${ESX}/clusters/${seg(cluster)}/software` }),
    );
  }

  async compliance(cluster: string): Promise<ClusterCompliance> {
    return await this.rest.call<ClusterCompliance>(
      both({ method: "GET", path: `${ESX}/clusters/${seg(cluster)}/software/compliance` }),
    );
  }

  async baseImages(): Promise<BaseImageSummary[]> {
    return (await this.rest.call<BaseImageSummary[] | null>(
      both({ method: "GET", path: `${ESX}/depot-content/base-images` }),
    )) ?? [];
  }

  /** Starts remediation of the cluster (or some of its hosts) to its image; returns the vAPI task id. */
  async apply(cluster: string, spec: ApplySpec): Promise<string> {
    return await this.rest.call<string>(both({
      method: "POST",
      path: `${ESX}/clusters/${seg(cluster)}/software`,
      query: { action: "apply", "vmw-task": "true" },
      body: spec,
    }));
  }

  /** Starts staging the image's payloads on the cluster's hosts (no reboot); returns the vAPI task id. */
  async stage(cluster: string, spec: { commit?: string; hosts?: string[] }): Promise<string> {
    return await this.rest.call<string>(both({
      method: "POST",
      path: `${ESX}/clusters/${seg(cluster)}/software`,
      query: { action: "stage", "vmw-task": "true" },
      body: spec,
    }));
  }

  /** Starts a compliance scan of the cluster against its image; returns the vAPI task id. */
  async scan(cluster: string): Promise<string> {
    return await this.rest.call<string>(both({
      method: "POST",
      path: `${ESX}/clusters/${seg(cluster)}/software`,
      query: { action: "scan", "vmw-task": "true" },
    }));
  }

  async task(id: string): Promise<TaskInfo> {
    return await this.rest.call<TaskInfo>(both({ method: "GET", path: `/api/cis/tasks/${seg(id)}` }));
  }
}
