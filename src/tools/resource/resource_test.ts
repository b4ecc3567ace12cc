import assert from "node:assert/strict";
import { connect, textOf } from "../../../tests/helpers/mcp.ts";
import { preview, previewThenConfirm, structured } from "../../../tests/helpers/confirm.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { asObject, num, ref, refs, str } from "../shared/vim_values.ts";

async function setup() {
  const env = await simEnv(["resource"]);
  const { direct } = env;
  return {
    ...env,
    async find(type: string, name: string): Promise<MoRef | undefined> {
      for await (const o of retrieveView(direct, { type, paths: ["name"] })) {
        if (o.props.name === name) return o.ref;
      }
      return undefined;
    },
    async name(obj: MoRef) {
      return str((await retrieveOne(direct, obj, ["name"])).name);
    },
  };
}

Deno.test("folder creates, renames and moves a VM into a folder for real; container_delete guards non-empty folders", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  const dc = (await env.find("Datacenter", "DC0"))!;
  const vmFolder = ref((await retrieveOne(direct, dc, ["vmFolder"])).vmFolder)!;

  const create = { action: "create", datacenter: "DC0", folder_type: "vm", name: "apps" };
  const { first, done } = await previewThenConfirm(mcp, "folder", create, async () => {
    assert.equal(await env.find("Folder", "apps"), undefined, "the preview changed nothing");
  });
  assert.equal(first.preview?.method, "CreateFolder");
  assert.equal(first.preview?.targets[0]?.ref.value, vmFolder.value);
  const apps = { type: "Folder", value: String(done.result?.folder) };
  assert.equal(
    ref((await retrieveOne(direct, apps, ["parent"])).parent)?.value,
    vmFolder.value,
    "it really is in the vm folder",
  );
  assert.equal(structured(await mcp.call("folder", create)).status, "unchanged");

  await previewThenConfirm(mcp, "folder", { action: "rename", folder: apps.value, name: "web" });
  assert.equal(await env.name(apps), "web", "the folder really was renamed");

  const vm = (await env.find("VirtualMachine", "DC0_H0_VM0"))!;
  const move = { action: "move", folder: "web", objects: ["DC0_H0_VM0"] };
  const moved = await previewThenConfirm(mcp, "folder", move, async () => {
    assert.equal(ref((await retrieveOne(direct, vm, ["parent"])).parent)?.value, vmFolder.value);
  });
  assert.equal(moved.first.preview?.targets[1]?.ref.value, vm.value);
  assert.equal(
    ref((await retrieveOne(direct, vm, ["parent"])).parent)?.value,
    apps.value,
    "the VM really moved",
  );
  assert.equal(structured(await mcp.call("folder", move)).status, "unchanged");

  const refused = await mcp.call("container_delete", { type: "folder", object: "web" });
  assert.equal(refused.isError, true);
  assert.match(textOf(refused), /not empty \(1 VirtualMachine\)/);
  const all = await preview(mcp, "container_delete", {
    type: "folder",
    object: "web",
    include_contents: true,
  });
  assert.equal(all.preview?.tier, "critical");
  assert.match(all.preview?.summary ?? "", /1 VMs that will be deleted from disk/);

  await previewThenConfirm(mcp, "folder", { action: "move", folder: vmFolder.value, objects: [vm.value] });
  await previewThenConfirm(mcp, "container_delete", { type: "folder", object: apps.value });
  assert.equal(await env.find("Folder", "web"), undefined, "the folder really is gone");
  assert.equal(await env.name(vm), "DC0_H0_VM0", "and the VM is still there");
});

Deno.test("datacenter creates and renames a datacenter; container_delete deletes it", async () => {
  await using env = await setup();
  const { mcp } = env;
  const { done } = await previewThenConfirm(
    mcp,
    "datacenter",
    { action: "create", name: "DC-new" },
    async () => {
      assert.equal(await env.find("Datacenter", "DC-new"), undefined);
    },
  );
  const dc = { type: "Datacenter", value: String(done.result?.datacenter) };
  assert.equal(await env.name(dc), "DC-new", "the datacenter really exists");
  assert.equal(
    structured(await mcp.call("datacenter", { action: "create", name: "DC-new" })).status,
    "unchanged",
  );

  await previewThenConfirm(mcp, "datacenter", { action: "rename", datacenter: "DC-new", name: "DC-renamed" });
  assert.equal(await env.name(dc), "DC-renamed");

  const del = await previewThenConfirm(mcp, "container_delete", { type: "datacenter", object: "DC-renamed" });
  assert.equal(del.first.preview?.method, "Destroy_Task");
  assert.equal(await env.find("Datacenter", "DC-renamed"), undefined, "the datacenter really is gone");

  const busy = await mcp.call("container_delete", { type: "datacenter", object: "DC0" });
  assert.equal(busy.isError, true, "a datacenter with hosts and VMs is refused");
});

