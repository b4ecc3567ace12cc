/**
 * Configuration: one schema, sources merged as flags > environment > `.env` file > defaults.
 * Environment names follow the seed (`VSPHERE_*`); the second reference design's names are aliases.
 */
import { z } from "zod";
import type { MessageKey, MessageParams } from "../i18n/mod.ts";

/** A configuration problem, reported before anything connects; text comes from the locale. */
export class ConfigError extends Error {
  constructor(readonly key: MessageKey, readonly params: MessageParams = {}) {
    super(`${key} ${JSON.stringify(params)}`);
    this.name = "ConfigError";
  }
}

export type TlsMode = "verify" | "thumbprint" | "insecure";

export interface TlsSettings {
  mode: TlsMode;
  /** Extra trusted CA certificates (PEM), e.g. the vCenter VMCA root. */
  caPem?: string;
  caFile?: string;
  /** Normalized upper-case colon-separated SHA-1 or SHA-256 fingerprint. */
  thumbprint?: string;
}

export interface VSphereTarget {
  host: string;
  port: number;
  user: string;
  /** Never logged; the redactor also scrubs this value wherever it might appear. */
  password: string;
  tls: TlsSettings;
  timeoutMs: number;
}

export type Transport = "stdio" | "http";

export interface Config {
  /** Undefined when no vCenter is configured (e.g. `--help`, or `make run` starting the simulator). */
  target: VSphereTarget | undefined;
  transport: Transport;
  httpHost: string;
  httpPort: number;
  logLevel: "debug" | "info" | "warning" | "error";
  logFormat: "text" | "json";
  toolsets: string[];
  /** Individual tools added on top of the toolsets (VSPHERE_TOOLS). */
  tools: string[];
  /** Tools never exposed, whatever else selects them (VSPHERE_EXCLUDE_TOOLS). */
  excludeTools: string[];
  readOnly: boolean;
  /** Expose critical-tier tools (delete VM, host shutdown, ...) — off unless asked for. */
  allowCritical: boolean;
  /** "handle": preview + single-use handle (default). "flag": also accept a bare confirm=true (seed compat). */
  confirmMode: "handle" | "flag";
  /** Hard cap on one tool result, in tokens estimated as characters / 4. */
  outputBudgetTokens: number;
  /** Host names accepted in Host/Origin headers besides loopback and the bind address. */
  allowedHosts: string[];
  /** HTTP sessions idle longer than this are closed. */
  sessionIdleSeconds: number;
}

/** Canonical env name → aliases accepted for migrating users (first found wins). */
export const ENV_ALIASES: Readonly<Record<string, readonly string[]>> = {
  VSPHERE_HOST: ["VCENTER_HOST"],
  VSPHERE_USER: ["VCENTER_USER"],
  VSPHERE_PASSWORD: ["VCENTER_PASSWORD"],
  VSPHERE_IGNORE_SSL: ["INSECURE"],
  VSPHERE_CA_FILE: ["VCENTER_CA_BUNDLE"],
};

export type Env = Readonly<Record<string, string | undefined>>;

/** Reads a canonical variable or one of its aliases; blank counts as unset. */
export function envValue(env: Env, name: string): string | undefined {
  for (const key of [name, ...(ENV_ALIASES[name] ?? [])]) {
    const value = env[key]?.trim();
    if (value) return value;
  }
  return undefined;
}

const boolText = z.enum(["true", "false", "1", "0", "yes", "no", "on", "off"]);
function parseBool(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  const parsed = boolText.safeParse(value.toLowerCase());
  if (!parsed.success) throw new ConfigError("config.invalid_bool", { name, value });
  return ["true", "1", "yes", "on"].includes(parsed.data);
}

function parseInteger(name: string, value: string | undefined, fallback: number, min: number, max: number) {
  if (value === undefined) return fallback;
  const parsed = z.coerce.number().int().min(min).max(max).safeParse(value);
  if (!parsed.success) throw new ConfigError("config.invalid_number", { name, value, min, max });
  return parsed.data;
}

function parseChoice<T extends string>(
  name: string,
  value: string | undefined,
  choices: readonly T[],
  fallback: T,
) {
  if (value === undefined) return fallback;
  const found = choices.find((c) => c === value.toLowerCase());
  if (!found) throw new ConfigError("config.invalid_choice", { name, value, choices: choices.join("|") });
  return found;
}

/** Colon-separated upper-case hex; accepts bare hex or lower case, 20 (SHA-1) or 32 (SHA-256) bytes. */
export function normalizeThumbprint(value: string): string {
  const hex = value.replace(/[:\s]/g, "").toUpperCase();
  if (!/^[0-9A-F]+$/.test(hex) || (hex.length !== 40 && hex.length !== 64)) {
    throw new ConfigError("config.invalid_thumbprint", { value });
  }
  return hex.match(/../g)!.join(":");
}

/** The password file must not be readable by group or others (like ssh keys). */
function readPasswordFile(path: string): string {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch (error) {
    throw new ConfigError("config.file_unreadable", {
      name: "VSPHERE_PASSWORD_FILE",
      path,
      reason: String(error),
    });
  }
  if (info.mode !== null && (info.mode & 0o077) !== 0) {
    throw new ConfigError("config.password_file_mode", { path, mode: (info.mode & 0o777).toString(8) });
  }
  const password = Deno.readTextFileSync(path).replace(/\r?\n$/, "");
  if (!password) throw new ConfigError("config.password_file_empty", { path });
  return password;
}

