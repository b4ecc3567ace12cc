import assert from "node:assert/strict";
import { confirm, preview, previewAndConfirm } from "../../../tests/helpers/confirm.ts";
import { connect, textOf } from "../../../tests/helpers/mcp.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { TaggingManager } from "../../vsphere/rest/tagging.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

const VM = "DC0_H0_VM0";

Deno.test("tag_category and tag create, update and delete really happen in vCenter, after a preview", async () => {
  await using env = await simEnv(["tags"]);
  const { mcp, direct } = env;
  const tagging = new TaggingManager(direct.rest);
  const create = { action: "create", category: "env", cardinality: "SINGLE", description: "Environment" };
  const p = await preview(mcp, "tag_category", create);
  assert.equal(p.preview?.method, "cis.tagging.Category.create");
  assert.equal(p.preview?.tier, "high");
  assert.deepEqual(await tagging.listCategories(), [], "the preview changed nothing");
  const created = await confirm(mcp, "tag_category", create, p.confirmation_handle);
  const categoryId = String(created.id);
  const category = await tagging.getCategory(categoryId);
  assert.equal(category.name, "env");
  assert.equal(category.cardinality, "SINGLE");
  assert.equal(category.description, "Environment");

  const again = (await mcp.call("tag_category", create)).structuredContent as { status: string };
  assert.equal(again.status, "unchanged", "creating an existing category changes nothing");

  const tagArgs = { action: "create", tag: "prod", category: "env", description: "Production" };
  const tag = await previewAndConfirm(mcp, "tag", tagArgs);
  assert.equal(tag.preview.preview?.targets[0]?.ref.value, categoryId);
  const tagId = String(tag.result.id);
  assert.deepEqual(await tagging.listTagsForCategory(categoryId), [tagId], "the tag really exists");

  const rename = { action: "update", tag: "prod", category: "env", new_name: "production" };
  await previewAndConfirm(mcp, "tag", rename);
  assert.equal((await tagging.getTag(tagId)).name, "production");

  await previewAndConfirm(mcp, "tag_category", {
    action: "update",
    category: categoryId,
    cardinality: "MULTIPLE",
  });
  assert.equal((await tagging.getCategory(categoryId)).cardinality, "MULTIPLE");

  const listed = (await mcp.call("tag_list", { category: "env" })).structuredContent as {
    tags: { id: string; name: string; category: string }[];
  };
  assert.deepEqual(listed.tags.map((t) => [t.id, t.name, t.category]), [[tagId, "production", "env"]]);
  const categories = (await mcp.call("tag_category_list", {})).structuredContent as {
    categories: { name: string; tags: number; cardinality: string }[];
  };
  assert.deepEqual(categories.categories.map((c) => [c.name, c.tags, c.cardinality]), [[
    "env",
    1,
    "MULTIPLE",
  ]]);

  const delArgs = { action: "delete", tag: tagId };
  const delPreview = await preview(mcp, "tag", delArgs);
  assert.equal(delPreview.preview?.targets[0]?.state?.attached_objects, 0);
  assert.deepEqual(await tagging.listTags(), [tagId], "the preview changed nothing");
  await confirm(mcp, "tag", delArgs, delPreview.confirmation_handle);
  assert.deepEqual(await tagging.listTags(), [], "the tag is really gone");

  const delCat = await previewAndConfirm(mcp, "tag_category", { action: "delete", category: "env" });
  assert.equal(delCat.preview.preview?.method, "cis.tagging.Category.delete");
  assert.deepEqual(await tagging.listCategories(), [], "the category is really gone");

  const alias = await mcp.call("list_tag_categories", {});
  assert.deepEqual(alias.structuredContent, { categories: [], total: 0 }, "the seed's name resolves");

  const unknown = await mcp.call("tag", { action: "delete", tag: "nope" });
  assert.equal(unknown.isError, true);
  assert.match(textOf(unknown), /No tag named "nope"/);
});

