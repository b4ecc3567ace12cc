/**
 * Structured logging to stderr only — stdout belongs to the stdio transport. Backed by @logtape/logtape.
 */
import {
  configure,
  dispose,
  getJsonLinesFormatter,
  getLogger,
  getStreamSink,
  getTextFormatter,
  type Logger,
} from "@logtape/logtape";

export type LogLevel = "debug" | "info" | "warning" | "error";

let configured = false;

export async function setupLogging(level: LogLevel, format: "text" | "json"): Promise<void> {
  const formatter = format === "json" ? getJsonLinesFormatter() : getTextFormatter({
    timestamp: "date-time",
    // Strings unquoted; everything else as JSON.
    value: (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v) ?? String(v)),
  });
  await configure({
    reset: configured,
    sinks: {
      stderr: getStreamSink(Deno.stderr.writable, { formatter }),
    },
    loggers: [
      { category: ["vsphere-mcp"], lowestLevel: level, sinks: ["stderr"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["stderr"] },
    ],
  });
  configured = true;
}

export function logger(...category: string[]): Logger {
  return getLogger(["vsphere-mcp", ...category]);
}

/** Flushes buffered log records; call before the process exits. */
export async function flushLogs(): Promise<void> {
  if (configured) await dispose();
}