Deno.test("resource_pool creates, updates, renames and deletes pools for real; move is built for vCenter", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  const create = {
    action: "create",
    parent: "DC0_C0",
    name: "gold",
    cpu_reservation_mhz: 500,
    memory_limit_mb: 2048,
    memory_shares: "high",
    cpu_expandable: false,
  };
  const { first, done } = await previewThenConfirm(mcp, "resource_pool", create, async () => {
    assert.equal(await env.find("ResourcePool", "gold"), undefined);
  });
  assert.equal(first.preview?.method, "CreateResourcePool");
  assert.equal(first.preview?.tier, "medium");
  const pool = { type: "ResourcePool", value: String(done.result?.pool) };
  const config = async () => asObject((await retrieveOne(direct, pool, ["config"])).config);
  let c = await config();
  assert.equal(num(asObject(c.cpuAllocation).reservation), 500, "the pool really exists with that config");
  assert.equal(num(asObject(c.memoryAllocation).limit), 2048);
  assert.equal(str(asObject(asObject(c.memoryAllocation).shares).level), "high");
  assert.equal(String(asObject(c.cpuAllocation).expandableReservation), "false");
  assert.equal(
    String(asObject(c.memoryAllocation).expandableReservation),
    "true",
    "unset fields get defaults",
  );
  assert.equal(structured(await mcp.call("resource_pool", create)).status, "unchanged");

  // (vcsim ignores expandableReservation on update; that request is checked against the WSDL instead.)
  const update = {
    action: "update",
    pool: "gold",
    cpu_shares: "custom",
    cpu_shares_value: 8000,
    memory_reservation_mb: 256,
  };
  await previewThenConfirm(mcp, "resource_pool", update, async () => {
    assert.equal(
      num(asObject(asObject((await config()).cpuAllocation).shares).shares),
      num(asObject(asObject(c.cpuAllocation).shares).shares),
    );
  });
  c = await config();
  assert.equal(num(asObject(asObject(c.cpuAllocation).shares).shares), 8000, "the shares really changed");
  assert.equal(num(asObject(c.memoryAllocation).reservation), 256);
  assert.equal(num(asObject(c.cpuAllocation).reservation), 500, "unchanged fields are kept");

  await previewThenConfirm(mcp, "resource_pool", { action: "rename", pool: pool.value, name: "platinum" });
  assert.equal(await env.name(pool), "platinum", "the pool really was renamed");

  const move = { action: "move", pool: "platinum", objects: ["DC0_C0_RP0_VM0"] };
  const movePreview = await preview(mcp, "resource_pool", move);
  assert.equal(movePreview.preview?.method, "MoveIntoResourcePool");
  const moved = await mcp.call("resource_pool", {
    ...move,
    confirm: true,
    confirmation_handle: movePreview.confirmation_handle,
  });
  assert.equal(moved.isError, true, "vcsim lacks MoveIntoResourcePool (checked against the WSDL instead)");

  const parent = ref((await retrieveOne(direct, pool, ["parent"])).parent)!;
  await previewThenConfirm(mcp, "resource_pool", { action: "delete", pool: "platinum" });
  assert.equal(await env.find("ResourcePool", "platinum"), undefined, "the pool really is gone");
  assert.ok(
    !refs((await retrieveOne(direct, parent, ["resourcePool"])).resourcePool).some((r) =>
      r.value === pool.value
    ),
  );

  const root = await mcp.call("resource_pool", { action: "delete", pool: "Resources" });
  assert.equal(root.isError, true);
});

Deno.test("an ambiguous folder name is an error listing every candidate, never the first match", async () => {
  await using sim = await startVcsim({ model: { folder: 1 } });
  await using mcp = await connect({ target: sim.target(), toolsets: ["resource"] });
  const result = await mcp.call("container_delete", { type: "folder", object: "F0" });
  assert.equal(result.isError, true);
  const text = textOf(result);
  assert.match(text, /matches several Folder objects/);
  assert.equal(
    text.match(/folder-\d+/g)?.length,
    5,
    "every F0 folder (root, vm, host, datastore, network) is named",
  );
  const move = await mcp.call("folder", { action: "move", folder: "F0", objects: ["DC0_H0_VM0"] });
  assert.equal(move.isError, true);
});
