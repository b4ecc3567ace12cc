import assert from "node:assert/strict";
import { toolsMarkdown, withReadmeTable } from "../src/cli/docs.ts";
import { TOOLSETS } from "../src/tools/mod.ts";

const root = new URL("../", import.meta.url);

Deno.test("docs/TOOLS.md is generated from the registry (run `make docs` after changing a tool)", () => {
  assert.equal(Deno.readTextFileSync(new URL("docs/TOOLS.md", root)), toolsMarkdown(TOOLSETS));
});

Deno.test("the README tool table is generated from the registry (run `make docs` after changing a tool)", () => {
  const readme = Deno.readTextFileSync(new URL("README.md", root));
  assert.equal(readme, withReadmeTable(readme, TOOLSETS));
});
