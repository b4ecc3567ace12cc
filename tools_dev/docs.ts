/** `make docs`: rewrites docs/TOOLS.md and the README tool table from the registry. */
import { toolsMarkdown, withReadmeTable } from "../src/cli/docs.ts";
import { TOOLSETS } from "../src/tools/mod.ts";

const root = new URL("../", import.meta.url).pathname;
Deno.mkdirSync(`${root}docs`, { recursive: true });
Deno.writeTextFileSync(`${root}docs/TOOLS.md`, toolsMarkdown(TOOLSETS));
const readme = `${root}README.md`;
Deno.writeTextFileSync(readme, withReadmeTable(Deno.readTextFileSync(readme), TOOLSETS));
console.log("Wrote docs/TOOLS.md and the README tool table.");
