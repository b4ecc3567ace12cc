import assert from "node:assert/strict";
import { startVcsim } from "../../tests/helpers/vcsim.ts";
import { VSphereClient } from "../vsphere/client.ts";
import { retrieveView } from "../vsphere/objects/property_collector.ts";
import type { MoRef } from "../vsphere/soap/types.ts";
import { type Ancestry, ancestryOf, checkScope, inScope } from "./scope.ts";

async function refOf(client: VSphereClient, type: string, name: string): Promise<MoRef> {
  for await (const o of retrieveView(client, { type, paths: ["name"] })) {
    if (o.props.name === name) return o.ref;
  }
  throw new Error(`no ${type} ${name}`);
}

Deno.test("ancestryOf() reads datacenter, cluster (through the VM's host), folders and path", async () => {
  await using sim = await startVcsim();
  const client = new VSphereClient(sim.target());
  try {
    const clustered = await ancestryOf(client, await refOf(client, "VirtualMachine", "DC0_C0_RP0_VM0"));
    assert.equal(clustered.datacenter, "DC0");
    assert.deepEqual(clustered.clusters, ["DC0_C0"]);
    assert.deepEqual(clustered.folders, [{ name: "vm", path: "/DC0/vm" }]);
    assert.equal(clustered.path, "/DC0/vm/DC0_C0_RP0_VM0");
    const standalone = await ancestryOf(client, await refOf(client, "VirtualMachine", "DC0_H0_VM0"));
    assert.deepEqual(standalone.clusters, []);
    const host = await ancestryOf(client, await refOf(client, "HostSystem", "DC0_C0_H0"));
    assert.deepEqual([host.datacenter, host.clusters, host.path], [
      "DC0",
      ["DC0_C0"],
      "/DC0/host/DC0_C0/DC0_C0_H0",
    ]);
  } finally {
    await client.close();
  }
});

const vm: Ancestry = {
  ref: { type: "VirtualMachine", value: "vm-1" },
  name: "web-01",
  path: "/DC0/vm/prod/web-01",
  datacenter: "DC0",
  clusters: ["C-prod"],
  folders: [{ name: "vm", path: "/DC0/vm" }, { name: "prod", path: "/DC0/vm/prod" }],
};

const cases: [string, Parameters<typeof inScope>[1], boolean | string][] = [
  ["datacenter glob", { datacenters: ["DC*"] }, true],
  ["other datacenter", { datacenters: ["DC1"] }, "datacenters"],
  ["cluster", { clusters: ["c-PROD"] }, true],
  ["folder by name", { folders: ["prod"] }, true],
  ["folder by path prefix glob", { folders: ["/DC0/vm/prod*"] }, true],
  ["folder by path elsewhere", { folders: ["/DC0/vm/dev*"] }, "folders"],
  ["name glob", { names: ["web-*"] }, true],
  ["every dimension must match", { datacenters: ["DC0"], names: ["db-*"] }, "names"],
  ["tags without a tag reader fail closed", { tags: ["env:prod"] }, "tags_unavailable"],
];
for (const [what, scope, expected] of cases) {
  Deno.test(`inScope(): ${what}`, async () => {
    const verdict = await inScope(vm, scope);
    assert.deepEqual(verdict, expected === true ? { ok: true } : { ok: false, dimension: expected });
  });
}

Deno.test("inScope() matches tags through a tag reader; checkScope() needs one scope to hold", async () => {
  const tags = () => Promise.resolve(["env:prod", "prod"]);
  assert.deepEqual(await inScope(vm, { tags: ["env:prod"] }, tags), { ok: true });
  assert.deepEqual(await inScope(vm, { tags: ["env:dev"] }, tags), { ok: false, dimension: "tags" });
  await using sim = await startVcsim();
  const client = new VSphereClient(sim.target());
  try {
    const ref = await refOf(client, "VirtualMachine", "DC0_H0_VM0");
    const target = { ref, name: "DC0_H0_VM0" };
    assert.equal(await checkScope(client, [target], []), undefined, "no scopes: unrestricted");
    assert.equal(await checkScope(client, [target], [{ names: ["x"] }, { datacenters: ["DC0"] }]), undefined);
    const refusal = await checkScope(client, [target], [{ names: ["x"] }, { clusters: ["*"] }]);
    assert.deepEqual([refusal?.target.ref, refusal?.dimension], [ref, "names"]);
  } finally {
    await client.close();
  }
});
