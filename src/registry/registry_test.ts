import assert from "node:assert/strict";
import { z } from "zod";
import { type AnyTool, defineTool, defineToolset } from "./define.ts";
import { buildRegistry } from "./registry.ts";

function tool(name: string, toolset: string, readOnly: boolean): AnyTool {
  return defineTool({
    name,
    toolset,
    input: () => ({ x: z.string().optional().describe("x") }),
    output: {},
    annotations: {
      readOnlyHint: readOnly,
      destructiveHint: !readOnly,
      idempotentHint: readOnly,
      openWorldHint: true,
    },
    tier: readOnly ? "low" : "medium",
    privileges: [],
    aliases: [`old_${name}`],
    handler: () => Promise.resolve({}),
  });
}

const sets = [
  defineToolset({ id: "a", default: true, tools: [tool("a_read", "a", true), tool("a_write", "a", false)] }),
  defineToolset({ id: "b", default: false, tools: [tool("b_read", "b", true)] }),
];
const names = (r: ReturnType<typeof buildRegistry>) => r.exposed.map((t) => t.name);

Deno.test("buildRegistry() selects default, all, named toolsets and extra tools", () => {
  assert.deepEqual(names(buildRegistry(sets, { toolsets: ["default"] })), ["a_read", "a_write"]);
  assert.deepEqual(names(buildRegistry(sets, { toolsets: ["all"] })), ["a_read", "a_write", "b_read"]);
  assert.deepEqual(names(buildRegistry(sets, { toolsets: ["b"], tools: ["a_read"] })), ["a_read", "b_read"]);
});

Deno.test("buildRegistry() applies exclusions and read-only mode over any selection", () => {
  assert.deepEqual(names(buildRegistry(sets, { toolsets: ["all"], excludeTools: ["a_read"] })), [
    "a_write",
    "b_read",
  ]);
  assert.deepEqual(names(buildRegistry(sets, { toolsets: ["all"], tools: ["a_write"], readOnly: true })), [
    "a_read",
    "b_read",
  ]);
});

Deno.test("buildRegistry() reports unknown names and resolves aliases of exposed tools only", () => {
  const r = buildRegistry(sets, { toolsets: ["a", "nope"], tools: ["ghost"] });
  assert.deepEqual(r.unknown, ["nope", "ghost"]);
  assert.equal(r.find("old_a_read")?.name, "a_read");
  assert.equal(r.find("b_read"), undefined);
});

Deno.test("defineToolset() refuses a tool that declares another toolset", () => {
  assert.throws(
    () => defineToolset({ id: "b", default: false, tools: [tool("x", "a", true)] }),
    /declares toolset/,
  );
});
