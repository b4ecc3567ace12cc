/**
 * Structured logging to stderr only — stdout belongs to the stdio transport. Backed by @logtape/logtape.
 * Every line passes the one redactor (./redact.ts) and carries the implicit context of the tool call it
 * belongs to (event id, tool, principal) set with `withLogContext`.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import {
  configure,
  dispose,
  getJsonLinesFormatter,
  getLogger,
  getStreamSink,
  getTextFormatter,
  type Logger,
  type LogRecord,
  type Sink,
  type TextFormatter,
  withContext,
} from "@logtape/logtape";
import { redact, redactText } from "./redact.ts";

export type LogLevel = "debug" | "info" | "warning" | "error";

let configured = false;

/** Context keys shown at the end of text lines (JSON lines carry every property anyway). */
const CONTEXT_KEYS = ["requestId", "eventId", "tool", "principal"] as const;

export interface LoggingOptions {
  /** Where formatted lines go instead of stderr (tests capture every line this way). */
  write?: (line: string) => void;
}

/** Applies the redactor to a record's values and properties before any formatter sees it. */
function redactRecord(record: LogRecord): LogRecord {
  return {
    ...record,
    message: record.message.map((part, i) => (i % 2 === 1 ? redact(part) : part)),
    properties: redact(record.properties) as Record<string, unknown>,
  };
}

export function createFormatter(format: "text" | "json"): TextFormatter {
  const base = format === "json" ? getJsonLinesFormatter({ properties: "flatten" }) : getTextFormatter({
    timestamp: "date-time",
    // Strings unquoted; everything else as JSON.
    value: (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v) ?? String(v)),
  });
  return (record) => {
    const clean = redactRecord(record);
    let line = base(clean);
    if (format === "text") {
      const ids = CONTEXT_KEYS.filter((k) => clean.properties[k] !== undefined)
        .map((k) => `${k}=${String(clean.properties[k])}`);
      if (ids.length) line = line.replace(/\n?$/, ` [${ids.join(" ")}]\n`);
    }
    // A second pass over the finished line catches secrets that a formatter rendered from objects.
    return redactText(line);
  };
}

export async function setupLogging(
  level: LogLevel,
  format: "text" | "json",
  options: LoggingOptions = {},
): Promise<void> {
  const formatter = createFormatter(format);
  const write = options.write;
  const sink: Sink = write ? (record) => write(formatter(record)) : getStreamSink(Deno.stderr.writable, {
    formatter,
  });
  await configure({
    reset: configured,
    contextLocalStorage: new AsyncLocalStorage<Record<string, unknown>>(),
    sinks: { out: sink },
    loggers: [
      { category: ["vsphere-mcp"], lowestLevel: level, sinks: ["out"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["out"] },
    ],
  });
  configured = true;
}

/** Runs `fn` so that every log line it causes carries `context` (event id, tool, principal...). */
export function withLogContext<T>(context: Record<string, unknown>, fn: () => T): T {
  return configured ? withContext(context, fn) : fn();
}

export function logger(...category: string[]): Logger {
  return getLogger(["vsphere-mcp", ...category]);
}

/** Flushes buffered log records; call before the process exits. */
export async function flushLogs(): Promise<void> {
  if (configured) await dispose();
  configured = false;
}
