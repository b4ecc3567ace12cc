/**
 * vsphere-mcp entry point: parse the command line and configuration, build the app, pick a transport.
 * Wiring only; everything else lives under src/.
 */
import { parseEnv } from "node:util";
import { createApp } from "./src/app.ts";
import { check, toolsCall, toolsDescribe, toolsList } from "./src/cli/commands.ts";
import { CliError, parseCli } from "./src/cli/mod.ts";
import { ConfigError, describeConfigError, type Env, loadConfig } from "./src/config/mod.ts";
import { runGovernanceCommand } from "./src/governance/cli.ts";
import { createTranslator, detectLang } from "./src/i18n/mod.ts";
import { flushLogs, logger, setupLogging } from "./src/log/mod.ts";
import { serveMetrics } from "./src/metrics/server.ts";
import {
  fileRequirements,
  missingPermissions,
  netRequirements,
  type Requirement,
  sandboxedEnv,
} from "./src/preflight.ts";
import { HttpStartError, serveHttp } from "./src/transports/http.ts";
import { serveStdio } from "./src/transports/stdio.ts";
import { PRODUCT, VERSION } from "./src/version.ts";

/** Environment with a `.env` file underneath it: real variables win over the file. */
function readEnv(envFile: string | undefined): Env {
  const fromFile: Record<string, string> = {};
  if (envFile) {
    for (const [k, v] of Object.entries(parseEnv(Deno.readTextFileSync(envFile)))) {
      if (v !== undefined) fromFile[k] = v;
    }
  }
  return sandboxedEnv(fromFile);
}

async function main(argv: string[]): Promise<number> {
  const t = createTranslator(detectLang(sandboxedEnv()));
  const governanceExit = await runGovernanceCommand(argv, t);
  if (governanceExit !== undefined) return governanceExit;
  let cli;
  try {
    cli = parseCli(argv);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    console.error(t("cli.unknown_option", { detail: error.detail }));
    return 2;
  }
  if (cli.help) {
    console.log(t("cli.usage"));
    console.log(`\n${t("cli.usage_governance")}`);
    return 0;
  }
  if (cli.version) {
    console.log(`${PRODUCT} ${VERSION} (deno ${Deno.version.deno}, ${Deno.build.target})`);
    return 0;
  }

  const env = readEnv(cli.envFile);
  const reportMissing = (requirements: Requirement[]) => {
    const missing = missingPermissions(requirements);
    for (const m of missing) console.error(t("cli.permission_missing", { what: m.label, flag: m.flag }));
    return missing.length > 0;
  };
  if (reportMissing(fileRequirements(env))) return 3;
  let config;
  let app;
  try {
    config = loadConfig(env, cli.flags);
    // Fails closed: an unusable RBAC policy or audit log stops the start.
    app = createApp(config, detectLang(env));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${t("config.error_prefix")}: ${describeConfigError(error, t)}`);
    return 2;
  }
  if (reportMissing(netRequirements(config))) return 3;
  await setupLogging(config.logLevel, config.logFormat);
  const log = logger("main");
  if (app.registry.unknown.length) {
    log.warn(app.t("cli.unknown_names", { names: app.registry.unknown.join(", ") }));
  }

  switch (cli.command.name) {
    case "tools_list":
      return toolsList(app, cli.command.format);
    case "tools_describe":
      return toolsDescribe(app, cli.command.tool);
    case "tools_call": {
      const code = await toolsCall(app, cli.command.tool, cli.command.args, { yes: cli.command.yes });
      await app.close();
      return code;
    }
    case "check":
      return await check(app);
    case "serve":
      break;
  }

  if (!config.target) log.warn(app.t("cli.no_target"));
  else if (config.target.tls.mode === "insecure") {
    log.warn(app.t("cli.insecure_warning", { host: config.target.host }));
  }
  log.info("Starting {product} {version} with {count} tools over {transport}", {
    product: PRODUCT,
    version: VERSION,
    count: app.registry.exposed.length,
    transport: config.transport,
  });
  const metrics = config.metricsPort !== undefined
    ? serveMetrics(app.governance.renderMetrics, config.metricsPort)
    : undefined;
  if (metrics) log.info("Metrics on http://127.0.0.1:{port}/metrics", { port: metrics.port });

  if (config.transport === "http") {
    let http;
    try {
      http = serveHttp(app);
    } catch (error) {
      if (!(error instanceof HttpStartError)) throw error;
      log.error(error.message);
      await flushLogs();
      return 2;
    }
    log.info(app.t("cli.serve_http", { url: http.url.origin }));
    const stop = async () => {
      await http.shutdown();
      await metrics?.close();
      await app.close();
      await flushLogs();
      Deno.exit(0);
    };
    Deno.addSignalListener("SIGINT", stop);
    Deno.addSignalListener("SIGTERM", stop);
    await http.finished;
    return 0;
  }

  const shutdown = async () => {
    await metrics?.close();
    await app.close();
    await flushLogs();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", shutdown);
  Deno.addSignalListener("SIGTERM", shutdown);
  await serveStdio(app);
  await metrics?.close();
  await app.close();
  await flushLogs();
  return 0;
}

if (import.meta.main) {
  const code = await main(Deno.args);
  await flushLogs();
  Deno.exit(code);
}
