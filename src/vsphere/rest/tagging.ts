/**
 * Tagging (cis.tagging): categories, tags and tag associations in both directions. Every operation is
 * declared in both wire flavours; the contract test checks each against VMware's OpenAPI (8.0.2 cis.json).
 */
import { type RestClient, type RestOperation, seg } from "./client.ts";

export type Cardinality = "SINGLE" | "MULTIPLE";

export interface Category {
  id: string;
  name: string;
  description: string;
  cardinality: Cardinality;
  associable_types: string[];
  used_by?: string[];
}

export interface Tag {
  id: string;
  category_id: string;
  name: string;
  description: string;
  used_by?: string[];
}

/** vAPI DynamicID: a vSphere object as tagging sees it, e.g. `{ type: "VirtualMachine", id: "vm-42" }`. */
export interface DynamicId {
  type: string;
  id: string;
}

export interface CategoryCreate {
  name: string;
  description: string;
  cardinality: Cardinality;
  associable_types: string[];
}

export interface CategoryUpdate {
  name?: string;
  description?: string;
  cardinality?: Cardinality;
  associable_types?: string[];
}

export interface TagCreate {
  name: string;
  description: string;
  category_id: string;
}

export interface TagUpdate {
  name?: string;
  description?: string;
}

const API = "/api/cis/tagging";
const REST = "/rest/com/vmware/cis/tagging";

export class TaggingManager {
  constructor(private readonly rest: RestClient) {}

  async listCategories(): Promise<string[]> {
    return await this.#ids({
      api: { method: "GET", path: `${API}/category` },
      rest: { method: "GET", path: `${REST}/category` },
    });
  }

  async getCategory(id: string): Promise<Category> {
    return await this.rest.call<Category>({
      api: { method: "GET", path: `${API}/category/${seg(id)}` },
      rest: { method: "GET", path: `${REST}/category/id:${seg(id)}` },
    });
  }

  async createCategory(spec: CategoryCreate): Promise<string> {
    return await this.rest.call<string>({
      api: { method: "POST", path: `${API}/category`, body: spec },
      rest: { method: "POST", path: `${REST}/category`, body: { create_spec: spec } },
    });
  }

  async updateCategory(id: string, spec: CategoryUpdate): Promise<void> {
    await this.rest.call({
      api: { method: "PATCH", path: `${API}/category/${seg(id)}`, body: spec },
      rest: { method: "PATCH", path: `${REST}/category/id:${seg(id)}`, body: { update_spec: spec } },
    });
  }

  async deleteCategory(id: string): Promise<void> {
    await this.rest.call({
      api: { method: "DELETE", path: `${API}/category/${seg(id)}` },
      rest: { method: "DELETE", path: `${REST}/category/id:${seg(id)}` },
    });
  }

  async listTags(): Promise<string[]> {
    return await this.#ids({
      api: { method: "GET", path: `${API}/tag` },
      rest: { method: "GET", path: `${REST}/tag` },
    });
  }

  async listTagsForCategory(categoryId: string): Promise<string[]> {
    return await this.#ids({
      api: {
        method: "POST",
        path: `${API}/tag?action=list-tags-for-category`,
        body: { category_id: categoryId },
      },
      // /rest names the category in the path and takes no body.
      rest: { method: "POST", path: `${REST}/tag/id:${seg(categoryId)}?~action=list-tags-for-category` },
    });
  }

  async getTag(id: string): Promise<Tag> {
    return await this.rest.call<Tag>({
      api: { method: "GET", path: `${API}/tag/${seg(id)}` },
      rest: { method: "GET", path: `${REST}/tag/id:${seg(id)}` },
    });
  }

  async createTag(spec: TagCreate): Promise<string> {
    return await this.rest.call<string>({
      api: { method: "POST", path: `${API}/tag`, body: spec },
      rest: { method: "POST", path: `${REST}/tag`, body: { create_spec: spec } },
    });
  }

  async updateTag(id: string, spec: TagUpdate): Promise<void> {
    await this.rest.call({
      api: { method: "PATCH", path: `${API}/tag/${seg(id)}`, body: spec },
      rest: { method: "PATCH", path: `${REST}/tag/id:${seg(id)}`, body: { update_spec: spec } },
    });
  }

  async deleteTag(id: string): Promise<void> {
    await this.rest.call({
      api: { method: "DELETE", path: `${API}/tag/${seg(id)}` },
      rest: { method: "DELETE", path: `${REST}/tag/id:${seg(id)}` },
    });
  }

  async attach(tagId: string, object: DynamicId): Promise<void> {
    await this.rest.call({
      api: {
        method: "POST",
        path: `${API}/tag-association/${seg(tagId)}?action=attach`,
        body: { object_id: object },
      },
      rest: {
        method: "POST",
        path: `${REST}/tag-association/id:${seg(tagId)}?~action=attach`,
        body: { object_id: object },
      },
    });
  }

  async detach(tagId: string, object: DynamicId): Promise<void> {
    await this.rest.call({
      api: {
        method: "POST",
        path: `${API}/tag-association/${seg(tagId)}?action=detach`,
        body: { object_id: object },
      },
      rest: {
        method: "POST",
        path: `${REST}/tag-association/id:${seg(tagId)}?~action=detach`,
        body: { object_id: object },
      },
    });
  }

  /** Tag ids attached to one object. */
  async listAttachedTags(object: DynamicId): Promise<string[]> {
    return await this.#ids({
      api: {
        method: "POST",
        path: `${API}/tag-association?action=list-attached-tags`,
        body: { object_id: object },
      },
      rest: {
        method: "POST",
        path: `${REST}/tag-association?~action=list-attached-tags`,
        body: { object_id: object },
      },
    });
  }

  /** Objects a tag is attached to. */
  async listAttachedObjects(tagId: string): Promise<DynamicId[]> {
    const result = await this.rest.call<DynamicId[] | null>({
      api: { method: "POST", path: `${API}/tag-association/${seg(tagId)}?action=list-attached-objects` },
      // vcsim decodes a body for this action and answers 400 without one; vCenter accepts `{}`.
      rest: {
        method: "POST",
        path: `${REST}/tag-association/id:${seg(tagId)}?~action=list-attached-objects`,
        body: {},
      },
    });
    return result ?? [];
  }

  async #ids(op: RestOperation): Promise<string[]> {
    // vcsim answers an empty list as {"value": null}.
    return (await this.rest.call<string[] | null>(op)) ?? [];
  }
}
