/**
 * The audit log file (VSPHERE_AUDIT_LOG; never stdout). Appends are serialized, each line is written and
 * fsync'ed before append() resolves, and the file is opened per append so that a rotated, removed or
 * unwritable file is noticed at once: the caller of a write-ahead intent refuses the operation then.
 * On start the chain resumes from the last record already in the file.
 */
import { ConfigError } from "../config/mod.ts";
import { redact, redactText } from "../log/redact.ts";
import {
  AUDIT_VERSION,
  type AuditEntry,
  type AuditRecord,
  auditRecordSchema,
  chainHash,
  GENESIS_HASH,
} from "./record.ts";

export interface AuditSink {
  /** Whether records go anywhere (false when VSPHERE_AUDIT_LOG is unset). */
  readonly enabled: boolean;
  /** Writes and flushes one record; rejects when it could not be written. */
  append(entry: AuditEntry): Promise<AuditRecord | undefined>;
  /** Records a refusal; never throws (a denial that cannot be audited is still a denial). */
  denial(entry: Omit<AuditEntry, "kind" | "result">): Promise<void>;
}

export class AuditWriteError extends Error {
  constructor(readonly path: string, cause: unknown) {
    super(`Cannot write audit log "${path}": ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = "AuditWriteError";
  }
}

export interface AuditLogOptions {
  /** Identifies this server process in every record. */
  instance?: string;
  /** Default transport written when an entry gives none. */
  transport?: string;
  /** Called when a denial could not be written (it is logged, not thrown). */
  onError?: (error: unknown) => void;
}

const encoder = new TextEncoder();

export class AuditLog implements AuditSink {
  readonly enabled = true;
  readonly instance: string;
  #seq: number;
  #prev: string;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    last: AuditRecord | undefined,
    private options: AuditLogOptions,
  ) {
    this.instance = options.instance ?? crypto.randomUUID();
    this.#seq = last?.seq ?? 0;
    this.#prev = last?.hash ?? GENESIS_HASH;
  }

  /**
   * Opens (creating with mode 600) the file and resumes the chain from its last record. Synchronous: it
   * runs once at start-up, and a file that cannot be opened must stop the start.
   */
  static open(path: string, options: AuditLogOptions = {}): AuditLog {
    Deno.openSync(path, { append: true, create: true, mode: 0o600 }).close();
    const tail = tailRecords(path);
    const log = new AuditLog(path, tail.at(-1), options);
    log.#dangling = danglingIntents(tail);
    return log;
  }

  #dangling: AuditRecord[] = [];

  /**
   * Intents of an earlier process that never got their outcome (it crashed or was killed mid-call): each
   * gets an outcome record saying the result is unknown, so every intent in the file is answered.
   * Returns how many were closed. Only the file's tail (last 256 KiB) is examined.
   */
  async closeDanglingIntents(): Promise<number> {
    const dangling = this.#dangling;
    this.#dangling = [];
    for (const intent of dangling) {
      await this.append({
        kind: "outcome",
        ...(intent.event_id ? { event_id: intent.event_id } : {}),
        transport: intent.transport,
        principal: intent.principal,
        ...(intent.tool ? { tool: intent.tool } : {}),
        ...(intent.read_only !== undefined ? { read_only: intent.read_only } : {}),
        ...(intent.targets ? { targets: intent.targets } : {}),
        ...(intent.vcenter ? { vcenter: intent.vcenter } : {}),
        result: "unknown",
        error:
          `server instance ${intent.instance} stopped before the outcome was recorded; check vCenter's tasks`,
      });
    }
    return dangling.length;
  }

  get sequence(): number {
    return this.#seq;
  }

  append(entry: AuditEntry): Promise<AuditRecord> {
    const run = this.#queue.then(() => this.#write(entry));
    this.#queue = run.catch(() => {});
    return run;
  }

  async denial(entry: Omit<AuditEntry, "kind" | "result">): Promise<void> {
    try {
      await this.append({ ...entry, kind: "denial", result: "denied" });
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  async #write(entry: AuditEntry): Promise<AuditRecord> {
    const { transport, ...rest } = entry;
    const body = redact({
      v: AUDIT_VERSION,
      seq: this.#seq + 1,
      id: crypto.randomUUID(),
      ts: new Date().toISOString(),
      instance: this.instance,
      transport: transport ?? this.options.transport ?? "stdio",
      ...rest,
      ...(rest.error !== undefined ? { error: redactText(rest.error).slice(0, 2000) } : {}),
      prev_hash: this.#prev,
    }) as Omit<AuditRecord, "hash">;
    const record = { ...body, hash: chainHash(body, this.#prev) } as AuditRecord;
    try {
      const file = await Deno.open(this.path, { append: true, create: true, mode: 0o600 });
      try {
        const bytes = encoder.encode(JSON.stringify(record) + "\n");
        let written = 0;
        while (written < bytes.length) written += await file.write(bytes.subarray(written));
        await file.sync();
      } finally {
        file.close();
      }
    } catch (error) {
      throw new AuditWriteError(this.path, error);
    }
    this.#seq = record.seq;
    this.#prev = record.hash;
    return record;
  }
}

/** Opens the configured audit log at start-up; a file that cannot be opened stops the start. */
export function openAuditLog(path: string, options: AuditLogOptions = {}): AuditLog {
  try {
    return AuditLog.open(path, options);
  } catch (error) {
    throw new ConfigError("audit.open_failed", {
      path,
      reason: error instanceof Error ? error.message : String(error),
    });
  }
}

/** The sink used when no audit log is configured: accepts everything, writes nothing. */
export const NO_AUDIT: AuditSink = {
  enabled: false,
  append: () => Promise.resolve(undefined),
  denial: () => Promise.resolve(),
};

/** Intents without an outcome (same event id) after them. */
function danglingIntents(records: readonly AuditRecord[]): AuditRecord[] {
  const answered = new Set(records.filter((r) => r.kind !== "intent").map((r) => r.event_id));
  return records.filter((r) => r.kind === "intent" && !answered.has(r.event_id));
}

/** The complete records at the end of an existing file (reads only its last 256 KiB). */
function tailRecords(path: string): AuditRecord[] {
  const file = Deno.openSync(path, { read: true });
  try {
    const size = file.statSync().size;
    const chunk = Math.min(size, 256 * 1024);
    if (!chunk) return [];
    file.seekSync(size - chunk, Deno.SeekMode.Start);
    const buffer = new Uint8Array(chunk);
    let read = 0;
    while (read < chunk) {
      const n = file.readSync(buffer.subarray(read));
      if (n === null) break;
      read += n;
    }
    const records: AuditRecord[] = [];
    // The first line may be cut by the chunk boundary and the last torn by a crash mid-write: both fail
    // to parse and are skipped (verify-audit reports a torn line); the chain continues from the last good one.
    for (const line of new TextDecoder().decode(buffer.subarray(0, read)).split("\n")) {
      if (!line.trim()) continue;
      try {
        const parsed = auditRecordSchema.safeParse(JSON.parse(line));
        if (parsed.success) records.push(parsed.data);
      } catch {
        // see above
      }
    }
    return records;
  } finally {
    file.close();
  }
}

export type VerifyResult =
  | { ok: true; records: number }
  | {
    ok: false;
    records: number;
    /** 1-based line number of the first broken record. */
    line: number;
    seq?: number;
    reason: "invalid_json" | "schema" | "hash" | "prev_hash" | "sequence";
    detail: string;
  };

/** Checks the whole chain; reports the first record that does not follow from the one before it. */
export function verifyAuditText(text: string): VerifyResult {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  let prev = GENESIS_HASH;
  let seq = 0;
  for (const [i, line] of lines.entries()) {
    const fail = (reason: Extract<VerifyResult, { ok: false }>["reason"], detail: string, s?: number) => ({
      ok: false as const,
      records: i,
      line: i + 1,
      ...(s !== undefined ? { seq: s } : {}),
      reason,
      detail,
    });
    let doc: unknown;
    try {
      doc = JSON.parse(line);
    } catch (error) {
      return fail("invalid_json", error instanceof Error ? error.message : String(error));
    }
    const parsed = auditRecordSchema.safeParse(doc);
    if (!parsed.success) {
      return fail("schema", parsed.error.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; "));
    }
    const { hash, ...body } = parsed.data;
    if (chainHash(body, body.prev_hash) !== hash) {
      return fail("hash", "the record's content does not match its hash (edited)", body.seq);
    }
    if (body.prev_hash !== prev) {
      return fail(
        "prev_hash",
        "prev_hash does not match the previous record (deleted or reordered)",
        body.seq,
      );
    }
    if (body.seq !== seq + 1) {
      return fail("sequence", `expected sequence ${seq + 1}, found ${body.seq}`, body.seq);
    }
    prev = hash;
    seq = body.seq;
  }
  return { ok: true, records: lines.length };
}

export async function verifyAuditFile(path: string): Promise<VerifyResult> {
  return verifyAuditText(await Deno.readTextFile(path));
}
