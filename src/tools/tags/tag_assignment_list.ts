import { mapBounded } from "../shared/bounded.ts";
import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { VSphereError } from "../../vsphere/errors.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { TaggingManager } from "../../vsphere/rest/tagging.ts";
import { datacenterInput } from "../shared/inputs.ts";
import {
  describeTag,
  objectInput,
  objectTypeInput,
  resolveCategory,
  resolveObject,
  resolveTag,
  tagOut,
} from "./shared.ts";

/** Objects named in one answer; more are counted, not listed, to keep outputs small. */
const MAX_OBJECTS = 200;

export const tagAssignmentList = defineTool({
  name: "tag_assignment_list",
  toolset: "tags",
  input: (t) => ({
    object_type: objectTypeInput(t).optional(),
    object: objectInput(t).optional(),
    tag: z.string().min(1).max(300).optional().describe(t("param.tags.tag_filter")),
    category: z.string().min(1).max(300).optional().describe(t("param.tags.tag_category_scope")),
    datacenter: datacenterInput(t),
  }),
  output: {
    object: z.object({ type: z.string(), id: z.string(), name: z.string() }).optional(),
    tags: z.array(tagOut).optional().describe("Tags attached to the object"),
    tag: tagOut.optional(),
    objects: z.array(z.object({ type: z.string(), id: z.string(), name: z.string().nullable() })).optional()
      .describe("Objects the tag is attached to"),
    total: z.number().int(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: ["list_attached_tags"],
  async handler(args, ctx) {
    const tagging = new TaggingManager(ctx.vsphere.rest);
    const byObject = args.object !== undefined;
    if (byObject === (args.tag !== undefined) || (byObject && !args.object_type)) {
      throw new ToolInputError("tag_assignment.object_or_tag", {}, "hints.input");
    }
    if (byObject) {
      const object = await resolveObject(ctx, args.object_type!, args.object!, args.datacenter);
      const tags = await mapBounded(await tagging.listAttachedTags(object.id), (id) => tagging.getTag(id));
      const names = new Map<string, string>();
      for (const id of new Set(tags.map((tag) => tag.category_id))) {
        names.set(id, (await tagging.getCategory(id)).name);
      }
      const described = tags.map((tag) => describeTag(tag, names.get(tag.category_id) ?? ""));
      described.sort((a, b) => a.category.localeCompare(b.category) || a.name.localeCompare(b.name));
      return {
        object: { type: object.id.type, id: object.id.id, name: object.name },
        tags: described,
        total: described.length,
      };
    }
    const category = args.category ? await resolveCategory(tagging, args.category) : undefined;
    const found = await resolveTag(tagging, args.tag!, category);
    const categoryName = category?.name ?? (await tagging.getCategory(found.category_id)).name;
    const attached = await tagging.listAttachedObjects(found.id);
    const objects = await mapBounded(
      attached.slice(0, MAX_OBJECTS),
      async (o) => {
        let name: string | null = null;
        try {
          const props = await retrieveOne(ctx.vsphere, { type: o.type, value: o.id }, ["name"], {
            signal: ctx.signal,
          });
          name = typeof props.name === "string" ? sanitizeText(props.name) : null;
        } catch (error) {
          // A tag can outlive the object it was attached to; report the id without a name.
          if (!(error instanceof VSphereError && error.kind === "NotFound")) throw error;
        }
        return { type: o.type, id: o.id, name };
      },
    );
    return { tag: describeTag(found, categoryName), objects, total: attached.length };
  },
});
