import assert from "node:assert/strict";
import { retrieveView } from "../src/vsphere/objects/property_collector.ts";
import { VSphereClient } from "../src/vsphere/client.ts";
import { connect, textOf } from "./helpers/mcp.ts";
import { startVcsim } from "./helpers/vcsim.ts";

Deno.test("vm_list lists exactly the simulator's VMs through a real MCP client", async () => {
  await using sim = await startVcsim({ model: { vm: 3, cluster: 2 } });
  await using mcp = await connect({ target: sim.target() });

  const { tools } = await mcp.client.listTools();
  const tool = tools.find((t) => t.name === "vm_list");
  assert(tool, "vm_list is listed");
  assert.equal(tool.annotations?.readOnlyHint, true);
  assert.equal(tool.annotations?.destructiveHint, false);
  assert.equal(tool.annotations?.idempotentHint, true);
  assert.equal(tool.annotations?.openWorldHint, true);
  assert(tool.outputSchema, "output schema is declared");
  assert.equal(tool.inputSchema.type, "object");

  // Ground truth straight from the SOAP API, independent of the tool's filtering and paging.
  const direct = new VSphereClient(sim.target());
  const expected: string[] = [];
  for await (const vm of retrieveView(direct, { type: "VirtualMachine", paths: ["name"] })) {
    expected.push(String(vm.props.name));
  }
  await direct.close();
  assert.equal(expected.length, sim.vms);

  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const result = await mcp.call("vm_list", { limit: 4, ...(cursor ? { cursor } : {}) });
    assert(!result.isError, textOf(result));
    const data = result.structuredContent as {
      vms: { name: string; moref: string }[];
      total: number;
      next_cursor?: string;
    };
    assert.equal(data.total, expected.length);
    assert.deepEqual(JSON.parse(textOf(result)), data, "JSON text fallback mirrors structuredContent");
    seen.push(...data.vms.map((v) => v.name));
    cursor = data.next_cursor;
    pages++;
  } while (cursor);
  assert.equal(pages, Math.ceil(expected.length / 4));
  assert.deepEqual([...seen].sort(), [...expected].sort());
});

Deno.test("vm_list filters by name glob and power state", async () => {
  await using sim = await startVcsim({ model: { vm: 2 } });
  await using mcp = await connect({ target: sim.target() });
  const all = (await mcp.call("vm_list", {})).structuredContent as {
    vms: { name: string; host: string | null }[];
  };
  const first = all.vms[0]!;
  assert(first.host, "host name is resolved");
  const byName = (await mcp.call("vm_list", { name: first.name.toUpperCase() })).structuredContent as {
    vms: { name: string }[];
  };
  assert.deepEqual(byName.vms.map((v) => v.name), [first.name]);
  const off = (await mcp.call("vm_list", { power_state: "poweredOff" })).structuredContent as {
    total: number;
  };
  assert.equal(off.total, 0, "the simulator powers on every VM it creates");
});

Deno.test("vm_list refuses a malformed cursor with a clear error", async () => {
  await using sim = await startVcsim();
  await using mcp = await connect({ target: sim.target() });
  const result = await mcp.call("vm_list", { cursor: "not-a-cursor" });
  assert.equal(result.isError, true);
  assert(textOf(result).includes("Invalid cursor"), textOf(result));
  assert(textOf(result).includes("Hint:"), textOf(result));
});

Deno.test("vm_list answers in Japanese when the server language is ja", async () => {
  await using mcp = await connect({ target: undefined }, { lang: "ja" });
  const { tools } = await mcp.client.listTools();
  assert.equal(tools.find((t) => t.name === "vm_list")?.title, "仮想マシンの一覧");
  const result = await mcp.call("vm_list", {});
  assert.equal(result.isError, true);
  assert(textOf(result).includes("vCenter が設定されていません"), textOf(result));
});
