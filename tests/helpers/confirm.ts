/** The two-call confirmation flow from a test's side: preview, then confirm with the handle. */
import assert from "node:assert/strict";
import type { CallToolResult } from "../../src/mcp_sdk.ts";
import { textOf } from "./mcp.ts";

/** Anything that calls tools the way an MCP client does (`connect()`, `connectRecording()`). */
export type Caller = { call(name: string, args?: Record<string, unknown>): Promise<CallToolResult> };

export interface Preview {
  status: string;
  preview?: {
    tool: string;
    tier: string;
    method: string;
    summary: string;
    args?: Record<string, unknown>;
    targets: { ref: { type: string; value: string }; name: string; state?: Record<string, unknown> }[];
  };
  confirmation_handle?: string;
  result?: Record<string, unknown>;
}

/** Calls `name` without confirm and returns the preview envelope (asserting one was returned). */
export async function preview(mcp: Caller, name: string, args: Record<string, unknown>): Promise<Preview> {
  const first = await mcp.call(name, args);
  assert.equal(first.isError, undefined, textOf(first));
  const envelope = first.structuredContent as unknown as Preview;
  assert.equal(envelope.status, "confirmation_required", JSON.stringify(envelope));
  assert.ok(envelope.confirmation_handle);
  return envelope;
}

/** Confirms a preview obtained for exactly `args`; returns the tool's result. */
export async function confirm(
  mcp: Caller,
  name: string,
  args: Record<string, unknown>,
  handle: string | undefined,
): Promise<Record<string, unknown>> {
  const done = await mcp.call(name, { ...args, confirm: true, confirmation_handle: handle });
  assert.equal(done.isError, undefined, textOf(done));
  const envelope = done.structuredContent as unknown as Preview;
  assert.equal(envelope.status, "done", JSON.stringify(envelope));
  return envelope.result!;
}

/** Preview then confirm. */
export async function previewAndConfirm(
  mcp: Caller,
  name: string,
  args: Record<string, unknown>,
): Promise<{ preview: Preview; result: Record<string, unknown> }> {
  const p = await preview(mcp, name, args);
  return { preview: p, result: await confirm(mcp, name, args, p.confirmation_handle) };
}

/** The envelope of a successful call. */
export function structured(result: CallToolResult): Preview {
  assert.notEqual(result.isError, true, textOf(result));
  return result.structuredContent as unknown as Preview;
}

/**
 * Preview, check that nothing changed (`unchanged` reads the real state; it is handed the preview), then
 * confirm.
 */
export async function previewThenConfirm(
  mcp: Caller,
  name: string,
  args: Record<string, unknown>,
  unchanged?: (first: Preview) => void | Promise<void>,
): Promise<{ first: Preview; done: Preview }> {
  const first = await preview(mcp, name, args);
  await unchanged?.(first);
  const done = structured(
    await mcp.call(name, { ...args, confirm: true, confirmation_handle: first.confirmation_handle }),
  );
  assert.equal(done.status, "done", JSON.stringify(done));
  return { first, done };
}
