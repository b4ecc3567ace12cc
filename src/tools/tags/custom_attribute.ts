import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { customFieldsManager, fieldDefs, fieldValues, pickDef } from "./custom_fields.ts";
import { objectInput, objectTypeInput, resolveObject } from "./shared.ts";
import { notFoundByName } from "../shared/lookup.ts";

const ACTIONS = ["define", "rename", "remove", "set"] as const;

export const customAttribute = defineTool({
  name: "custom_attribute",
  toolset: "tags",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.tags.custom_attribute_action")),
    attribute: z.string().min(1).max(256).describe(t("param.tags.custom_attribute")),
    object_type: objectTypeInput(t).optional(),
    object: objectInput(t).optional(),
    value: z.string().max(4096).optional().describe(t("param.tags.custom_attribute_value")),
    new_name: z.string().min(1).max(256).optional().describe(t("param.tags.new_name")),
    datacenter: datacenterInput(t),
  }),
  output: {
    action: z.enum(ACTIONS),
    key: z.number().int(),
    name: z.string(),
    object: z.object({ type: z.string(), id: z.string(), name: z.string() }).optional(),
    value: z.string().optional(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Removing a definition erases its value on every object.
  tier: "high",
  privileges: ["Global.ManageCustomFields", "Global.SetCustomField"],
  aliases: ["create_custom_attribute", "set_custom_attribute_value", "delete_custom_attribute"],
  async handler(args, ctx) {
    const manager = await customFieldsManager(ctx);
    const defs = await fieldDefs(ctx);
    const call = (method: string, params: Parameters<typeof ctx.vsphere.call>[2]) =>
      ctx.vsphere.call(method, manager, params, { signal: ctx.signal, operationId: ctx.eventId });
    const managerTarget = { ref: manager, name: "CustomFieldsManager" };

    if (args.action === "define") {
      const name = sanitizeText(args.attribute);
      const existing = defs.find((d) =>
        d.name === args.attribute && d.managed_object_type === (args.object_type ?? "")
      );
      if (existing) {
        return {
          action: args.action,
          key: existing.key,
          name,
          message: ctx.t("custom_attribute.exists", { name }),
        };
      }
      // Parameters in WSDL order: name, moType.
      const params = { name: args.attribute, ...(args.object_type ? { moType: args.object_type } : {}) };
      return await ctx.mutate({
        targets: [managerTarget],
        summary: ctx.t("custom_attribute.summary_define", { name, type: args.object_type ?? "global" }),
        method: "AddCustomFieldDef",
        args: params,
      }, async () => {
        const def = await call("AddCustomFieldDef", params) as { key?: unknown } | undefined;
        const key = Number(def?.key ?? (await fieldDefs(ctx)).find((d) => d.name === args.attribute)?.key);
        return { action: args.action, key, name, message: ctx.t("custom_attribute.defined", { name }) };
      });
    }

    const def = pickDef(defs, args.attribute, args.object_type);
    if (!def) {
      notFoundByName("custom attribute", args.attribute);
    }
    const name = def.name;

    if (args.action === "remove" || args.action === "rename") {
      if (args.action === "rename" && !args.new_name) {
        throw new ToolInputError("custom_attribute.new_name_required", {}, "hints.input");
      }
      const method = args.action === "remove" ? "RemoveCustomFieldDef" : "RenameCustomFieldDef";
      const params = args.action === "remove" ? { key: def.key } : { key: def.key, name: args.new_name! };
      return await ctx.mutate({
        targets: [{
          ...managerTarget,
          state: { key: def.key, name, type: def.managed_object_type || "global" },
        }],
        summary: ctx.t(
          args.action === "remove" ? "custom_attribute.summary_remove" : "custom_attribute.summary_rename",
          { name, new_name: sanitizeText(args.new_name ?? "") },
        ),
        method,
        args: params,
      }, async () => {
        await call(method, params);
        const newName = args.action === "rename" ? sanitizeText(args.new_name!) : name;
        return {
          action: args.action,
          key: def.key,
          name: newName,
          message: ctx.t(
            args.action === "remove" ? "custom_attribute.removed" : "custom_attribute.renamed",
            { name, new_name: newName },
          ),
        };
      });
    }

    // set
    if (!args.object_type || args.object === undefined || args.value === undefined) {
      throw new ToolInputError("custom_attribute.set_needs_object", {}, "hints.input");
    }
    const object = await resolveObject(ctx, args.object_type, args.object, args.datacenter);
    const ref = { type: object.id.type, value: object.id.id };
    const out = { type: ref.type, id: ref.value, name: object.name };
    const before = (await fieldValues(ctx, ref)).get(def.key);
    if ((before ?? "") === args.value) {
      return {
        action: args.action,
        key: def.key,
        name,
        object: out,
        value: sanitizeText(args.value),
        message: ctx.t("custom_attribute.already_set", { name, object: object.name }),
      };
    }
    // Parameters in WSDL order: entity, key, value.
    const params = { entity: ref, key: def.key, value: args.value };
    return await ctx.mutate({
      targets: [{ ref, name: object.name, state: { [name]: before ?? null } }],
      summary: ctx.t("custom_attribute.summary_set", { name, object: object.name }),
      method: "SetField",
      args: { key: def.key, value: args.value },
    }, async () => {
      await call("SetField", params);
      const after = (await fieldValues(ctx, ref)).get(def.key) ?? "";
      return {
        action: args.action,
        key: def.key,
        name,
        object: out,
        value: sanitizeText(after),
        message: ctx.t("custom_attribute.set", { name, object: object.name }),
      };
    });
  },
});
