/** `deno task conformance`: runs the official MCP conformance scenarios against an in-process HTTP server. */
import { createApp } from "../src/app.ts";
import { loadConfig } from "../src/config/mod.ts";
import { serveHttp } from "../src/transports/http.ts";
import { runScenario, SCENARIOS } from "../tests/helpers/conformance.ts";

// Single-user loopback mode: the suite sends no bearer token.
const app = createApp({ ...loadConfig({}), anonymousLoopback: true }, "en");
const http = serveHttp(app, { hostname: "127.0.0.1", port: 0 });
let failed = 0;
for (const scenario of Deno.args.length ? Deno.args : SCENARIOS) {
  const run = await runScenario(new URL("/mcp", http.url), scenario);
  if (!run.ok) failed++;
  console.log(
    `${
      run.ok ? "PASS" : "FAIL"
    } ${scenario}: ${run.passed} passed, ${run.failed} failed, ${run.warnings} warnings`,
  );
  if (!run.ok) console.log(run.output);
}
await http.shutdown();
await app.close();
Deno.exit(failed ? 1 : 0);
