import assert from "node:assert/strict";
import { createTranslator } from "../../i18n/mod.ts";
import { describeTool } from "../../server/mcp.ts";
import { snapshotToolset } from "../snapshot/mod.ts";
import { vmToolset } from "./mod.ts";

/** tools/list size of the vm and snapshot toolsets in tokens (chars / 4), per language. */
function tokens(lang: "en" | "ja"): number {
  const t = createTranslator(lang);
  const tools = [...vmToolset.tools, ...snapshotToolset.tools].map((tool) => describeTool(tool, t));
  return Math.round(JSON.stringify({ tools }).length / 4);
}

Deno.test("the vm and snapshot toolsets stay within their share of the default tools/list budget", () => {
  const count = vmToolset.tools.length + snapshotToolset.tools.length;
  assert.ok(count <= 14, `${count} tools`);
  // Measured 2026-11: en ≈ 11.0k, ja ≈ 10.1k tokens, of which ≈ 4.6k are the framework's confirmation
  // envelope and confirm inputs repeated on each of the 13 non-read-only tools.
  for (const lang of ["en", "ja"] as const) {
    const size = tokens(lang);
    assert.ok(size <= 11_500, `${lang}: ${size} tokens`);
  }
});

Deno.test("each vm/snapshot tool's tier matches its most dangerous action", () => {
  const tiers = Object.fromEntries(
    [...vmToolset.tools, ...snapshotToolset.tools].map((t) => [t.name, t.tier]),
  );
  assert.deepEqual(tiers, {
    vm_power: "medium",
    vm_reconfigure: "medium",
    vm_disk: "medium",
    vm_nic: "medium",
    vm_cdrom: "medium",
    vm_extra_config: "high",
    vm_create: "medium",
    vm_clone: "high",
    vm_relocate: "high",
    vm_lifecycle: "high",
    vm_destroy: "critical",
    snapshot_list: "low",
    snapshot_create: "medium",
    snapshot_manage: "high",
  });
});
