/**
 * The one redaction function for everything that leaves the process as text other than MCP results: log
 * lines (the logtape sink) and audit records. Three rules, applied together:
 * - values under secret-looking keys (password, authorization, cookie, token, secret, session ids) are masked;
 * - SOAP `<password>` elements, `vmware_soap_session` cookies and `Bearer` credentials inside strings are masked;
 * - the values of configured secrets (the vCenter password, bearer tokens) are masked wherever they appear.
 */

export const REDACTED = "[REDACTED]";

/** Keys whose values are never written out (matched case-insensitively, `_`/`-` ignored). */
const SECRET_KEY =
  /pass(word|wd|phrase)?$|^pwd$|secret|token|authorization|^auth$|cookie|session_?id$|^session$|sessionkey|api_?key|private_?key|credential/i;

const TEXT_PATTERNS: readonly [RegExp, string | ((...groups: string[]) => string)][] = [
  // <password>…</password> and namespaced variants (vim25 Login, customization specs, ...).
  [/(<(?:\w+:)?password\b[^>]*>)[\s\S]*?(<\/(?:\w+:)?password>)/gi, `$1${REDACTED}$2`],
  [/(vmware_soap_session=)("[^"]*"|[^;\s,]*)/gi, `$1${REDACTED}`],
  [/(vmware-api-session-id["']?\s*[:=]\s*["']?)[\w-]+/gi, `$1${REDACTED}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/g, `$1 ${REDACTED}`],
  // key=value and "key": "value" in free text; a quoted value stays quoted so JSON stays JSON.
  [
    /("?(?:password|passwd|secret|token)"?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;&}]+)/gi,
    (_whole, key, value) => {
      const quote = value!.startsWith('"') || value!.startsWith("'") ? value![0] : "";
      return `${key}${quote}${REDACTED}${quote}`;
    },
  ],
];

/** Secret values: configured ones (vCenter passwords, known bearer tokens) and the newest session ids. */
const secretValues = new Set<string>();
const sessionValues = new Set<string>();
const MAX_SESSIONS = 256;

/**
 * Registers a secret so that every later redaction masks it wherever it appears. `session` values (vCenter
 * session ids) are kept for the newest MAX_SESSIONS only; configured secrets are kept for good.
 * Shorter than 4 characters is not a meaningful secret and would mask ordinary text.
 */
export function registerSecret(value: string | undefined, options: { session?: boolean } = {}): void {
  if (!value || value.length < 4 || secretValues.has(value)) return;
  if (options.session) {
    if (sessionValues.size >= MAX_SESSIONS) {
      const oldest = sessionValues.values().next().value!;
      sessionValues.delete(oldest);
      secretValues.delete(oldest);
    }
    sessionValues.add(value);
  }
  secretValues.add(value);
}

/** For tests: forget registered secrets. */
export function clearSecrets(): void {
  secretValues.clear();
  sessionValues.clear();
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.replace(/-/g, "_"));
}

/** Masks secrets inside free text. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_PATTERNS) {
    // Two calls because String.replace's overloads take a string or a function, not the union.
    out = typeof replacement === "string"
      ? out.replace(pattern, replacement)
      : out.replace(pattern, replacement);
  }
  for (const secret of secretValues) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** Masks only the registered secret values inside every string of `value` (for MCP results, whose keys and
 * structure belong to the tool's output schema); returns `value` itself when no secret occurs. */
export function scrubSecrets<T>(value: T): T {
  if (!secretValues.size) return value;
  const text = JSON.stringify(value) ?? "";
  if (![...secretValues].some((secret) => text.includes(secret))) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      let out = v;
      for (const secret of secretValues) out = out.split(secret).join(REDACTED);
      return out;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as T;
}

/** Deep copy of `value` with secret keys masked and every string passed through redactText(). */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth > 12) return "[…]";
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactText(value.message),
      ...(value.stack ? { stack: redactText(value.stack) } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = isSecretKey(k) && v !== undefined && v !== null && v !== "" ? REDACTED : redact(v, depth + 1);
  }
  return out;
}
