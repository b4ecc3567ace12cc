/** `make snapshots`: rewrites the tools/list schema snapshot after an intended schema change. */
import { toolsSnapshot } from "../src/cli/docs.ts";
import { TOOLSETS } from "../src/tools/mod.ts";

const root = new URL("../", import.meta.url).pathname;
Deno.mkdirSync(`${root}tests/__snapshots__`, { recursive: true });
Deno.writeTextFileSync(`${root}tests/__snapshots__/tools.json`, toolsSnapshot(TOOLSETS));
console.log("Wrote tests/__snapshots__/tools.json — review the diff before committing.");
