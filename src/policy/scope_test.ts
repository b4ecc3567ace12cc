import assert from "node:assert/strict";
import { startVcsim } from "../../tests/helpers/vcsim.ts";
import { VSphereClient } from "../vsphere/client.ts";
import { retrieveView } from "../vsphere/objects/property_collector.ts";
import type { MoRef } from "../vsphere/soap/types.ts";
import { type Ancestry, ancestryOf, checkScope, inScope } from "./scope.ts";
import { restTagReader } from "./tags.ts";

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

Deno.test("restTagReader() reads attached vSphere tags from the vAPI service; tag scopes use them", async () => {
  await using sim = await startVcsim();
  const target = sim.target();
  const client = new VSphereClient(target);
  const reader = restTagReader(target);
  const http = Deno.createHttpClient({ caCerts: [sim.caPem] });
  try {
    // Create env:prod and attach it to one VM, through the same /rest API.
    const rest = async (method: string, path: string, body?: unknown, session?: string) => {
      const response = await fetch(`https://${sim.host}:${sim.port}/rest/com/vmware/cis${path}`, {
        method,
        client: http,
        headers: session
          ? { "vmware-api-session-id": session, "content-type": "application/json" }
          : { authorization: `Basic ${btoa(`${target.user}:${target.password}`)}` },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return text ? (JSON.parse(text) as { value: string }).value : undefined;
    };
    const session = (await rest("POST", "/session"))!;
    const category = await rest("POST", "/tagging/category", {
      create_spec: { name: "env", description: "", cardinality: "SINGLE", associable_types: [] },
    }, session);
    const tag = await rest("POST", "/tagging/tag", {
      create_spec: { name: "prod", description: "", category_id: category },
    }, session);
    const tagged = await refOf(client, "VirtualMachine", "DC0_H0_VM0");
    const other = await refOf(client, "VirtualMachine", "DC0_H0_VM1");
    await rest("POST", `/tagging/tag-association/id:${tag}?~action=attach`, {
      object_id: { id: tagged.value, type: "VirtualMachine" },
    }, session);

    assert.deepEqual(await reader.tagsOf(tagged), ["env:prod", "prod"]);
    assert.deepEqual(await reader.tagsOf(other), []);
    const scope = { tags: ["env:prod"] };
    assert.equal(await checkScope(client, [{ ref: tagged, name: "x" }], [scope], reader), undefined);
    const refusal = await checkScope(client, [{ ref: other, name: "y" }], [scope], reader);
    assert.equal(refusal?.dimension, "tags");
  } finally {
    http.close();
    await reader.close();
    await client.close();
  }
});
