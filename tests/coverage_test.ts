import assert from "node:assert/strict";
import { COVERAGE_PATH, renderCoverage, resolveSeedTool } from "../tools_dev/gen_coverage.ts";
import { SEED_COVERAGE, TOOL_VERIFICATION } from "../src/tools/coverage.ts";
import { PRO_TOOLS, SEED_MODULES } from "../src/tools/coverage_seed.ts";
import { TOOLSETS } from "../src/tools/mod.ts";

const toolNames = new Set(TOOLSETS.flatMap((ts) => ts.tools.map((t) => t.name)));
const seedNames = new Set([...SEED_MODULES.flatMap((m) => [...m.reads, ...m.writes]), ...PRO_TOOLS]);

Deno.test("coverage catalog has the seed's 71 modules and 657 tools", () => {
  assert.equal(SEED_MODULES.length, 71);
  assert.equal(SEED_MODULES.reduce((n, m) => n + m.reads.length + m.writes.length, 0), 657);
});

Deno.test("coverage maps only reference tools, onto tools the registry has", () => {
  for (const [seed, cover] of Object.entries(SEED_COVERAGE)) {
    assert.ok(seedNames.has(seed), `"${seed}" is not a tool of either reference design`);
    assert.ok(toolNames.has(cover.tool), `"${seed}" maps to "${cover.tool}", which is not in TOOLSETS`);
  }
  for (const tool of Object.keys(TOOL_VERIFICATION)) {
    assert.ok(toolNames.has(tool), `TOOL_VERIFICATION names "${tool}", which is not in TOOLSETS`);
  }
});

Deno.test("a tool declared simulator-verified has a simulator test that calls it", async () => {
  const tests: string[] = [];
  const walk = async (dir: URL) => {
    for await (const entry of Deno.readDir(dir)) {
      const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
      if (entry.isDirectory) await walk(url);
      else if (entry.name.endsWith("_test.ts")) tests.push(await Deno.readTextFile(url));
    }
  };
  await walk(new URL("../src/", import.meta.url));
  await walk(new URL("./", import.meta.url));
  for (const [tool, verification] of Object.entries(TOOL_VERIFICATION)) {
    if (!verification.startsWith("simulator")) continue;
    assert.ok(
      // A simulator test starts vcsim itself or through simEnv() (tests/helpers/sim_env.ts).
      tests.some((t) => (t.includes("startVcsim") || t.includes("simEnv(")) && t.includes(`"${tool}"`)),
      `${tool} is declared simulator-verified but no simulator test calls it`,
    );
  }
});

Deno.test("every seed tool a tool lists as an alias counts as covered by it", () => {
  for (const tool of TOOLSETS.flatMap((ts) => ts.tools)) {
    for (const alias of tool.aliases ?? []) {
      if (!seedNames.has(alias) || SEED_COVERAGE[alias]) continue;
      assert.equal(resolveSeedTool(alias, TOOLSETS)?.tool.name, tool.name);
    }
  }
});

Deno.test("docs/COVERAGE.md is what `make coverage` generates from the registry", async () => {
  const onDisk = await Deno.readTextFile(COVERAGE_PATH);
  assert.ok(onDisk === renderCoverage(), "docs/COVERAGE.md is stale: run `make coverage` and commit it");
});
