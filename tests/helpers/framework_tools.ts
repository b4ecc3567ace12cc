/**
 * A toolset that exercises the framework itself (progress, cancellation, budgets) without vCenter: the
 * simulator completes tasks synchronously and never reports progress, so these paths need a tool that
 * does. Used only by transport and framework tests.
 */
import { z } from "zod";
import { defineTool, defineToolset } from "../../src/registry/define.ts";

/** Calls whose abort signal fired, by `tag`. */
export const aborted = new Set<string>();

export const slowTool = defineTool({
  name: "test_slow",
  toolset: "test",
  input: () => ({
    tag: z.string().describe("Identifies the call in `aborted`"),
    steps: z.number().int().min(0).max(10).default(3).describe("Progress notifications to send"),
    hold_ms: z.number().int().min(0).max(30_000).default(0).describe("Then wait this long unless cancelled"),
  }),
  output: { tag: z.string(), steps: z.number() },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  tier: "low",
  privileges: [],
  async handler(args, ctx) {
    for (let i = 1; i <= args.steps; i++) {
      await ctx.progress({ progress: i, total: args.steps, message: `step ${i}` });
    }
    if (args.hold_ms > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, args.hold_ms);
        ctx.signal.addEventListener("abort", () => {
          aborted.add(args.tag);
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return { tag: args.tag, steps: args.steps };
  },
});

export const frameworkToolset = defineToolset({ id: "test", default: true, tools: [slowTool] });
