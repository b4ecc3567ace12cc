/** Command-line parsing with node:util parseArgs (JSR's @std/cli cannot be installed here). */
import { parseArgs } from "node:util";
import type { ConfigFlags } from "../config/mod.ts";

export type Command =
  | { name: "serve" }
  | { name: "tools_list"; format: "text" | "json" | "markdown" }
  | { name: "tools_describe"; tool: string }
  | { name: "tools_call"; tool: string; args: string; yes: boolean }
  | { name: "check" };

export interface Cli {
  command: Command;
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
        tools: { type: "string" },
        "exclude-tools": { type: "string" },
        "read-only": { type: "boolean" },
        "allow-critical": { type: "boolean" },
        "http-allowed-hosts": { type: "string" },
        "anonymous-loopback": { type: "boolean" },
        "log-level": { type: "string" },
        "env-file": { type: "string" },
        "metrics-port": { type: "string" },
        json: { type: "boolean" },
        markdown: { type: "boolean" },
        args: { type: "string" },
        yes: { type: "boolean", short: "y" },
      },
    });
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const flags: ConfigFlags = {};
  if (values.transport !== undefined) flags.transport = values.transport;
  if (values.host !== undefined) flags.host = values.host;
  if (values.port !== undefined) flags.port = values.port;
  if (values.toolsets !== undefined) flags.toolsets = values.toolsets;
  if (values.tools !== undefined) flags.tools = values.tools;
  if (values["exclude-tools"] !== undefined) flags.excludeTools = values["exclude-tools"];
  if (values["read-only"] !== undefined) flags.readOnly = values["read-only"];
  if (values["allow-critical"] !== undefined) flags.allowCritical = values["allow-critical"];
  if (values["http-allowed-hosts"] !== undefined) flags.httpAllowedHosts = values["http-allowed-hosts"];
  if (values["anonymous-loopback"] !== undefined) flags.anonymousLoopback = values["anonymous-loopback"];
  if (values["log-level"] !== undefined) flags.logLevel = values["log-level"];
  if (values["metrics-port"] !== undefined) flags.metricsPort = values["metrics-port"];
  return {
    command: commandOf(positionals, values),
    help: values.help ?? false,
    version: values.version ?? false,
    ...(values["env-file"] !== undefined ? { envFile: values["env-file"] } : {}),
    flags,
  };
}

function commandOf(
  positionals: readonly string[],
  values: { json?: boolean; markdown?: boolean; args?: string; yes?: boolean },
): Command {
  const [first = "serve", second, third, ...rest] = positionals;
  const bad = () => new CliError(positionals.join(" "));
  if (first === "serve" || first === "check") {
    if (second !== undefined) throw bad();
    return { name: first };
  }
  if (first !== "tools" || rest.length) throw bad();
  if (second === "list" && third === undefined) {
    if (values.json && values.markdown) throw new CliError("--json --markdown");
    return { name: "tools_list", format: values.json ? "json" : values.markdown ? "markdown" : "text" };
  }
  if (second === "describe" && third) return { name: "tools_describe", tool: third };
  if (second === "call" && third) {
    return { name: "tools_call", tool: third, args: values.args ?? "{}", yes: values.yes ?? false };
  }
  throw bad();
}
