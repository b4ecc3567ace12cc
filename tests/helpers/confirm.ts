/** The two-call confirmation flow from a test's side: preview, then confirm with the handle. */
import assert from "node:assert/strict";
import type { Connected } from "./mcp.ts";
import { textOf } from "./mcp.ts";

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
export async function preview(mcp: Connected, name: string, args: Record<string, unknown>): Promise<Preview> {
  const first = await mcp.call(name, args);
  assert.equal(first.isError, undefined, textOf(first));
  const envelope = first.structuredContent as unknown as Preview;
  assert.equal(envelope.status, "confirmation_required", JSON.stringify(envelope));
  return envelope;
}

/** Confirms a preview obtained for exactly `args`; returns the tool's result. */
export async function confirm(
  mcp: Connected,
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
  mcp: Connected,
  name: string,
  args: Record<string, unknown>,
): Promise<{ preview: Preview; result: Record<string, unknown> }> {
  const p = await preview(mcp, name, args);
  return { preview: p, result: await confirm(mcp, name, args, p.confirmation_handle) };
}
