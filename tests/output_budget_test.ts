import assert from "node:assert/strict";
import { decodeCursor } from "../src/tools/shared/paging.ts";
import { connect, textOf } from "./helpers/mcp.ts";
import { startVcsim } from "./helpers/vcsim.ts";

type Page = {
  vms: { moref: string; name: string }[];
  total: number;
  next_cursor?: string;
  truncated?: boolean;
};

Deno.test("no tool result exceeds the output budget: a 1000-VM list is trimmed and continues by cursor", async () => {
  await using sim = await startVcsim({ model: { vm: 500 } });
  assert.ok(sim.vms >= 1000, `inventory of ${sim.vms} VMs`);
  await using mcp = await connect({ target: sim.target() });
  const seen = new Set<string>();
  let cursor: string | undefined;
  let pages = 0;
  let truncatedPages = 0;
  do {
    const result = await mcp.call("vm_list", { limit: 1000, ...(cursor ? { cursor } : {}) });
    const text = textOf(result);
    assert.ok(
      text.length / 4 <= 20_000,
      `page ${pages}: ${Math.ceil(text.length / 4)} tokens (budget 20000)`,
    );
    const page = result.structuredContent as Page;
    assert.deepEqual(JSON.parse(text), page, "the text block carries the same JSON");
    if (page.truncated) truncatedPages++;
    for (const vm of page.vms) {
      assert.ok(!seen.has(vm.moref), `${vm.moref} returned twice`);
      seen.add(vm.moref);
    }
    if (page.next_cursor) assert.equal(decodeCursor(page.next_cursor), seen.size);
    cursor = page.next_cursor;
    pages++;
  } while (cursor && pages < 20);
  assert.ok(truncatedPages >= 1, "the budget had to cut the 1000-item page");
  assert.equal(seen.size, sim.vms, "following the cursors returns every VM exactly once");
});

Deno.test("VSPHERE_OUTPUT_BUDGET_TOKENS lowers the cap", async () => {
  await using sim = await startVcsim();
  await using mcp = await connect({ target: sim.target(), outputBudgetTokens: 100 });
  const result = await mcp.call("vm_list", { limit: 100 });
  assert.ok(textOf(result).length <= 400);
  const page = result.structuredContent as Page;
  assert.equal(page.truncated, true);
  assert.ok(page.vms.length < sim.vms);
});
