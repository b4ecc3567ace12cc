/**
 * Configuration: one schema, sources merged as flags > environment > `.env` file > defaults.
 * Environment names follow the seed (`VSPHERE_*`); the second reference design's names are aliases.
 */
import { z } from "zod";
import type { MessageKey, MessageParams, Translate } from "../i18n/mod.ts";
import { jsonPath } from "../policy/schema.ts";

/** A configuration problem, reported before anything connects; text comes from the locale. */
export class ConfigError extends Error {
  constructor(readonly key: MessageKey, readonly params: MessageParams = {}, readonly inner?: ConfigError) {
    super(`${key} ${JSON.stringify(params)}${inner ? `: ${inner.message}` : ""}`);
    this.name = "ConfigError";
  }
}

/** The localized text of a ConfigError, with the problem it wraps (e.g. inside one named target). */
export function describeConfigError(error: ConfigError, t: Translate): string {
  return error.inner
    ? `${t(error.key, error.params)}: ${describeConfigError(error.inner, t)}`
    : t(error.key, error.params);
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
  /** REST flavour: `/api` (vCenter 7.0U2+), `/rest` (older), or detected on first login (default). */
  apiMode?: ApiMode;
  /** Idle interval after which a `CurrentTime` call keeps the session alive (VSPHERE_KEEPALIVE_SECONDS). */
  keepaliveMs?: number;
  /** Cap on concurrent requests to vCenter (VSPHERE_MAX_INFLIGHT). */
  maxInFlight?: number;
}

export type ApiMode = "auto" | "api" | "rest";

export type Transport = "stdio" | "http";

export interface RateLimitConfig {
  /** VSPHERE_RATE_LIMIT=false turns limiting off. */
  enabled: boolean;
  rps: number;
  burst: number;
  /** The tighter bucket for confirmed calls of tools that change something. */
  writeRps: number;
  writeBurst: number;
}

export interface Config {
  /** Undefined when no vCenter is configured (e.g. `--help`, or `make run` starting the simulator). */
  target: VSphereTarget | undefined;
  /** Every named target: `default` from VSPHERE_HOST, plus those of VSPHERE_TARGETS_FILE. */
  targets: Readonly<Record<string, VSphereTarget>>;
  /** Name of the target `ctx.vsphere` talks to. */
  defaultTarget: string | undefined;
  /** VSPHERE_ALLOWED_HOSTS: when set, every target host must be in it. */
  allowedHosts: readonly string[] | undefined;
  /** VSPHERE_RBAC_POLICY: a file path or builtin:<name>; undefined = the built-in default policy. */
  policyPath: string | undefined;
  /** --allow-critical / VSPHERE_ALLOW_CRITICAL: critical-tier tools under the built-in default policy. */
  allowCritical: boolean;
  /** VSPHERE_AUDIT_LOG (alias AUDIT_LOG_PATH); undefined = no audit log. */
  auditLog: string | undefined;
  rateLimit: RateLimitConfig;
  /** --metrics-port / VSPHERE_METRICS_PORT: Prometheus listener on 127.0.0.1 (stdio transport). */
  metricsPort: number | undefined;
  transport: Transport;
  httpHost: string;
  httpPort: number;
  logLevel: "debug" | "info" | "warning" | "error";
  logFormat: "text" | "json";
  toolsets: string[];
  readOnly: boolean;
  /** Individual tools added on top of the toolsets (VSPHERE_TOOLS). */
  tools: string[];
  /** Tools never exposed, whatever else selects them (VSPHERE_EXCLUDE_TOOLS). */
  excludeTools: string[];
  /** "handle": preview + single-use handle (default). "flag": also accept a bare confirm=true (seed compat). */
  confirmMode: "handle" | "flag";
  /** Hard cap on one tool result, in tokens estimated as characters / 4. */
  outputBudgetTokens: number;
  /** Host names accepted in HTTP Host/Origin headers besides loopback and the bind address. */
  httpAllowedHosts: string[];
  /** HTTP sessions idle longer than this are closed. */
  sessionIdleSeconds: number;
  /** Single-user opt-in: HTTP on loopback serves requests without a token as the local user. */
  anonymousLoopback: boolean;
}

