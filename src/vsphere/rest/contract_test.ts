/**
 * Contract test: every request the REST managers can produce, in both flavours, against VMware's OpenAPI
 * (8.0.2 cis/content/session, 7.0.3 vcenter). The round-tripper only records requests (it answers 200 with
 * a placeholder); what is asserted is the wire shape vCenter would receive, not any behaviour.
 */
import assert from "node:assert/strict";
import {
  offlineTarget,
  OpenApiChecker,
  type RecordedRequest,
  recordingRoundTripper,
} from "../../../tests/helpers/openapi.ts";
import { type Flavour, RestClient } from "./client.ts";
import { ContentLibraryManager } from "./content_library.ts";
import { TaggingManager } from "./tagging.ts";

const SPECS = ["8.0.2/cis.json", "8.0.2/content.json", "8.0.2/session.json", "7.0.3/vcenter.json"];

const CAT = "urn:vmomi:InventoryServiceCategory:6b1e2c0e-1111-4b8a-9f57-0a1b2c3d4e5f:GLOBAL";
const TAG = "urn:vmomi:InventoryServiceTag:8d0f9a36-2222-4a4b-8d0e-5f6a7b8c9d0e:GLOBAL";
const LIB = "7b5b8c56-3a55-4c7e-a0c1-9b2f7f3e1d11";
const ITEM = "a1f4c3de-8d7e-4f0a-b2c1-0e9d8c7b6a55";
const VM = { type: "VirtualMachine", id: "vm-42" };

/** Drives every manager method once with realistic arguments. */
async function exerciseAll(rest: RestClient): Promise<number> {
  const tags = new TaggingManager(rest);
  const lib = new ContentLibraryManager(rest);
  const calls: (() => Promise<unknown>)[] = [
    () => tags.listCategories(),
    () => tags.getCategory(CAT),
    () =>
      tags.createCategory({
        name: "env",
        description: "Environment",
        cardinality: "SINGLE",
        associable_types: ["VirtualMachine", "HostSystem"],
      }),
    () => tags.updateCategory(CAT, { description: "Env", cardinality: "MULTIPLE" }),
    () => tags.deleteCategory(CAT),
    () => tags.listTags(),
    () => tags.listTagsForCategory(CAT),
    () => tags.getTag(TAG),
    () => tags.createTag({ name: "prod", description: "Production", category_id: CAT }),
    () => tags.updateTag(TAG, { name: "production" }),
    () => tags.deleteTag(TAG),
    () => tags.attach(TAG, VM),
    () => tags.detach(TAG, VM),
    () => tags.listAttachedTags(VM),
    () => tags.listAttachedObjects(TAG),
    () => lib.listLibraries(),
    () => lib.getLibrary(LIB),
    () =>
      lib.createLocal({
        name: "isos",
        description: "ISO images",
        storage_backings: [{ type: "DATASTORE", datastore_id: "datastore-11" }],
        publish_info: { published: false, authentication_method: "NONE" },
      }),
    () =>
      lib.createSubscribed({
        name: "mirror",
        storage_backings: [{ type: "DATASTORE", datastore_id: "datastore-11" }],
        subscription_info: {
          subscription_url: "https://vc2.example/cls/vcsp/lib/abc/lib.json",
          authentication_method: "NONE",
          automatic_sync_enabled: true,
          on_demand: true,
        },
      }),
    () => lib.update(LIB, { name: "isos-2", description: "renamed" }),
    () => lib.delete(LIB, "LOCAL"),
    () => lib.delete(LIB, "SUBSCRIBED"),
    () => lib.sync(LIB),
    () => lib.listItems(LIB),
    () => lib.getItem(ITEM),
    () => lib.deleteItem(ITEM),
    () => lib.syncItem(ITEM, true),
    () =>
      lib.deployOvf(ITEM, {
        target: { resource_pool_id: "resgroup-8", host_id: "host-21", folder_id: "group-v4" },
        deployment_spec: {
          name: "web-01",
          annotation: "from library",
          accept_all_EULA: true,
          default_datastore_id: "datastore-11",
        },
      }),
    () =>
      lib.deployTemplate(ITEM, {
        name: "web-02",
        description: "from template",
        placement: { folder: "group-v4", resource_pool: "resgroup-8", host: "host-21", cluster: "domain-c7" },
        disk_storage: { datastore: "datastore-11" },
        vm_home_storage: { datastore: "datastore-11" },
        powered_on: false,
      }),
    () =>
      lib.captureOvf({
        source: { type: "VirtualMachine", id: "vm-42" },
        target: { library_id: LIB },
        create_spec: { name: "web-golden", description: "captured" },
      }),
    () =>
      lib.captureTemplate({
        source_vm: "vm-42",
        name: "web-golden-vmtx",
        library: LIB,
        description: "captured",
        placement: { folder: "group-v4", resource_pool: "resgroup-8" },
      }),
  ];
  for (const call of calls) await call();
  await rest.close();
  return calls.length;
}

