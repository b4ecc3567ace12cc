import assert from "node:assert/strict";
import { connect, textOf } from "../../../tests/helpers/mcp.ts";
import { offlineTarget, OpenApiChecker, recordingRoundTripper } from "../../../tests/helpers/openapi.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { RestClient } from "../../vsphere/rest/client.ts";
import { TaggingManager } from "../../vsphere/rest/tagging.ts";
import { computePolicyOps } from "./ops.ts";

Deno.test("compute_policy checks its input and tags; vcsim has no compute-policy service and the answer says so", async () => {
  const sim = await startVcsim();
  const mcp = await connect({ target: sim.target(), toolsets: ["compute_policy"] });
  const direct = new VSphereClient(sim.target());
  try {
    const tagging = new TaggingManager(direct.rest);
    const cat = await tagging.createCategory({
      name: "placement",
      description: "",
      cardinality: "MULTIPLE",
      associable_types: [],
    });
    const vmTag = await tagging.createTag({ name: "web", description: "", category_id: cat });
    const hostTag = await tagging.createTag({ name: "rack-a", description: "", category_id: cat });
    const args = {
      action: "create",
      name: "web-on-rack-a",
      capability: "vm_host_affinity",
      vm_tag: "web",
      host_tag: "rack-a",
    };
    const missingHost = await mcp.call("compute_policy", { ...args, host_tag: undefined });
    assert.equal(missingHost.isError, true);
    assert.match(textOf(missingHost), /host_tag/);
    const unknownTag = await mcp.call("compute_policy", { ...args, vm_tag: "no-such-tag" });
    assert.equal(unknownTag.isError, true);
    assert.match(textOf(unknownTag), /No tag named "no-such-tag"/);

    // The tags resolve (vcsim's tagging service); the compute-policy service itself is not in vcsim.
    const refused = await mcp.call("compute_policy", args);
    assert.equal(refused.isError, true);
    assert.match(textOf(refused), /no compute-policy service/);
    const listed = await mcp.call("compute_policy_list", {});
    assert.match(textOf(listed), /no compute-policy service/);
    assert.ok(vmTag && hostTag);
  } finally {
    await direct.close();
    await mcp.close();
    await sim.stop();
  }
});

Deno.test("compute policy requests match VMware's OpenAPI (vcenter 7.0.3)", async () => {
  const checker = await OpenApiChecker.load(["7.0.3/vcenter.json", "8.0.2/session.json"]);
  const recorder = recordingRoundTripper((r) =>
    r.url.pathname.endsWith("/session") ? "token-1" : "placeholder"
  );
  const rest = new RestClient(offlineTarget(), recorder.send);
  const tag = "urn:vmomi:InventoryServiceTag:8d0f9a36-2222-4a4b-8d0e-5f6a7b8c9d0e:GLOBAL";
  const ops = [
    computePolicyOps.list(),
    computePolicyOps.get("a1f4c3de-8d7e-4f0a-b2c1-0e9d8c7b6a55"),
    computePolicyOps.capabilities(),
    computePolicyOps.create({
      capability: "vm_host_affinity",
      name: "p",
      description: "",
      vmTag: tag,
      hostTag: tag,
    }),
    computePolicyOps.delete("a1f4c3de-8d7e-4f0a-b2c1-0e9d8c7b6a55"),
  ];
  for (const op of ops) await rest.call(op);
  await rest.close();
  assert.equal(recorder.requests.length, ops.length + 2);
  assert.deepEqual(recorder.requests.flatMap((r) => checker.check(r)), []);
  const create = recorder.requests.find((r) => r.method === "POST" && r.url.pathname.endsWith("/policies"))!;
  assert.deepEqual(create.body, {
    capability: "com.vmware.vcenter.compute.policies.capabilities.vm_host_affinity",
    name: "p",
    description: "",
    vm_tag: tag,
    host_tag: tag,
  });
});
