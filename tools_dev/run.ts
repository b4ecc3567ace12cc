/**
 * `make run`: without VSPHERE_HOST, starts a local simulator; then serves MCP over Streamable HTTP on
 * 127.0.0.1 against it (or against $VSPHERE_HOST) and prints ready client configurations — the URL form
 * for this running server, and the stdio form that launches its own server. Runs until Ctrl-C.
 */
import { parseEnv } from "node:util";
import { createApp } from "../src/app.ts";
import { loadConfig } from "../src/config/mod.ts";
import { detectLang } from "../src/i18n/mod.ts";
import { flushLogs, setupLogging } from "../src/log/mod.ts";
import { type HttpServer, serveHttp } from "../src/transports/http.ts";
import { startVcsim, type Vcsim } from "../tests/helpers/vcsim.ts";

const root = new URL("../", import.meta.url).pathname;
let sim: Vcsim | undefined;
let envFile: string | undefined;

if (!Deno.env.get("VSPHERE_HOST")) {
  sim = await startVcsim({ model: { vm: 4, cluster: 2 } });
  envFile = `${root}.tools/dev.env`;
  const lines = Object.entries(sim.env()).map(([k, v]) => `${k}=${v}`);
  Deno.writeTextFileSync(envFile, lines.join("\n") + "\n", { mode: 0o600 });
  console.error(`Simulator: ${sim.url} (${sim.vms} VMs, TLS with test CA ${sim.caFile})`);
}

const env = { ...(envFile ? parseEnv(Deno.readTextFileSync(envFile)) : {}), ...Deno.env.toObject() };
// Single-user loopback mode for the developer at this machine; a shared server uses bearer tokens.
const config = {
  ...loadConfig(env),
  transport: "http" as const,
  httpHost: "127.0.0.1",
  anonymousLoopback: true,
};
await setupLogging(config.logLevel, config.logFormat);
const app = createApp(config, detectLang(env));
let http: HttpServer;
try {
  http = serveHttp(app);
} catch (error) {
  if (!(error instanceof Deno.errors.AddrInUse)) throw error;
  console.error(`Port ${config.httpPort} is busy; using a free port instead.`);
  http = serveHttp(app, { port: 0 });
}
const url = new URL("/mcp", http.url).href;

const stdioArgs = ["run", "--allow-net", "--allow-env", "--allow-read", `${root}main.ts`];
if (envFile) stdioArgs.push("--env-file", envFile);
const urlSnippet = { mcpServers: { vsphere: { type: "http", url } } };
const stdioSnippet = {
  mcpServers: {
    vsphere: {
      type: "stdio",
      command: Deno.execPath(),
      args: stdioArgs,
      ...(envFile ? {} : {
        env: {
          VSPHERE_HOST: Deno.env.get("VSPHERE_HOST"),
          VSPHERE_USER: Deno.env.get("VSPHERE_USER") ?? "",
          VSPHERE_PASSWORD_FILE: Deno.env.get("VSPHERE_PASSWORD_FILE") ?? "/path/to/password-file",
        },
      }),
    },
  },
};
console.log(
  `vsphere-mcp is serving Streamable HTTP at ${url} (legacy SSE at ${new URL("/sse", http.url).href}).\n`,
);
console.log("Connect a client to this running server (e.g. .mcp.json for Claude Code):\n");
console.log(JSON.stringify(urlSnippet, null, 2));
console.log("\nOr let the client start its own server over stdio:\n");
console.log(JSON.stringify(stdioSnippet, null, 2));
console.log("\nPress Ctrl-C to stop" + (sim ? " the server and the simulator." : " the server."));

const stop = async () => {
  await http.shutdown();
  await app.close();
  await sim?.stop();
  await flushLogs();
  Deno.exit(0);
};
Deno.addSignalListener("SIGINT", stop);
Deno.addSignalListener("SIGTERM", stop);
await http.finished;
