/**
 * Schemas the framework adds around each tool's own: the confirmation fields on every non-read-only
 * tool's input, and the envelope (`status`, `result`, `preview`) of its output.
 */
import { z } from "zod";
import type { Translate } from "../i18n/mod.ts";
import type { AnyTool } from "../registry/define.ts";

const moRefSchema = z.object({ type: z.string(), value: z.string() });

export const previewSchema = z.object({
  tool: z.string(),
  tier: z.enum(["low", "medium", "high", "critical"]),
  summary: z.string(),
  method: z.string(),
  args: z.record(z.string(), z.unknown()).optional(),
  targets: z.array(z.object({
    ref: moRefSchema,
    name: z.string(),
    path: z.string().optional(),
    state: z.record(z.string(), z.unknown()).optional(),
  })),
});

export function toolInputShape(tool: AnyTool, t: Translate): z.ZodRawShape {
  const shape = tool.input(t);
  if (tool.annotations.readOnlyHint) return shape;
  return {
    ...shape,
    confirm: z.boolean().optional().describe(t("param.confirm")),
    confirmation_handle: z.string().optional().describe(t("param.confirmation_handle")),
  };
}

/** Set by the framework when the output budget forced it to drop items (see budget.ts). */
const truncatedSchema = z.boolean().optional();

/** Whether a tool pages with limit/cursor → next_cursor, so the budget can hand out a continuation. */
export function isPaged(tool: AnyTool, t: Translate): boolean {
  return "cursor" in tool.input(t) && "next_cursor" in tool.output;
}

const outputShapes = new WeakMap<AnyTool, z.ZodRawShape>();

/** Read-only tools return their own shape; others wrap it in the confirmation envelope. */
export function outputShapeOf(tool: AnyTool): z.ZodRawShape {
  let shape = outputShapes.get(tool);
  if (!shape) {
    shape = tool.annotations.readOnlyHint ? { ...tool.output, truncated: truncatedSchema } : {
      status: z.enum(["done", "unchanged", "confirmation_required", "declined", "cancelled"]),
      result: z.object(tool.output).optional(),
      preview: previewSchema.optional(),
      confirmation_handle: z.string().optional(),
      expires_at: z.string().optional(),
      next_step: z.string().optional(),
      truncated: truncatedSchema,
    };
    outputShapes.set(tool, shape);
  }
  return shape;
}

const listedShapes = new WeakMap<AnyTool, z.ZodRawShape>();

/**
 * The output shape as tools/list advertises it: the same envelope, but the preview described loosely.
 * Results are still validated against the strict shape (outputShapeOf); the listed one only saves every
 * mutating tool ~200 tokens of a preview schema that is identical for all of them.
 */
export function listedOutputShapeOf(tool: AnyTool): z.ZodRawShape {
  if (tool.annotations.readOnlyHint) return tool.output;
  let shape = listedShapes.get(tool);
  if (!shape) {
    shape = { ...outputShapeOf(tool), preview: z.record(z.string(), z.unknown()).optional() };
    listedShapes.set(tool, shape);
  }
  return shape;
}

/** JSON Schema for tools/list, without the `$schema` key (MCP's default dialect is 2020-12). */
export function listedJsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io }) as Record<string, unknown>;
  return rest;
}
