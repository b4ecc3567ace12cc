/**
 * Content libraries (content.*) and the vcenter services that move VMs in and out of them (vcenter.ovf,
 * vcenter.vm_template). Both wire flavours per operation; the contract test checks each against VMware's
 * OpenAPI (8.0.2 content.json, 7.0.3 vcenter.json).
 */
import { type RestClient, seg } from "./client.ts";

export type LibraryType = "LOCAL" | "SUBSCRIBED";

export interface StorageBacking {
  type: "DATASTORE" | "OTHER";
  datastore_id?: string;
  storage_uri?: string;
}

export interface SubscriptionInfo {
  subscription_url: string;
  authentication_method: "BASIC" | "NONE";
  automatic_sync_enabled: boolean;
  on_demand: boolean;
  user_name?: string;
  password?: string;
  ssl_thumbprint?: string;
}

export interface Library {
  id: string;
  name: string;
  description?: string;
  type: LibraryType;
  storage_backings?: StorageBacking[];
  creation_time?: string;
  last_modified_time?: string;
  last_sync_time?: string;
  version?: string;
  publish_info?: { published?: boolean; publish_url?: string };
  subscription_info?: Partial<SubscriptionInfo>;
}

export interface LibraryItem {
  id: string;
  library_id: string;
  name: string;
  type?: string;
  description?: string;
  size?: number;
  cached?: boolean;
  creation_time?: string;
  last_modified_time?: string;
  last_sync_time?: string;
  content_version?: string;
}

export interface LocalLibraryCreate {
  name: string;
  description?: string;
  storage_backings: StorageBacking[];
  publish_info?: { published: boolean; authentication_method: "BASIC" | "NONE" };
}

export interface SubscribedLibraryCreate {
  name: string;
  description?: string;
  storage_backings: StorageBacking[];
  subscription_info: SubscriptionInfo;
}

export interface LibraryUpdate {
  name?: string;
  description?: string;
}

export interface OvfDeploy {
  /** MoRef ids: resource pool (required), host and VM folder (optional). */
  target: { resource_pool_id: string; host_id?: string; folder_id?: string };
  deployment_spec: {
    name: string;
    annotation?: string;
    accept_all_EULA: boolean;
    default_datastore_id?: string;
  };
}

export interface OvfDeployResult {
  succeeded: boolean;
  resource_id?: { type: string; id: string };
  error?: { errors?: { error?: { messages?: { default_message?: string }[] } }[] };
}

export interface TemplateDeploy {
  name: string;
  description?: string;
  placement: { folder?: string; resource_pool?: string; host?: string; cluster?: string };
  disk_storage?: { datastore: string };
  vm_home_storage?: { datastore: string };
  powered_on?: boolean;
}

export interface OvfCapture {
  source: { type: "VirtualMachine"; id: string };
  target: { library_id: string };
  create_spec: { name: string; description?: string };
}

export interface OvfCaptureResult {
  succeeded: boolean;
  ovf_library_item_id?: string;
  error?: OvfDeployResult["error"];
}

export interface TemplateCapture {
  source_vm: string;
  name: string;
  library: string;
  description?: string;
  placement?: { folder?: string; resource_pool?: string; host?: string; cluster?: string };
}

const API = "/api/content";
const REST = "/rest/com/vmware/content";
const LIBRARY_PATH: Record<LibraryType, { api: string; rest: string }> = {
  LOCAL: { api: `${API}/local-library`, rest: `${REST}/local-library` },
  SUBSCRIBED: { api: `${API}/subscribed-library`, rest: `${REST}/subscribed-library` },
};

export class ContentLibraryManager {
  constructor(private readonly rest: RestClient) {}

  async listLibraries(): Promise<string[]> {
    return (await this.rest.call<string[] | null>({
      api: { method: "GET", path: `${API}/library` },
      rest: { method: "GET", path: `${REST}/library` },
    })) ?? [];
  }

  async getLibrary(id: string): Promise<Library> {
    return await this.rest.call<Library>({
      api: { method: "GET", path: `${API}/library/${seg(id)}` },
      rest: { method: "GET", path: `${REST}/library/id:${seg(id)}` },
    });
  }

  async createLocal(spec: LocalLibraryCreate): Promise<string> {
    const model = { ...spec, type: "LOCAL" };
    return await this.rest.call<string>({
      api: { method: "POST", path: LIBRARY_PATH.LOCAL.api, body: model },
      rest: { method: "POST", path: LIBRARY_PATH.LOCAL.rest, body: { create_spec: model } },
    });
  }

