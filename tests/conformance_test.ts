import assert from "node:assert/strict";
import { createApp } from "../src/app.ts";
import { loadConfig } from "../src/config/mod.ts";
import { serveHttp } from "../src/transports/http.ts";
import { runScenario, SCENARIOS } from "./helpers/conformance.ts";

Deno.test("the official MCP conformance suite passes against the HTTP transport", async (t) => {
  // Single-user loopback mode: the suite sends no bearer token (token auth is tested in http_test.ts).
  const app = createApp({ ...loadConfig({}), anonymousLoopback: true }, "en");
  const http = serveHttp(app, { hostname: "127.0.0.1", port: 0 });
  try {
    for (const scenario of SCENARIOS) {
      await t.step(scenario, async () => {
        const run = await runScenario(new URL("/mcp", http.url), scenario);
        assert.ok(run.ok, run.output);
        assert.equal(run.failed, 0, run.output);
      });
    }
  } finally {
    await http.shutdown();
    await app.close();
  }
});
