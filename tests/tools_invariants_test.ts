/**
 * Invariants every tool must keep, and the committed tools/list snapshot. Both read the registry, so a
 * new tool is held to them without touching this file.
 */
import assert from "node:assert/strict";
import { toolsSnapshot } from "../src/cli/docs.ts";
import { listTokens } from "../src/cli/commands.ts";
import { catalog, createTranslator, LANGS, type MessageKey } from "../src/i18n/mod.ts";
import { DANGER_TIERS } from "../src/registry/define.ts";
import { buildRegistry } from "../src/registry/registry.ts";
import { describeTool } from "../src/server/mcp.ts";
import { TOOLSETS } from "../src/tools/mod.ts";

const ALL = TOOLSETS.flatMap((ts) => ts.tools);
const NAME = /^[a-z][a-z0-9_]{2,63}$/;
const SNAPSHOT = new URL("./__snapshots__/tools.json", import.meta.url);

Deno.test("tools/list schemas match the committed snapshot (run `make snapshots` after an intended change)", () => {
  const committed = Deno.readTextFileSync(SNAPSHOT);
  assert.equal(toolsSnapshot(TOOLSETS), committed);
});

Deno.test("every toolset id is unique and every tool sits in the toolset it declares", () => {
  const ids = TOOLSETS.map((ts) => ts.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const ts of TOOLSETS) for (const tool of ts.tools) assert.equal(tool.toolset, ts.id, tool.name);
  assert.ok(TOOLSETS.some((ts) => ts.default), "at least one default toolset");
});

Deno.test("every tool and alias name is snake_case, 3-64 characters, and unique", () => {
  const names = ALL.flatMap((tool) => [tool.name, ...(tool.aliases ?? [])]);
  for (const name of names) assert.match(name, NAME);
  assert.equal(new Set(names).size, names.length);
});

Deno.test("every tool lists all four annotations, honestly", () => {
  const t = createTranslator("en");
  for (const tool of ALL) {
    const listed = describeTool(tool, t);
    for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const) {
      assert.equal(typeof listed.annotations?.[hint], "boolean", `${tool.name}.${hint}`);
    }
    assert.ok(DANGER_TIERS.includes(tool.tier), tool.name);
    if (/_(list|get|info|describe|stats|events|status|query|search)$/.test(tool.name)) {
      assert.equal(tool.annotations.readOnlyHint, true, `${tool.name} reads, so readOnlyHint must be true`);
    }
    if (tool.annotations.readOnlyHint) {
      assert.equal(
        tool.annotations.destructiveHint,
        false,
        `${tool.name}: a read-only tool destroys nothing`,
      );
      assert.ok(!("confirm" in (listed.inputSchema.properties ?? {})), tool.name);
    } else {
      assert.ok("confirm" in (listed.inputSchema.properties ?? {}), `${tool.name} takes confirm`);
      assert.ok(tool.privileges.length > 0, `${tool.name} names the privileges it needs`);
    }
  }
});

Deno.test("no input schema has a top-level oneOf/anyOf/allOf (some clients reject the whole list)", () => {
  const t = createTranslator("en");
  for (const tool of ALL) {
    const schema = describeTool(tool, t).inputSchema as Record<string, unknown>;
    assert.equal(schema.type, "object", tool.name);
    for (const key of ["oneOf", "anyOf", "allOf", "not"]) assert.ok(!(key in schema), `${tool.name}: ${key}`);
  }
});

Deno.test("every tool has an English and a Japanese title and description, and every parameter a description", () => {
  for (const lang of LANGS) {
    const messages = catalog(lang);
    const t = createTranslator(lang);
    for (const tool of ALL) {
      for (const part of ["title", "description"]) {
        const key = `tools.${tool.name}.${part}`;
        assert.ok(messages[key]?.trim(), `${lang}: missing ${key}`);
      }
      const properties = (describeTool(tool, t).inputSchema.properties ?? {}) as Record<
        string,
        { description?: string }
      >;
      for (const [name, schema] of Object.entries(properties)) {
        assert.ok(schema.description?.trim(), `${lang}: ${tool.name}.${name} has no description`);
        assert.ok(!schema.description?.startsWith("param."), `${lang}: ${tool.name}.${name} shows a raw key`);
      }
      assert.notEqual(t(`tools.${tool.name}.title` as MessageKey), `tools.${tool.name}.title`);
    }
  }
});

Deno.test("the default exposure stays within 40 tools and 16k tokens of tools/list", () => {
  const registry = buildRegistry(TOOLSETS, { toolsets: ["default"] });
  const sizes = LANGS.map((lang) =>
    listTokens(registry.exposed.map((tool) => describeTool(tool, createTranslator(lang))))
  );
  console.log(
    `default exposure: ${registry.exposed.length} tools, tools/list ≈ ${sizes.join(" / ")} tokens (${
      LANGS.join(" / ")
    })`,
  );
  assert.ok(registry.exposed.length <= 40, `${registry.exposed.length} tools exposed by default (budget 40)`);
  for (const [i, size] of sizes.entries()) {
    assert.ok(size <= 16_000, `${LANGS[i]}: ${size} tokens (budget 16000)`);
  }
});
