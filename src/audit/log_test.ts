import assert from "node:assert/strict";
import { clearSecrets, registerSecret } from "../log/redact.ts";
import { AuditLog, AuditWriteError, openAuditLog, verifyAuditFile, verifyAuditText } from "./log.ts";
import { type AuditEntry, auditRecordSchema, GENESIS_HASH } from "./record.ts";

const entry = (n: number): AuditEntry => ({
  kind: "outcome",
  event_id: `ev-${n}`,
  principal: { id: "alice", kind: "token" },
  tool: "vm_power",
  read_only: false,
  tier: "medium",
  args: { vm: `vm-${n}`, action: "off" },
  result: "ok",
  duration_ms: n,
});

async function withLog<T>(fn: (path: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir();
  try {
    return await fn(`${dir}/audit.jsonl`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function lines(path: string): string[] {
  return Deno.readTextFileSync(path).split("\n").filter(Boolean);
}

Deno.test("AuditLog.append() writes schema-valid, chained, numbered records", async () => {
  await withLog(async (path) => {
    const log = AuditLog.open(path, { instance: "test" });
    for (let i = 1; i <= 3; i++) await log.append(entry(i));
    const records = lines(path).map((l) => auditRecordSchema.parse(JSON.parse(l)));
    assert.deepEqual(records.map((r) => r.seq), [1, 2, 3]);
    assert.equal(records[0]!.prev_hash, GENESIS_HASH);
    assert.equal(records[1]!.prev_hash, records[0]!.hash);
    assert.equal(records[2]!.prev_hash, records[1]!.hash);
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
    assert.deepEqual(await verifyAuditFile(path), { ok: true, records: 3 });
  });
});

Deno.test("AuditLog.open() resumes the chain from the last record of an existing file", async () => {
  await withLog(async (path) => {
    const first = AuditLog.open(path);
    await first.append(entry(1));
    await first.append(entry(2));
    const second = AuditLog.open(path);
    assert.equal(second.sequence, 2);
    await second.append(entry(3));
    assert.deepEqual(await verifyAuditFile(path), { ok: true, records: 3 });
  });
});

Deno.test("AuditLog redacts secret keys and registered secret values before hashing", async () => {
  registerSecret("Canary-Pa55word!");
  try {
    await withLog(async (path) => {
      const log = AuditLog.open(path);
      await log.append({
        ...entry(1),
        args: { password: "whatever", note: "pw is Canary-Pa55word!", nested: { token: "abc" } },
        error: "<password>Canary-Pa55word!</password>",
      });
      const text = Deno.readTextFileSync(path);
      assert.ok(!text.includes("Canary-Pa55word!"));
      assert.ok(!text.includes("whatever"));
      assert.match(text, /"password":"\[REDACTED\]"/);
      assert.deepEqual(await verifyAuditFile(path), { ok: true, records: 1 });
    });
  } finally {
    clearSecrets();
  }
});

Deno.test("verifyAuditText() finds an edited, deleted or reordered line at the right record", async () => {
  await withLog(async (path) => {
    const log = AuditLog.open(path);
    for (let i = 1; i <= 5; i++) await log.append(entry(i));
    const good = lines(path);

    const edited = [...good];
    edited[2] = edited[2]!.replace('"action":"off"', '"action":"on"');
    const e = verifyAuditText(edited.join("\n") + "\n");
    assert.deepEqual(e.ok ? e : [e.line, e.seq, e.reason, e.records], [3, 3, "hash", 2]);

    const deleted = good.filter((_, i) => i !== 1);
    const d = verifyAuditText(deleted.join("\n"));
    assert.deepEqual(d.ok ? d : [d.line, d.seq, d.reason], [2, 3, "prev_hash"]);

    const reordered = [good[0]!, good[2]!, good[1]!, good[3]!, good[4]!];
    const r = verifyAuditText(reordered.join("\n"));
    assert.deepEqual(r.ok ? r : [r.line, r.seq, r.reason], [2, 3, "prev_hash"]);

    const truncatedHead = good.slice(1);
    const h = verifyAuditText(truncatedHead.join("\n"));
    assert.deepEqual(h.ok ? h : [h.line, h.reason], [1, "prev_hash"]);

    const garbage = [...good.slice(0, 4), "{not json"];
    const g = verifyAuditText(garbage.join("\n"));
    assert.deepEqual(g.ok ? g : [g.line, g.reason], [5, "invalid_json"]);

    const lastDeleted = verifyAuditText(good.slice(0, 4).join("\n"));
    assert.equal(lastDeleted.ok, true, "a cut tail is only visible against the server's own sequence");
  });
});

Deno.test("AuditLog.append() rejects when the file cannot be written, and the chain stays intact", async () => {
  await withLog(async (path) => {
    const log = AuditLog.open(path);
    await log.append(entry(1));
    await Deno.rename(path, `${path}.moved`);
    await Deno.mkdir(path); // the path is now a directory: opening it for append fails, even for root
    await assert.rejects(log.append(entry(2)), AuditWriteError);
    await log.denial({ principal: { id: "x", kind: "token" } }); // never throws
    await Deno.remove(path);
    await Deno.rename(`${path}.moved`, path);
    await log.append(entry(3));
    assert.deepEqual(await verifyAuditFile(path), { ok: true, records: 2 });
  });
});

Deno.test("openAuditLog() stops the start with a ConfigError when the file cannot be opened", () => {
  assert.throws(() => openAuditLog("/nonexistent-dir/audit.jsonl"), { name: "ConfigError" });
});

Deno.test("closeDanglingIntents() answers intents a crashed server left without an outcome", async () => {
  await withLog(async (path) => {
    const crashed = AuditLog.open(path, { instance: "crashed" });
    const intent = (id: string): AuditEntry => ({
      kind: "intent",
      event_id: id,
      principal: { id: "alice", kind: "token" },
      tool: "vm_power",
      read_only: false,
      targets: [{ ref: { type: "VirtualMachine", value: "vm-1" }, type: "VirtualMachine", name: "web" }],
    });
    await crashed.append(intent("done"));
    await crashed.append({ ...entry(1), event_id: "done" });
    await crashed.append(intent("lost"));
    const restarted = AuditLog.open(path, { instance: "restarted" });
    assert.equal(await restarted.closeDanglingIntents(), 1);
    assert.equal(await restarted.closeDanglingIntents(), 0, "only once");
    const last = auditRecordSchema.parse(JSON.parse(lines(path).at(-1)!));
    assert.deepEqual([last.kind, last.event_id, last.result, last.instance], [
      "outcome",
      "lost",
      "unknown",
      "restarted",
    ]);
    assert.match(last.error ?? "", /server instance crashed stopped before the outcome was recorded/);
    assert.deepEqual(await verifyAuditFile(path), { ok: true, records: 4 });
  });
});
