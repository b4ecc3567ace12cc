/** Invariants of the host, datastore, resource and admin toolsets as tools/list emits them, en and ja. */
import assert from "node:assert/strict";
import { createTranslator } from "../src/i18n/mod.ts";
import { buildRegistry } from "../src/registry/registry.ts";
import { describeTool } from "../src/server/mcp.ts";
import { TOOLSETS } from "../src/tools/mod.ts";

const IDS = ["host", "datastore", "resource", "admin"];
const tools = TOOLSETS.filter((ts) => IDS.includes(ts.id)).flatMap((ts) => ts.tools);

Deno.test("host, datastore, resource and admin toolsets are optional and registered", () => {
  for (const id of IDS) {
    const ts = TOOLSETS.find((s) => s.id === id);
    assert.ok(ts, `toolset ${id} is registered`);
    assert.equal(ts.default, false);
  }
  assert.ok(tools.length >= 30);
  const registry = buildRegistry(TOOLSETS, { toolsets: IDS });
  assert.equal(registry.exposed.length, tools.length);
  for (const tool of tools) {
    for (const alias of tool.aliases ?? []) assert.equal(registry.find(alias)?.name, tool.name);
  }
  const readOnly = buildRegistry(TOOLSETS, { toolsets: IDS, readOnly: true }).exposed;
  assert.ok(readOnly.every((t) => t.annotations.readOnlyHint));
  assert.ok(readOnly.length >= 10);
});

for (const lang of ["en", "ja"] as const) {
  Deno.test(`every host/datastore/resource/admin tool is fully described in ${lang}`, () => {
    const t = createTranslator(lang);
    for (const tool of tools) {
      const listed = describeTool(tool, t);
      assert.ok(listed.title && !listed.title.startsWith("tools."), `${tool.name} title`);
      assert.ok(listed.description && !listed.description.startsWith("tools."), `${tool.name} description`);
      const schema = listed.inputSchema as { properties?: Record<string, { description?: string }> };
      assert.ok(!("anyOf" in schema) && !("oneOf" in schema), `${tool.name}: no top-level anyOf/oneOf`);
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        assert.ok(
          prop.description && !prop.description.startsWith("param."),
          `${tool.name}.${name} is described`,
        );
      }
      const a = listed.annotations!;
      for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const) {
        assert.equal(typeof a[hint], "boolean", `${tool.name} ${hint}`);
      }
      if (tool.annotations.readOnlyHint) {
        assert.equal(tool.tier, "low", `${tool.name}: read-only tools are low tier`);
        assert.equal(tool.annotations.destructiveHint, false);
      }
    }
  });
}

Deno.test("danger tiers follow the seed: host shutdown/disconnect and file delete critical, maintenance and advanced settings high", () => {
  const tier = (name: string) => tools.find((t) => t.name === name)?.tier;
  assert.equal(tier("host_power"), "critical");
  assert.equal(tier("host_connection"), "critical");
  assert.equal(tier("datastore_file_delete"), "critical");
  assert.equal(tier("container_delete"), "critical");
  assert.equal(tier("host_maintenance"), "high");
  assert.equal(tier("advanced_option"), "high");
});
