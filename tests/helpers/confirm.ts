/** The two-step call every non-read-only tool takes: preview (nothing changes), then confirm with the handle. */
import assert from "node:assert/strict";
import type { CallToolResult } from "../../src/mcp_sdk.ts";
import { type Connected, textOf } from "./mcp.ts";

export interface Preview {
  status: string;
  preview?: {
    tool: string;
    tier: string;
    summary: string;
    method: string;
    args?: Record<string, unknown>;
    targets: { ref: { type: string; value: string }; name: string; state?: Record<string, unknown> }[];
  };
  confirmation_handle?: string;
  result?: Record<string, unknown>;
}

export function structured(result: CallToolResult): Preview {
  assert.notEqual(result.isError, true, textOf(result));
  return result.structuredContent as unknown as Preview;
}

/** Calls `tool` without confirm and asserts a preview came back. */
export async function preview(mcp: Connected, tool: string, args: Record<string, unknown>): Promise<Preview> {
  const first = structured(await mcp.call(tool, args));
  assert.equal(first.status, "confirmation_required", JSON.stringify(first));
  assert.ok(first.confirmation_handle);
  return first;
}

/** Confirms a preview obtained with the same arguments; returns the raw result (may be an error). */
export async function confirm(
  mcp: Connected,
  tool: string,
  args: Record<string, unknown>,
  first: Preview,
): Promise<CallToolResult> {
  return await mcp.call(tool, { ...args, confirm: true, confirmation_handle: first.confirmation_handle });
}

/**
 * Preview, check that nothing changed (`unchanged` reads the real state and must still hold), then confirm.
 * Returns the confirmed result's `result` object.
 */
export async function previewThenConfirm(
  mcp: Connected,
  tool: string,
  args: Record<string, unknown>,
  unchanged?: () => Promise<void>,
): Promise<{ first: Preview; done: Preview }> {
  const first = await preview(mcp, tool, args);
  await unchanged?.();
  const done = structured(await confirm(mcp, tool, args, first));
  assert.equal(done.status, "done", JSON.stringify(done));
  return { first, done };
}
