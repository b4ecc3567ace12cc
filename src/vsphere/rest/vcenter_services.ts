/**
 * vCenter's own services (vMon, `vcenter.services`) and its deployment type (`vcenter.system_config`).
 * Both flavours are declared; the contract test checks each against VMware's OpenAPI (7.0.3 vcenter.json).
 */
import { type RestClient, seg } from "./client.ts";
import { entries, type LocalizableMessage } from "./appliance.ts";

export type ServiceState = "STARTING" | "STOPPING" | "STARTED" | "STOPPED";

export interface ServiceInfo {
  name_key: string;
  description_key: string;
  startup_type: "MANUAL" | "AUTOMATIC" | "DISABLED";
  state: ServiceState;
  health?: "DEGRADED" | "HEALTHY" | "HEALTHY_WITH_WARNINGS";
  health_messages?: LocalizableMessage[];
}

export type ServiceAction = "start" | "stop" | "restart";

const API = "/api/vcenter";
const REST = "/rest/vcenter";

export class VcenterServicesManager {
  constructor(private readonly rest: RestClient) {}

  async list(): Promise<[string, ServiceInfo][]> {
    return entries(
      await this.rest.call<Record<string, ServiceInfo>>({
        api: { method: "GET", path: `${API}/services` },
        rest: { method: "GET", path: `${REST}/services` },
      }),
    );
  }

  async get(service: string): Promise<ServiceInfo> {
    return await this.rest.call<ServiceInfo>({
      api: { method: "GET", path: `${API}/services/${seg(service)}` },
      rest: { method: "GET", path: `${REST}/services/${seg(service)}` },
    });
  }

  async act(service: string, action: ServiceAction): Promise<void> {
    await this.rest.call({
      api: { method: "POST", path: `${API}/services/${seg(service)}`, query: { action } },
      rest: { method: "POST", path: `${REST}/services/${seg(service)}/${action}` },
    });
  }

  async deploymentType(): Promise<string> {
    const info = await this.rest.call<{ type: string }>({
      api: { method: "GET", path: `${API}/system-config/deployment-type` },
      rest: { method: "GET", path: `${REST}/system-config/deployment-type` },
    });
    return info?.type ?? "";
  }
}
