import assert from "node:assert/strict";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { VSphereClient } from "../client.ts";
import type { MoRef } from "../soap/types.ts";
import { retrieveView } from "./property_collector.ts";
import { inventoryPaths, looksLikeMoRefId, resolveEntity } from "./resolve.ts";
import { waitForTask } from "./tasks.ts";

async function all(client: VSphereClient, type: string) {
  const out: { ref: MoRef; name: string }[] = [];
  for await (const o of retrieveView(client, { type, paths: ["name"] })) {
    out.push({ ref: o.ref, name: String(o.props.name) });
  }
  return out;
}

Deno.test("looksLikeMoRefId() knows vCenter, ESXi and simulator ids and leaves names alone", () => {
  for (
    const id of [
      "vm-42",
      "group-v4",
      "resgroup-v12",
      "domain-c7",
      "ha-host",
      "/tmp/govcsim-DC0-LocalDS_0-1@folder-5",
    ]
  ) {
    assert.ok(looksLikeMoRefId(id), id);
  }
  for (const name of ["web 01", "DC0_H0_VM0", "/DC0/vm/web", "LocalDS_0"]) {
    assert.ok(!looksLikeMoRefId(name), name);
  }
});

Deno.test("resolveEntity() takes MoRefs (also datastore ids with / and @), inventory paths and names", async () => {
  await using sim = await startVcsim();
  const client = new VSphereClient(sim.target());
  try {
    const vm = (await all(client, "VirtualMachine"))[0]!;
    assert.deepEqual(await resolveEntity(client, "VirtualMachine", vm.ref.value), vm);
    assert.deepEqual(await resolveEntity(client, "VirtualMachine", vm.name), vm);
    const [path] = (await inventoryPaths(client, [vm.ref])).values();
    assert.match(path!, /^\/DC0\/vm\/.+/);
    assert.deepEqual(await resolveEntity(client, "VirtualMachine", path!), vm);

    const ds = (await all(client, "Datastore"))[0]!;
    assert.match(ds.ref.value, /[/@]/, "the simulator's datastore ids contain / and @");
    assert.deepEqual(await resolveEntity(client, "Datastore", ds.ref.value), ds);
    assert.deepEqual(await resolveEntity(client, "Datastore", ds.name), ds);
  } finally {
    await client.close();
  }
});

Deno.test("an ambiguous name is an error listing every candidate's MoRef and path; a scope settles it", async () => {
  await using sim = await startVcsim({ model: { dc: 2 } });
  const client = new VSphereClient(sim.target());
  try {
    const vms = await all(client, "VirtualMachine");
    const a = vms.find((v) => v.name.startsWith("DC0_"))!;
    const b = vms.find((v) => v.name.startsWith("DC1_"))!;
    await waitForTask(client, await client.call("Rename_Task", b.ref, { newName: a.name }) as MoRef);

    await assert.rejects(resolveEntity(client, "VirtualMachine", a.name), (error: unknown) => {
      assert.ok(error instanceof ToolInputError);
      assert.equal(error.key, "errors.ambiguous_name");
      const candidates = String(error.params.candidates);
      assert.match(candidates, new RegExp(`${a.ref.value} \\(/DC0/vm/${a.name}\\)`));
      assert.match(candidates, new RegExp(`${b.ref.value} \\(/DC1/vm/${a.name}\\)`));
      return true;
    });
    assert.deepEqual(
      (await resolveEntity(client, "VirtualMachine", a.name, { datacenter: "DC1" })).ref,
      b.ref,
    );
    assert.deepEqual(
      (await resolveEntity(client, "VirtualMachine", a.name, { folder: "/DC0/vm" })).ref,
      a.ref,
    );
    await assert.rejects(
      resolveEntity(client, "VirtualMachine", "no-such-vm"),
      (e: unknown) => e instanceof ToolInputError && e.key === "errors.not_found_by_name",
    );
  } finally {
    await client.close();
  }
});
