import assert from "node:assert/strict";
import { formatDsPath, parseDsPath } from "./common.ts";
import { fileKind } from "./datastore_browse.ts";

Deno.test("parseDsPath() splits datastore paths and keeps bare paths relative", () => {
  assert.deepEqual(parseDsPath("[ds 1] vm1/vm1.vmx"), { datastore: "ds 1", path: "vm1/vm1.vmx" });
  assert.deepEqual(parseDsPath("[ds1]"), { datastore: "ds1", path: "" });
  assert.deepEqual(parseDsPath("/iso/a.iso"), { path: "iso/a.iso" });
  assert.equal(formatDsPath("ds1", ""), "[ds1]");
  assert.equal(formatDsPath("ds1", "a/b"), "[ds1] a/b");
});

Deno.test("fileKind() prefers the FileInfo subtype and falls back to the extension", () => {
  assert.equal(fileKind("FolderFileInfo", "x.vmdk"), "folder");
  assert.equal(fileKind("FileInfo", "disk.vmdk"), "vmdk");
  assert.equal(fileKind(undefined, "disk-flat.vmdk"), "file", "extents are not disks of their own");
  assert.equal(fileKind(undefined, "tmpl.vmtx"), "template");
  assert.equal(fileKind(undefined, "README"), "file");
});