  async createSubscribed(spec: SubscribedLibraryCreate): Promise<string> {
    const model = { ...spec, type: "SUBSCRIBED" };
    return await this.rest.call<string>({
      api: { method: "POST", path: LIBRARY_PATH.SUBSCRIBED.api, body: model },
      rest: { method: "POST", path: LIBRARY_PATH.SUBSCRIBED.rest, body: { create_spec: model } },
    });
  }

  async update(id: string, spec: LibraryUpdate): Promise<void> {
    await this.rest.call({
      api: { method: "PATCH", path: `${API}/library/${seg(id)}`, body: spec },
      rest: { method: "PATCH", path: `${REST}/library/id:${seg(id)}`, body: { update_spec: spec } },
    });
  }

  /** Local and subscribed libraries are deleted through their own services. */
  async delete(id: string, type: LibraryType): Promise<void> {
    await this.rest.call({
      api: { method: "DELETE", path: `${LIBRARY_PATH[type].api}/${seg(id)}` },
      rest: { method: "DELETE", path: `${LIBRARY_PATH[type].rest}/id:${seg(id)}` },
    });
  }

  /** Synchronizes a subscribed library with its publisher. */
  async sync(id: string): Promise<void> {
    await this.rest.call({
      api: { method: "POST", path: `${LIBRARY_PATH.SUBSCRIBED.api}/${seg(id)}?action=sync` },
      rest: { method: "POST", path: `${LIBRARY_PATH.SUBSCRIBED.rest}/id:${seg(id)}?~action=sync` },
    });
  }

  async listItems(libraryId: string): Promise<string[]> {
    return (await this.rest.call<string[] | null>({
      api: { method: "GET", path: `${API}/library/item`, query: { library_id: libraryId } },
      rest: { method: "GET", path: `${REST}/library/item`, query: { library_id: libraryId } },
    })) ?? [];
  }

  async getItem(id: string): Promise<LibraryItem> {
    return await this.rest.call<LibraryItem>({
      api: { method: "GET", path: `${API}/library/item/${seg(id)}` },
      rest: { method: "GET", path: `${REST}/library/item/id:${seg(id)}` },
    });
  }

  async deleteItem(id: string): Promise<void> {
    await this.rest.call({
      api: { method: "DELETE", path: `${API}/library/item/${seg(id)}` },
      rest: { method: "DELETE", path: `${REST}/library/item/id:${seg(id)}` },
    });
  }

  /** Synchronizes one item of a subscribed library (metadata, and content when `force`). */
  async syncItem(id: string, force: boolean): Promise<void> {
    const body = { force_sync_content: force };
    await this.rest.call({
      api: { method: "POST", path: `${API}/library/subscribed-item/${seg(id)}?action=sync`, body },
      rest: { method: "POST", path: `${REST}/library/subscribed-item/id:${seg(id)}?~action=sync`, body },
    });
  }

  /** Deploys an OVF item as a new VM (the body is not wrapped in either flavour). */
  async deployOvf(itemId: string, spec: OvfDeploy): Promise<OvfDeployResult> {
    // /rest carries maps as [{key, value}] and /api as objects; the spec sends none, so one body fits both.
    return await this.rest.call<OvfDeployResult>({
      api: { method: "POST", path: `/api/vcenter/ovf/library-item/${seg(itemId)}?action=deploy`, body: spec },
      rest: {
        method: "POST",
        path: `/rest/com/vmware/vcenter/ovf/library-item/id:${seg(itemId)}?~action=deploy`,
        body: spec,
      },
    });
  }

  /** Deploys a VM-template (VMTX) item as a new VM; returns the VM's MoRef id. */
  async deployTemplate(itemId: string, spec: TemplateDeploy): Promise<string> {
    return await this.rest.call<string>({
      api: {
        method: "POST",
        path: `/api/vcenter/vm-template/library-items/${seg(itemId)}?action=deploy`,
        body: spec,
      },
      rest: {
        method: "POST",
        path: `/rest/vcenter/vm-template/library-items/${seg(itemId)}?action=deploy`,
        body: { spec },
      },
    });
  }

  /** Captures a VM into a library as an OVF package item. */
  async captureOvf(spec: OvfCapture): Promise<OvfCaptureResult> {
    return await this.rest.call<OvfCaptureResult>({
      api: { method: "POST", path: "/api/vcenter/ovf/library-item", body: spec },
      rest: { method: "POST", path: "/rest/com/vmware/vcenter/ovf/library-item", body: spec },
    });
  }

  /** Captures a VM into a library as a VM template (VMTX) item; returns the item id. */
  async captureTemplate(spec: TemplateCapture): Promise<string> {
    return await this.rest.call<string>({
      api: { method: "POST", path: "/api/vcenter/vm-template/library-items", body: spec },
      rest: { method: "POST", path: "/rest/vcenter/vm-template/library-items", body: { spec } },
    });
  }
}
