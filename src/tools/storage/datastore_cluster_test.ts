import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { preview, previewThenConfirm, structured } from "../../../tests/helpers/confirm.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { asObject, bool, refs, str } from "../shared/vim_values.ts";

function setup() {
  return simEnv(["storage"], { model: { ds: 3 } });
}

async function pods(direct: VSphereClient): Promise<Map<string, MoRef>> {
  const out = new Map<string, MoRef>();
  for await (const p of retrieveView(direct, { type: "StoragePod", paths: ["name"] })) {
    out.set(String(p.props.name), p.ref);
  }
  return out;
}

Deno.test("datastore_cluster creates a pod, adds a datastore, configures SDRS; list and recommend read it back", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  const create = { action: "create", datastore_cluster: "pod-gold", datacenter: "DC0" };
  const { first } = await previewThenConfirm(mcp, "datastore_cluster", create, async () => {
    assert.equal((await pods(direct)).has("pod-gold"), false, "the preview created nothing");
  });
  assert.equal(first.preview?.method, "CreateStoragePod");
  assert.equal(first.preview?.tier, "high");
  const pod = (await pods(direct)).get("pod-gold");
  assert.ok(pod, "the datastore cluster really exists");
  assert.equal(structured(await mcp.call("datastore_cluster", create)).status, "unchanged");

  const add = { action: "add_datastore", datastore_cluster: "pod-gold", datastore: "LocalDS_1" };
  const added = await previewThenConfirm(mcp, "datastore_cluster", add);
  assert.equal(added.first.preview?.method, "MoveIntoFolder_Task");
  const children = refs((await retrieveOne(direct, pod, ["childEntity"])).childEntity);
  assert.equal(children.length, 1);
  assert.equal(str((await retrieveOne(direct, children[0]!, ["name"])).name), "LocalDS_1");
  assert.equal(structured(await mcp.call("datastore_cluster", add)).status, "unchanged");

  const configure = {
    action: "configure_sdrs",
    datastore_cluster: "pod-gold",
    sdrs_enabled: true,
    automation: "automated",
  };
  const conf = await previewThenConfirm(mcp, "datastore_cluster", configure);
  assert.equal(conf.first.preview?.method, "ConfigureStorageDrsForPod_Task");
  const config = asObject(
    (await retrieveOne(direct, pod, ["podStorageDrsEntry.storageDrsConfig.podConfig"]))[
      "podStorageDrsEntry.storageDrsConfig.podConfig"
    ],
  );
  assert.equal(bool(config.enabled), true);
  assert.equal(str(config.defaultVmBehavior), "automated", "SDRS really is automated");

  const list = structured(await mcp.call("datastore_cluster_list", {})) as unknown as {
    datastore_clusters: {
      name: string;
      datastores: { name: string }[];
      automation: string;
      sdrs_enabled: boolean;
    }[];
  };
  const gold = list.datastore_clusters.find((p) => p.name === "pod-gold")!;
  assert.deepEqual(gold.datastores.map((d) => d.name), ["LocalDS_1"]);
  assert.equal(gold.automation, "automated");

  const rec = structured(
    await mcp.call("datastore_cluster_list", {
      action: "recommend",
      datastore_cluster: "pod-gold",
      vm: "DC0_H0_VM0",
    }),
  ) as unknown as { recommendations: { key: string; destination_name: string }[] };
  assert.deepEqual(rec.recommendations.map((r) => r.destination_name), ["LocalDS_1"]);
  assert.equal(rec.recommendations[0]!.key, "1");

  const info = (await mcp.call("datastore_storage_info", { datastore: "LocalDS_1" })).structuredContent as {
    backing: { kind: string; local_path?: string };
    datastore_cluster: string | null;
    sioc: { enabled: boolean };
    mounts: { host: string; mode: string; accessible: boolean | null }[];
  };
  assert.equal(info.backing.kind, "local");
  assert.ok(info.backing.local_path);
  assert.equal(info.datastore_cluster, "pod-gold", "the datastore's parent really is the pod");
  assert.equal(info.sioc.enabled, false);
  assert.ok(info.mounts.length >= 1);
  assert.ok(info.mounts.every((m) => m.mode === "readWrite" && /^DC0_/.test(m.host)));

  const remove = { action: "remove_datastore", datastore_cluster: "pod-gold", datastore: "LocalDS_1" };
  // vcsim's datastore folder refuses MoveIntoFolder for datastores (NotSupported); vCenter moves it back.
  const p = await preview(mcp, "datastore_cluster", remove);
  assert.equal(p.preview?.method, "MoveIntoFolder_Task");
  const refused = await mcp.call("datastore_cluster", {
    ...remove,
    confirm: true,
    confirmation_handle: p.confirmation_handle,
  });
  assert.equal(refused.isError, true);
  assert.match(textOf(refused), /not supported/i);

  const noSettings = await mcp.call("datastore_cluster", {
    action: "configure_sdrs",
    datastore_cluster: "pod-gold",
  });
  assert.equal(noSettings.isError, true);
  assert.match(textOf(noSettings), /at least one setting/);
});
