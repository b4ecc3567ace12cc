import assert from "node:assert/strict";
import { createTranslator, LANGS } from "../src/i18n/mod.ts";
import { describeTool } from "../src/server/mcp.ts";
import { TOOLSETS } from "../src/tools/mod.ts";

/** tools/list JSON size in tokens, estimated as characters / 4 (no tokenizer is available offline). */
function estimatedTokens(ids: readonly string[], lang: (typeof LANGS)[number]): number {
  const t = createTranslator(lang);
  const tools = TOOLSETS.filter((ts) => ids.includes(ts.id)).flatMap((ts) => ts.tools);
  return Math.ceil(JSON.stringify(tools.map((tool) => describeTool(tool, t))).length / 4);
}

Deno.test("inventory, task and event stay within their share of the default tools/list budget", () => {
  const ids = ["inventory", "task", "event"];
  const tools = TOOLSETS.filter((ts) => ids.includes(ts.id)).flatMap((ts) => ts.tools);
  assert.ok(tools.length <= 10, `${tools.length} tools`);
  for (const lang of LANGS) {
    const tokens = estimatedTokens(ids, lang);
    assert.ok(tokens <= 5_400, `${lang}: ~${tokens} tokens`);
  }
});

Deno.test("every default toolset together stays within 40 tools and ~16k tokens", () => {
  const ids = TOOLSETS.filter((ts) => ts.default).map((ts) => ts.id);
  const count = TOOLSETS.filter((ts) => ts.default).reduce((n, ts) => n + ts.tools.length, 0);
  assert.ok(count <= 40, `${count} default tools`);
  for (const lang of LANGS) assert.ok(estimatedTokens(ids, lang) <= 16_000, lang);
});