Deno.test("tag_assignment attaches and detaches for real; tag_assignment_list reads both directions", async () => {
  await using env = await simEnv(["tags"]);
  const { mcp, direct } = env;
  const tagging = new TaggingManager(direct.rest);
  const categoryId = await tagging.createCategory({
    name: "owner",
    description: "",
    cardinality: "MULTIPLE",
    associable_types: [],
  });
  const tagId = await tagging.createTag({ name: "team-a", description: "", category_id: categoryId });
  const vmId = await retrieveVmId(direct, VM);
  const object = { type: "VirtualMachine", id: vmId };

  const attach = { action: "attach", tag: "team-a", object_type: "VirtualMachine", object: VM };
  const p = await preview(mcp, "tag_assignment", attach);
  assert.equal(p.preview?.tier, "low");
  assert.deepEqual(p.preview?.targets[0]?.ref, { type: "VirtualMachine", value: vmId });
  assert.deepEqual(await tagging.listAttachedTags(object), [], "the preview changed nothing");
  const attached = await confirm(mcp, "tag_assignment", attach, p.confirmation_handle);
  assert.equal(attached.attached, true);
  assert.deepEqual(await tagging.listAttachedTags(object), [tagId], "the tag really is attached");

  const again = (await mcp.call("tag_assignment", attach)).structuredContent as { status: string };
  assert.equal(again.status, "unchanged");

  const onObject = (await mcp.call("tag_assignment_list", { object_type: "VirtualMachine", object: vmId }))
    .structuredContent as { tags: { name: string; category: string }[] };
  assert.deepEqual(onObject.tags.map((t) => `${t.category}/${t.name}`), ["owner/team-a"]);
  const withTag = (await mcp.call("tag_assignment_list", { tag: "team-a" })).structuredContent as {
    objects: { type: string; id: string; name: string }[];
  };
  assert.deepEqual(withTag.objects, [{ type: "VirtualMachine", id: vmId, name: VM }]);
  const bad = await mcp.call("tag_assignment_list", {});
  assert.equal(bad.isError, true);

  await previewAndConfirm(mcp, "tag_assignment", { ...attach, action: "detach" });
  assert.deepEqual(await tagging.listAttachedTags(object), [], "the tag really is detached");
});

async function retrieveVmId(client: VSphereClient, name: string): Promise<string> {
  return (await resolveEntity(client, "VirtualMachine", name)).ref.value;
}

Deno.test("custom_attribute defines, sets and removes custom fields through the CustomFieldsManager", async () => {
  await using env = await simEnv(["tags"]);
  const { mcp, direct } = env;
  const content = await direct.serviceContent();
  const manager = content.customFieldsManager as MoRef;
  const defs = async () =>
    ((await retrieveOne(direct, manager, ["field"])).field as VimObject[] | undefined ?? []).map((d) =>
      String(d.name)
    );
  const vmRef = { type: "VirtualMachine", value: await retrieveVmId(direct, VM) };
  const values = async () =>
    ((await retrieveOne(direct, vmRef, ["customValue"])).customValue as VimObject[] | undefined ?? [])
      .map((v) => String(v.value));

  const define = { action: "define", attribute: "cost-center", object_type: "VirtualMachine" };
  const p = await preview(mcp, "custom_attribute", define);
  assert.equal(p.preview?.method, "AddCustomFieldDef");
  assert.ok(!(await defs()).includes("cost-center"), "the preview changed nothing");
  const defined = await confirm(mcp, "custom_attribute", define, p.confirmation_handle);
  assert.ok((await defs()).includes("cost-center"), "the definition really exists");
  assert.ok(Number.isInteger(defined.key), "the new key is reported");

  const set = {
    action: "set",
    attribute: "cost-center",
    object_type: "VirtualMachine",
    object: VM,
    value: "4711",
  };
  const setResult = await previewAndConfirm(mcp, "custom_attribute", set);
  assert.equal(setResult.result.value, "4711");
  assert.deepEqual(await values(), ["4711"], "the VM really carries the value");
  const same = (await mcp.call("custom_attribute", set)).structuredContent as { status: string };
  assert.equal(same.status, "unchanged");

  const listed = (await mcp.call("custom_attribute_list", { object_type: "VirtualMachine", object: VM }))
    .structuredContent as { values: { name: string; value: string }[] };
  assert.deepEqual(listed.values.map((v) => [v.name, v.value]), [["cost-center", "4711"]]);

  await previewAndConfirm(mcp, "custom_attribute", { action: "remove", attribute: "cost-center" });
  assert.ok(!(await defs()).includes("cost-center"), "the definition is really gone");
});

Deno.test("tags toolset: read-only mode keeps the *_list tools and hides the writers", async () => {
  await using mcp = await connect({ toolsets: ["tags", "content_library"], readOnly: true });
  const names = (await mcp.client.listTools()).tools.map((t) => t.name).sort();
  assert.deepEqual(names, [
    "custom_attribute_list",
    "library_item_list",
    "library_list",
    "tag_assignment_list",
    "tag_category_list",
    "tag_list",
  ]);
});

Deno.test("tag_category associable types can only grow, as vCenter requires", async () => {
  await using env = await simEnv(["tags"]);
  const { mcp, direct } = env;
  const tagging = new TaggingManager(direct.rest);
  const created = await previewAndConfirm(mcp, "tag_category", {
    action: "create",
    category: "scoped",
    associable_types: ["VirtualMachine"],
  });
  const id = String(created.result.id);
  await previewAndConfirm(mcp, "tag_category", {
    action: "update",
    category: "scoped",
    associable_types: ["VirtualMachine", "HostSystem"],
  });
  assert.deepEqual((await tagging.getCategory(id)).associable_types, ["VirtualMachine", "HostSystem"]);
  const shrink = await mcp.call("tag_category", {
    action: "update",
    category: "scoped",
    associable_types: ["HostSystem"],
  });
  assert.equal(shrink.isError, true);
  assert.match(textOf(shrink), /can only grow/);
  assert.deepEqual((await tagging.getCategory(id)).associable_types, ["VirtualMachine", "HostSystem"]);
});