/** Canonical env name → aliases accepted for migrating users (first found wins). */
export const ENV_ALIASES: Readonly<Record<string, readonly string[]>> = {
  VSPHERE_HOST: ["VCENTER_HOST"],
  VSPHERE_USER: ["VCENTER_USER"],
  VSPHERE_PASSWORD: ["VCENTER_PASSWORD"],
  VSPHERE_IGNORE_SSL: ["INSECURE"],
  VSPHERE_CA_FILE: ["VCENTER_CA_BUNDLE"],
  VSPHERE_AUDIT_LOG: ["AUDIT_LOG_PATH"],
  VSPHERE_ALLOWED_HOSTS: ["ALLOWED_VCENTER_HOSTS"],
  VSPHERE_RATE_LIMIT: ["RATE_LIMIT"],
  VSPHERE_RATE_LIMIT_RPS: ["RATE_LIMIT_RPS"],
  VSPHERE_RATE_LIMIT_BURST: ["RATE_LIMIT_BURST"],
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

function parsePositive(name: string, value: string | undefined, fallback: number, max: number) {
  if (value === undefined) return fallback;
  const parsed = z.coerce.number().positive().max(max).safeParse(value);
  if (!parsed.success) throw new ConfigError("config.invalid_positive", { name, value, max });
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
  const apiMode = parseChoice(
    "VSPHERE_API_MODE",
    envValue(env, "VSPHERE_API_MODE"),
    ["auto", "api", "rest"] as const,
    "auto",
  );
  // vCenter drops idle sessions after 30 minutes by default (ESXi: 30 too); 10 minutes stays well below.
  const keepaliveSeconds = parseInteger(
    "VSPHERE_KEEPALIVE_SECONDS",
    envValue(env, "VSPHERE_KEEPALIVE_SECONDS"),
    600,
    0,
    86_400,
  );
  const maxInFlight = parseInteger("VSPHERE_MAX_INFLIGHT", envValue(env, "VSPHERE_MAX_INFLIGHT"), 8, 1, 256);
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port,
    user,
    password,
    tls,
    timeoutMs: timeoutSeconds * 1000,
    apiMode,
    keepaliveMs: keepaliveSeconds * 1000,
    maxInFlight,
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
  allowCritical?: boolean;
  metricsPort?: string;
  tools?: string;
  excludeTools?: string;
  httpAllowedHosts?: string;
  anonymousLoopback?: boolean;
}

function list(value: string | undefined): string[] {
  return (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

export function loadConfig(env: Env, flags: ConfigFlags = {}): Config {
  const toolsets = list(flags.toolsets ?? envValue(env, "VSPHERE_TOOLSETS") ?? "default");
  const envTarget = loadTarget(env);
  const targetsFile = envValue(env, "VSPHERE_TARGETS_FILE");
  const fromFile = targetsFile ? loadTargetsFile(targetsFile, env) : undefined;
  const targets: Record<string, VSphereTarget> = { ...fromFile?.targets };
  if (envTarget) targets[DEFAULT_TARGET] = envTarget;
  const defaultTarget = envTarget ? DEFAULT_TARGET : fromFile?.default;
  const allowedHosts = envValue(env, "VSPHERE_ALLOWED_HOSTS")?.split(",").map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  if (allowedHosts) {
    for (const target of Object.values(targets)) assertHostAllowed(target.host, allowedHosts);
  }
  const metricsPort = flags.metricsPort ?? envValue(env, "VSPHERE_METRICS_PORT");
  return {
    target: defaultTarget ? targets[defaultTarget] : undefined,
    targets,
    defaultTarget,
    allowedHosts,
    policyPath: envValue(env, "VSPHERE_RBAC_POLICY"),
    allowCritical: flags.allowCritical ??
      parseBool("VSPHERE_ALLOW_CRITICAL", envValue(env, "VSPHERE_ALLOW_CRITICAL"), false),
    auditLog: envValue(env, "VSPHERE_AUDIT_LOG"),
    rateLimit: {
      enabled: parseBool("VSPHERE_RATE_LIMIT", envValue(env, "VSPHERE_RATE_LIMIT"), true),
      rps: parsePositive("VSPHERE_RATE_LIMIT_RPS", envValue(env, "VSPHERE_RATE_LIMIT_RPS"), 5, 100_000),
      burst: parseInteger(
        "VSPHERE_RATE_LIMIT_BURST",
        envValue(env, "VSPHERE_RATE_LIMIT_BURST"),
        10,
        1,
        100_000,
      ),
      writeRps: parsePositive(
        "VSPHERE_RATE_LIMIT_WRITE_RPS",
        envValue(env, "VSPHERE_RATE_LIMIT_WRITE_RPS"),
        1,
        100_000,
      ),
      writeBurst: parseInteger(
        "VSPHERE_RATE_LIMIT_WRITE_BURST",
        envValue(env, "VSPHERE_RATE_LIMIT_WRITE_BURST"),
        3,
        1,
        100_000,
      ),
    },
    metricsPort: metricsPort === undefined
      ? undefined
      : parseInteger("VSPHERE_METRICS_PORT", metricsPort, 0, 0, 65535),
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
    readOnly: flags.readOnly ?? parseBool("VSPHERE_READ_ONLY", envValue(env, "VSPHERE_READ_ONLY"), false),
    tools: list(flags.tools ?? envValue(env, "VSPHERE_TOOLS")),
    excludeTools: list(flags.excludeTools ?? envValue(env, "VSPHERE_EXCLUDE_TOOLS")),
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
    httpAllowedHosts: list(flags.httpAllowedHosts ?? envValue(env, "VSPHERE_MCP_ALLOWED_HOSTS")).map((h) =>
      h.toLowerCase()
    ),
    sessionIdleSeconds: parseInteger(
      "VSPHERE_MCP_SESSION_IDLE",
      envValue(env, "VSPHERE_MCP_SESSION_IDLE"),
      1800,
      5,
      86_400,
    ),
    anonymousLoopback: flags.anonymousLoopback ??
      parseBool("VSPHERE_MCP_ANONYMOUS_LOOPBACK", envValue(env, "VSPHERE_MCP_ANONYMOUS_LOOPBACK"), false),
  };
}

/** The name of the target configured by VSPHERE_HOST & co. */
export const DEFAULT_TARGET = "default";

/** Refuses a vCenter host that VSPHERE_ALLOWED_HOSTS does not list (case-insensitive, exact). */
export function assertHostAllowed(host: string, allowed: readonly string[] | undefined): void {
  if (allowed && !allowed.includes(host.toLowerCase())) {
    throw new ConfigError("config.host_not_allowed", { host, allowed: allowed.join(", ") });
  }
}

const targetEntrySchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().min(1),
  /** Credentials source: a file readable only by the owner, or the name of an environment variable. */
  password_file: z.string().min(1).optional(),
  password_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional(),
  ca_file: z.string().min(1).optional(),
  thumbprint: z.string().min(1).optional(),
  insecure: z.boolean().optional(),
  timeout: z.number().int().min(1).max(3600).optional(),
}).strict().refine((e) => !e.password_file !== !e.password_env, {
  message: "set exactly one of password_file or password_env",
});

const targetsFileSchema = z.object({
  default: z.string().optional(),
  targets: z.record(z.string().regex(/^[\w.-]{1,64}$/), targetEntrySchema),
}).strict().refine((f) => f.default === undefined || Object.hasOwn(f.targets, f.default), {
  message: "default must name one of the targets",
  path: ["default"],
});

/**
 * VSPHERE_TARGETS_FILE: named vCenters, each with host, port, user, credentials source and TLS settings.
 * Each entry goes through the same checks as the VSPHERE_* variables (password file mode, CA file, ...).
 */
export function loadTargetsFile(
  path: string,
  env: Env,
): { targets: Record<string, VSphereTarget>; default: string | undefined } {
  let doc: unknown;
  try {
    doc = JSON.parse(Deno.readTextFileSync(path));
  } catch (error) {
    throw new ConfigError("config.file_unreadable", {
      name: "VSPHERE_TARGETS_FILE",
      path,
      reason: error instanceof Error ? error.message : String(error),
    });
  }
  const parsed = targetsFileSchema.safeParse(doc);
  if (!parsed.success) {
    throw new ConfigError("config.targets_invalid", {
      path,
      problems: parsed.error.issues.map((i) => `${jsonPath(i.path)}: ${i.message}`).join("; "),
    });
  }
  const targets: Record<string, VSphereTarget> = {};
  for (const [name, e] of Object.entries(parsed.data.targets)) {
    const password = e.password_env ? env[e.password_env] : undefined;
    if (e.password_env && !password) {
      throw new ConfigError(
        "config.target_invalid",
        { name },
        new ConfigError("config.missing", { name: e.password_env }),
      );
    }
    const entryEnv: Record<string, string | undefined> = {
      VSPHERE_HOST: e.host,
      VSPHERE_PORT: e.port?.toString(),
      VSPHERE_USER: e.user,
      VSPHERE_PASSWORD_FILE: e.password_file,
      VSPHERE_PASSWORD: password,
      VSPHERE_CA_FILE: e.ca_file,
      VSPHERE_THUMBPRINT: e.thumbprint,
      VSPHERE_IGNORE_SSL: e.insecure?.toString(),
      VSPHERE_TIMEOUT: e.timeout?.toString(),
    };
    try {
      targets[name] = loadTarget(entryEnv)!;
    } catch (error) {
      if (error instanceof ConfigError) throw new ConfigError("config.target_invalid", { name }, error);
      throw error;
    }
  }
  const first = Object.keys(targets)[0];
  return { targets, default: parsed.data.default ?? first };
}
