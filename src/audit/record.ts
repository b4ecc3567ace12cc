/**
 * The audit record: one JSON line per decision and per outcome, chained by
 * `hash = SHA-256(canonical(record without hash) || prev_hash)` so that an edited, deleted or reordered
 * line is detected at the first record after the change.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { canonicalJson } from "../server/confirm.ts";

export const AUDIT_VERSION = 1;
export const GENESIS_HASH = "0".repeat(64);

const moref = z.object({ type: z.string(), value: z.string() }).strict();

export const auditRecordSchema = z.object({
  v: z.literal(AUDIT_VERSION),
  seq: z.number().int().min(1),
  /** Unique id of this line. */
  id: z.uuid(),
  /** The tool call's event id: also the vCenter operationID of its SOAP calls. Absent for HTTP-level denials. */
  event_id: z.string().min(1).optional(),
  ts: z.iso.datetime(),
  /**
   * decision: a call allowed by policy (read-only calls and previews are also their own outcome);
   * intent: written and flushed before a mutating call reaches vCenter; outcome: how the call ended;
   * denial: anything refused (RBAC, rate limit, confirmation, bad token, Host/Origin, InvalidLogin, audit).
   */
  kind: z.enum(["decision", "intent", "outcome", "denial"]),
  instance: z.string().min(1),
  transport: z.string().min(1),
  principal: z.object({ id: z.string(), kind: z.string() }).strict(),
  client: z.object({ name: z.string(), version: z.string() }).strict().optional(),
  /** SHA-256 (hex, first 16) of the MCP session id; never the id itself. */
  mcp_session: z.string().regex(/^[0-9a-f]{16}$/).optional(),
  tool: z.string().optional(),
  read_only: z.boolean().optional(),
  tier: z.enum(["low", "medium", "high", "critical"]).optional(),
  /** Redacted arguments. */
  args: z.record(z.string(), z.unknown()).optional(),
  targets: z.array(z.object({ ref: moref, type: z.string(), name: z.string() }).strict()).optional(),
  method: z.string().optional(),
  decision: z.object({
    result: z.enum(["allow", "deny"]),
    rule: z.string(),
    reason: z.string().optional(),
  }).strict().optional(),
  confirmation: z.object({
    method: z.enum(["none", "handle", "elicitation", "flag"]),
    outcome: z.enum(["not_needed", "preview", "confirmed", "refused", "declined"]),
  }).strict().optional(),
  vcenter: z.string().optional(),
  task: z.object({ moref: z.string(), state: z.string() }).strict().optional(),
  fault: z.string().optional(),
  result: z.enum(["ok", "unchanged", "preview", "error", "denied", "cancelled", "timeout", "unknown"])
    .optional(),
  /** Redacted, shortened error text. */
  error: z.string().max(2000).optional(),
  duration_ms: z.number().min(0).optional(),
  prev_hash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
}).strict();

export type AuditRecord = z.infer<typeof auditRecordSchema>;

/** What a caller supplies; the writer adds version, sequence, ids, time, instance and the chain. */
export type AuditEntry =
  & Omit<AuditRecord, "v" | "seq" | "id" | "ts" | "instance" | "transport" | "prev_hash" | "hash">
  & { transport?: string };

export function chainHash(record: Omit<AuditRecord, "hash">, prevHash: string): string {
  return createHash("sha256").update(canonicalJson(record) + prevHash, "utf8").digest("hex");
}

/** First 16 hex digits of SHA-256: enough to correlate sessions, useless to hijack one. */
export function hashSessionId(sessionId: string): string {
  return createHash("sha256").update(sessionId, "utf8").digest("hex").slice(0, 16);
}
