/**
 * Governance sub-commands of the CLI:
 * - `hash-token` reads a bearer token from stdin (never from the command line, where `ps` would show it)
 *   and prints its SHA-256 for a policy file; `hash-token --generate` makes a new random token and prints
 *   the token (stderr) and its hash (stdout).
 * - `verify-audit FILE` checks an audit log's hash chain and reports the first broken record.
 */
import { verifyAuditFile } from "../audit/log.ts";
import type { Translate } from "../i18n/mod.ts";
import { hashToken } from "../policy/engine.ts";

export const GOVERNANCE_COMMANDS = ["hash-token", "verify-audit"] as const;

export interface CommandIo {
  stdin: ReadableStream<Uint8Array>;
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo = (): CommandIo => ({
  stdin: Deno.stdin.readable,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});

/** Runs a governance command and returns its exit code, or undefined when `argv` is not one. */
export async function runGovernanceCommand(
  argv: readonly string[],
  t: Translate,
  io: CommandIo = defaultIo(),
): Promise<number | undefined> {
  const [command, ...rest] = argv;
  if (command === "hash-token") return await hashTokenCommand(rest, t, io);
  if (command === "verify-audit") return await verifyAuditCommand(rest, t, io);
  return undefined;
}

async function hashTokenCommand(args: readonly string[], t: Translate, io: CommandIo): Promise<number> {
  if (args.length === 1 && args[0] === "--generate") {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    const token = "vmcp_" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    io.err(t("cli.hash_token_generated", { token }));
    io.out(hashToken(token));
    return 0;
  }
  if (args.length) {
    io.err(t("cli.hash_token_usage"));
    return 2;
  }
  const text = await new Response(io.stdin).text();
  const token = text.replace(/\r?\n$/, "");
  if (!token || /[\r\n]/.test(token)) {
    io.err(t("cli.hash_token_usage"));
    return 2;
  }
  io.out(hashToken(token));
  return 0;
}

async function verifyAuditCommand(args: readonly string[], t: Translate, io: CommandIo): Promise<number> {
  const [path, ...extra] = args;
  if (!path || extra.length) {
    io.err(t("cli.verify_audit_usage"));
    return 2;
  }
  let result;
  try {
    result = await verifyAuditFile(path);
  } catch (error) {
    io.err(
      t("cli.verify_audit_unreadable", {
        path,
        reason: error instanceof Error ? error.message : String(error),
      }),
    );
    return 2;
  }
  if (result.ok) {
    io.out(t("cli.verify_audit_ok", { path, records: result.records }));
    return 0;
  }
  io.out(t("cli.verify_audit_broken", {
    path,
    line: result.line,
    seq: result.seq ?? "?",
    reason: result.reason,
    detail: result.detail,
    good: result.records,
  }));
  return 1;
}
