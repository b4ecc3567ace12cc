import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { TaggingManager } from "../../vsphere/rest/tagging.ts";
import { datacenterInput } from "../shared/inputs.ts";
import {
  objectInput,
  objectTypeInput,
  resolveCategory,
  resolveObject,
  resolveTag,
  tagInput,
} from "./shared.ts";

const ACTIONS = ["attach", "detach"] as const;

export const tagAssignment = defineTool({
  name: "tag_assignment",
  toolset: "tags",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.tags.tag_assignment_action")),
    tag: tagInput(t),
    category: z.string().min(1).max(300).optional().describe(t("param.tags.tag_category_scope")),
    object_type: objectTypeInput(t),
    object: objectInput(t),
    datacenter: datacenterInput(t),
  }),
  output: {
    action: z.enum(ACTIONS),
    tag: z.string(),
    object: z.object({ type: z.string(), id: z.string(), name: z.string() }),
    attached: z.boolean().describe("Whether the tag is attached to the object afterwards"),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Easily undone, like an annotation.
  tier: "low",
  privileges: ["InventoryService.Tagging.AttachTag"],
  aliases: ["attach_tag", "detach_tag"],
  async handler(args, ctx) {
    const tagging = new TaggingManager(ctx.vsphere.rest);
    const category = args.category ? await resolveCategory(tagging, args.category) : undefined;
    const found = await resolveTag(tagging, args.tag, category);
    const object = await resolveObject(ctx, args.object_type, args.object, args.datacenter);
    const tagName = sanitizeText(found.name);
    const before = (await tagging.listAttachedTags(object.id)).includes(found.id);
    const out = { type: object.id.type, id: object.id.id, name: object.name };
    const wanted = args.action === "attach";
    if (before === wanted) {
      return {
        action: args.action,
        tag: tagName,
        object: out,
        attached: before,
        message: ctx.t(wanted ? "tag_assignment.already_attached" : "tag_assignment.not_attached", {
          tag: tagName,
          object: object.name,
        }),
      };
    }
    return await ctx.mutate({
      targets: [{
        ref: { type: object.id.type, value: object.id.id },
        name: object.name,
        state: { tag: tagName, attached: before },
      }],
      summary: ctx.t(wanted ? "tag_assignment.summary_attach" : "tag_assignment.summary_detach", {
        tag: tagName,
        object: object.name,
      }),
      method: wanted ? "cis.tagging.TagAssociation.attach" : "cis.tagging.TagAssociation.detach",
      args: { tag_id: found.id, object_id: object.id },
    }, async () => {
      if (wanted) await tagging.attach(found.id, object.id);
      else await tagging.detach(found.id, object.id);
      const after = (await tagging.listAttachedTags(object.id)).includes(found.id);
      return {
        action: args.action,
        tag: tagName,
        object: out,
        attached: after,
        message: ctx.t(wanted ? "tag_assignment.attached" : "tag_assignment.detached", {
          tag: tagName,
          object: object.name,
        }),
      };
    });
  },
});
