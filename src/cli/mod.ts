/** Command-line parsing with node:util parseArgs (JSR's @std/cli cannot be installed here). */
import { parseArgs } from "node:util";
import type { ConfigFlags } from "../config/mod.ts";

export interface Cli {
  command: "serve";
  help: boolean;
  version: boolean;
  envFile?: string;
  flags: ConfigFlags;
}

export class CliError extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = "CliError";
  }
}

export function parseCli(argv: readonly string[]): Cli {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
        transport: { type: "string" },
        host: { type: "string" },
        port: { type: "string" },
        toolsets: { type: "string" },
        "read-only": { type: "boolean" },
        "log-level": { type: "string" },
        "env-file": { type: "string" },
        "allow-critical": { type: "boolean" },
        "metrics-port": { type: "string" },
      },
    });
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [command = "serve", ...rest] = positionals;
  if (command !== "serve" || rest.length) throw new CliError(positionals.join(" "));
  const flags: ConfigFlags = {};
  if (values.transport !== undefined) flags.transport = values.transport;
  if (values.host !== undefined) flags.host = values.host;
  if (values.port !== undefined) flags.port = values.port;
  if (values.toolsets !== undefined) flags.toolsets = values.toolsets;
  if (values["read-only"] !== undefined) flags.readOnly = values["read-only"];
  if (values["log-level"] !== undefined) flags.logLevel = values["log-level"];
  if (values["allow-critical"] !== undefined) flags.allowCritical = values["allow-critical"];
  if (values["metrics-port"] !== undefined) flags.metricsPort = values["metrics-port"];
  return {
    command,
    help: values.help ?? false,
    version: values.version ?? false,
    ...(values["env-file"] !== undefined ? { envFile: values["env-file"] } : {}),
    flags,
  };
}