async function record(flavour: Flavour) {
  const recorder = recordingRoundTripper((r) => {
    const value = r.url.pathname.endsWith("/session") ? "token-1" : "placeholder";
    return flavour === "rest" ? { value } : value;
  });
  const rest = new RestClient(offlineTarget(flavour), recorder.send);
  const operations = await exerciseAll(rest);
  return { requests: recorder.requests, operations };
}

const checker = await OpenApiChecker.load(SPECS);

for (const flavour of ["api", "rest"] as const) {
  Deno.test(`REST ${flavour} flavour: every request path, verb and body matches VMware's OpenAPI`, async () => {
    const { requests, operations } = await record(flavour);
    // login + each operation + session delete
    assert.equal(requests.length, operations + 2);
    const prefix = flavour === "api" ? "/api/" : "/rest/";
    for (const r of requests) assert.ok(r.url.pathname.startsWith(prefix), r.url.pathname);
    const problems = requests.flatMap((r) => checker.check(r));
    assert.deepEqual(problems, []);
    const session = requests[0]!;
    assert.equal(session.method, "POST");
    assert.equal(requests.at(-1)!.method, "DELETE");
  });
}

Deno.test("REST flavours differ where the API says: wrapped specs and ids in /rest, bare in /api", async () => {
  const api = (await record("api")).requests;
  const rest = (await record("rest")).requests;
  const create = (rs: RecordedRequest[]) =>
    rs.find((r) => r.method === "POST" && /tagging\/category$/.test(r.url.pathname))!;
  assert.deepEqual(Object.keys(create(rest).body as object), ["create_spec"]);
  assert.ok("name" in (create(api).body as object));
  assert.ok(rest.some((r) => r.url.pathname.includes("/id:")));
  assert.ok(!api.some((r) => r.url.pathname.includes("/id:")));
});

function req(method: string, path: string, body?: unknown): RecordedRequest {
  return { method, url: new URL(path, "https://vc.example"), body };
}

Deno.test("OpenApiChecker rejects misspelled fields, missing required ones, bad enums, paths and verbs", () => {
  const misspelled = checker.check(
    req("POST", "/api/cis/tagging/category", {
      name: "env",
      descripton: "typo",
      cardinality: "SINGLE",
      associable_types: [],
    }),
  );
  assert.ok(misspelled.some((p) => /body\.descripton: unknown property/.test(p)), misspelled.join("\n"));
  assert.ok(misspelled.some((p) => /body\.description: required property missing/.test(p)));

  const wrapped = checker.check(req("POST", "/rest/com/vmware/cis/tagging/category", {
    name: "env",
    description: "",
    cardinality: "SINGLE",
    associable_types: [],
  }));
  assert.ok(wrapped.some((p) => /create_spec: required property missing/.test(p)), wrapped.join("\n"));

  const badEnum = checker.check(req("POST", "/api/cis/tagging/category", {
    name: "env",
    description: "",
    cardinality: "ONE",
    associable_types: [],
  }));
  assert.ok(badEnum.some((p) => /"ONE" is not one of SINGLE\|MULTIPLE/.test(p)), badEnum.join("\n"));

  const nested = checker.check(req("POST", "/api/vcenter/ovf/library-item/x?action=deploy", {
    target: { resource_pool: "resgroup-8" },
    deployment_spec: { name: "a", accept_all_EULA: "yes" },
  }));
  assert.ok(nested.some((p) => /target\.resource_pool: unknown property/.test(p)), nested.join("\n"));
  assert.ok(nested.some((p) => /target\.resource_pool_id: required property missing/.test(p)));
  assert.ok(nested.some((p) => /accept_all_EULA: expected a boolean/.test(p)));

  assert.match(checker.check(req("GET", "/api/cis/tagging/categories"))[0]!, /no such path/);
  assert.match(checker.check(req("PUT", "/api/cis/tagging/category/abc"))[0]!, /has no PUT/);
  assert.match(
    checker.check(req("POST", "/api/cis/tagging/tag-association/t?action=attach-everything", {}))[0]!,
    /no such path/,
  );
  assert.match(checker.check(req("GET", "/api/content/library/item"))[0] ?? "", /has no GET/);
  assert.deepEqual(checker.check(req("GET", "/api/content/library/item?library_id=abc")), []);
  assert.match(checker.check(req("DELETE", "/api/session", { x: 1 }))[0]!, /takes no body/);
});