function readCaFile(path: string): string {
  try {
    const pem = Deno.readTextFileSync(path);
    if (!pem.includes("-----BEGIN CERTIFICATE-----")) {
      throw new ConfigError("config.ca_file_invalid", { path });
    }
    return pem;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError("config.file_unreadable", { name: "VSPHERE_CA_FILE", path, reason: String(error) });
  }
}

/** Builds the vCenter target from the environment, or undefined when VSPHERE_HOST is unset. */
export function loadTarget(env: Env): VSphereTarget | undefined {
  const rawHost = envValue(env, "VSPHERE_HOST");
  if (!rawHost) return undefined;
  // Accept "vc01.corp", "vc01.corp:8443" and "https://vc01.corp/sdk" alike.
  let url: URL;
  try {
    url = new URL(rawHost.includes("://") ? rawHost : `https://${rawHost}`);
  } catch {
    throw new ConfigError("config.invalid_host", { value: rawHost });
  }
  if (!url.hostname) throw new ConfigError("config.invalid_host", { value: rawHost });
  const port = parseInteger(
    "VSPHERE_PORT",
    envValue(env, "VSPHERE_PORT") ?? (url.port || undefined),
    443,
    1,
    65535,
  );

  const user = envValue(env, "VSPHERE_USER");
  if (!user) throw new ConfigError("config.missing", { name: "VSPHERE_USER" });
  const passwordFile = envValue(env, "VSPHERE_PASSWORD_FILE");
  const password = passwordFile
    ? readPasswordFile(passwordFile)
    : env.VSPHERE_PASSWORD ?? env.VCENTER_PASSWORD;
  if (!password) {
    throw new ConfigError("config.missing", { name: "VSPHERE_PASSWORD_FILE | VSPHERE_PASSWORD" });
  }

  const insecure = parseBool("VSPHERE_IGNORE_SSL", envValue(env, "VSPHERE_IGNORE_SSL"), false);
  const caFile = envValue(env, "VSPHERE_CA_FILE");
  const thumbprint = envValue(env, "VSPHERE_THUMBPRINT");
  const tls: TlsSettings = insecure
    ? { mode: "insecure" }
    : thumbprint
    ? { mode: "thumbprint", thumbprint: normalizeThumbprint(thumbprint) }
    : { mode: "verify" };
  if (caFile) {
    tls.caFile = caFile;
    tls.caPem = readCaFile(caFile);
  }

  const timeoutSeconds = parseInteger("VSPHERE_TIMEOUT", envValue(env, "VSPHERE_TIMEOUT"), 60, 1, 3600);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port,
    user,
    password,
    tls,
    timeoutMs: timeoutSeconds * 1000,
  };
}

/** Command-line flags that override the environment (parsed by the CLI). */
export interface ConfigFlags {
  transport?: string;
  host?: string;
  port?: string;
  toolsets?: string;
  readOnly?: boolean;
  logLevel?: string;
  tools?: string;
  excludeTools?: string;
  allowCritical?: boolean;
  allowedHosts?: string;
}

function list(value: string | undefined): string[] {
  return (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

export function loadConfig(env: Env, flags: ConfigFlags = {}): Config {
  const toolsets = list(flags.toolsets ?? envValue(env, "VSPHERE_TOOLSETS") ?? "default");
  return {
    target: loadTarget(env),
    transport: parseChoice(
      "VSPHERE_MCP_TRANSPORT",
      flags.transport ?? envValue(env, "VSPHERE_MCP_TRANSPORT"),
      ["stdio", "http"] as const,
      "stdio",
    ),
    httpHost: flags.host ?? envValue(env, "VSPHERE_MCP_HOST") ?? "127.0.0.1",
    httpPort: parseInteger(
      "VSPHERE_MCP_PORT",
      flags.port ?? envValue(env, "VSPHERE_MCP_PORT"),
      8080,
      0,
      65535,
    ),
    logLevel: parseChoice(
      "VSPHERE_LOG_LEVEL",
      flags.logLevel ?? envValue(env, "VSPHERE_LOG_LEVEL"),
      ["debug", "info", "warning", "error"] as const,
      "info",
    ),
    logFormat: parseChoice(
      "VSPHERE_LOG_FORMAT",
      envValue(env, "VSPHERE_LOG_FORMAT"),
      ["text", "json"] as const,
      "text",
    ),
    toolsets,
    tools: list(flags.tools ?? envValue(env, "VSPHERE_TOOLS")),
    excludeTools: list(flags.excludeTools ?? envValue(env, "VSPHERE_EXCLUDE_TOOLS")),
    readOnly: flags.readOnly ?? parseBool("VSPHERE_READ_ONLY", envValue(env, "VSPHERE_READ_ONLY"), false),
    allowCritical: flags.allowCritical ??
      parseBool("VSPHERE_ALLOW_CRITICAL", envValue(env, "VSPHERE_ALLOW_CRITICAL"), false),
    confirmMode: parseChoice(
      "VSPHERE_CONFIRM_MODE",
      envValue(env, "VSPHERE_CONFIRM_MODE"),
      ["handle", "flag"] as const,
      "handle",
    ),
    outputBudgetTokens: parseInteger(
      "VSPHERE_OUTPUT_BUDGET_TOKENS",
      envValue(env, "VSPHERE_OUTPUT_BUDGET_TOKENS"),
      20_000,
      500,
      1_000_000,
    ),
    allowedHosts: list(flags.allowedHosts ?? envValue(env, "VSPHERE_MCP_ALLOWED_HOSTS")).map((h) =>
      h.toLowerCase()
    ),
    sessionIdleSeconds: parseInteger(
      "VSPHERE_MCP_SESSION_IDLE",
      envValue(env, "VSPHERE_MCP_SESSION_IDLE"),
      1800,
      5,
      86_400,
    ),
  };
}
