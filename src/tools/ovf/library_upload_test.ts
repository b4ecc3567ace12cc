import assert from "node:assert/strict";
import { connect } from "../../../tests/helpers/mcp.ts";
import { previewThenConfirm } from "../../../tests/helpers/confirm.ts";
import { offlineTarget, OpenApiChecker, recordingRoundTripper } from "../../../tests/helpers/openapi.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { RestClient } from "../../vsphere/rest/client.ts";
import { ContentLibraryManager } from "../../vsphere/rest/content_library.ts";
import { resolveDatastore } from "../shared/vim_values.ts";
import { uploadOps } from "./library_upload.ts";

Deno.test("library_item_upload creates an item and uploads a datastore file into it for real", async () => {
  const sim = await startVcsim();
  const mcp = await connect({ target: sim.target(), toolsets: ["ovf"] });
  const direct = new VSphereClient(sim.target());
  const libraries = new ContentLibraryManager(direct.rest);
  try {
    const ds = await resolveDatastore(direct, "LocalDS_0");
    const lib = await libraries.createLocal({
      name: "media",
      storage_backings: [{ type: "DATASTORE", datastore_id: ds.ref.value }],
    });
    await previewThenConfirm(mcp, "datastore_file_upload", {
      path: "[LocalDS_0] iso/tools.iso",
      content: "ISO-BYTES-0123456789",
    });
    const args = { library: "media", item: "vmware-tools", source: "[LocalDS_0] iso/tools.iso" };
    const { first, done } = await previewThenConfirm(mcp, "library_item_upload", args, async () => {
      assert.deepEqual(await libraries.listItems(lib), [], "the preview created nothing");
    });
    assert.equal(first.preview?.tier, "medium");
    assert.equal(first.preview?.args?.size, 20);
    const items = await libraries.listItems(lib);
    assert.equal(items.length, 1, "the item really exists");
    const item = await libraries.getItem(items[0]!);
    assert.equal(item.name, "vmware-tools");
    assert.equal(item.type, "iso");
    assert.equal(done.result?.created, true);
    const files = await direct.rest.call<{ name: string; size: number }[]>(uploadOps.listFiles(item.id));
    assert.deepEqual(
      files.map((f) => [f.name, f.size]),
      [["tools.iso", 20]],
      "the file really is in the item",
    );

    const again = await previewThenConfirm(mcp, "library_item_upload", { ...args, file_name: "tools-2.iso" });
    assert.equal(again.done.result?.created, false);
    assert.equal(again.done.result?.item, item.id);
    assert.deepEqual(((again.done.result?.files ?? []) as { name: string }[]).map((f) => f.name).sort(), [
      "tools-2.iso",
      "tools.iso",
    ]);
  } finally {
    await direct.close();
    await mcp.close();
    await sim.stop();
  }
});

Deno.test("library_item_upload's update-session requests match VMware's OpenAPI in both flavours", async () => {
  const checker = await OpenApiChecker.load(["8.0.2/cis.json", "8.0.2/content.json", "8.0.2/session.json"]);
  for (const flavour of ["api", "rest"] as const) {
    const recorder = recordingRoundTripper((r) => {
      const value = r.url.pathname.endsWith("/session") ? "token-1" : "placeholder";
      return flavour === "rest" ? { value } : value;
    });
    const rest = new RestClient(offlineTarget(flavour), recorder.send);
    const item = "a1f4c3de-8d7e-4f0a-b2c1-0e9d8c7b6a55";
    const session = "5c1e8a0b-2d3f-4e5a-9b8c-7d6e5f4a3b2c";
    for (
      const op of [
        uploadOps.createItem("7b5b8c56-3a55-4c7e-a0c1-9b2f7f3e1d11", "tools", "iso"),
        uploadOps.createSession(item),
        uploadOps.addFile(session, "tools.iso", 20),
        uploadOps.finish(session, "complete"),
        uploadOps.finish(session, "cancel"),
        uploadOps.listFiles(item),
      ]
    ) await rest.call(op);
    await rest.close();
    assert.equal(recorder.requests.length, 8);
    assert.deepEqual(recorder.requests.flatMap((r) => checker.check(r)), [], flavour);
  }
});
