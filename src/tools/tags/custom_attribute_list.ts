import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { fieldDefs, fieldValues } from "./custom_fields.ts";
import { objectInput, objectTypeInput, resolveObject } from "./shared.ts";

export const customAttributeList = defineTool({
  name: "custom_attribute_list",
  toolset: "tags",
  input: (t) => ({
    object_type: objectTypeInput(t).optional(),
    object: objectInput(t).optional(),
    datacenter: datacenterInput(t),
  }),
  output: {
    definitions: z.array(z.object({
      key: z.number().int(),
      name: z.string(),
      managed_object_type: z.string().describe("Object type it applies to; empty means every type"),
    })).optional(),
    object: z.object({ type: z.string(), id: z.string(), name: z.string() }).optional(),
    values: z.array(z.object({ key: z.number().int(), name: z.string(), value: z.string() })).optional(),
    total: z.number().int(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: ["get_custom_attributes", "get_entity_custom_attribute_values"],
  async handler(args, ctx) {
    const defs = await fieldDefs(ctx);
    if (args.object === undefined) return { definitions: defs, total: defs.length };
    if (!args.object_type) {
      throw new ToolInputError("custom_attribute.object_type_required", {}, "hints.input");
    }
    const object = await resolveObject(ctx, args.object_type, args.object, args.datacenter);
    const values = await fieldValues(ctx, { type: object.id.type, value: object.id.id });
    const names = new Map(defs.map((d) => [d.key, d.name]));
    const list = [...values].map(([key, value]) => ({
      key,
      name: names.get(key) ?? String(key),
      value: sanitizeText(value),
    })).sort((a, b) => a.name.localeCompare(b.name));
    return {
      object: { type: object.id.type, id: object.id.id, name: object.name },
      values: list,
      total: list.length,
    };
  },
});
