import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { resolveAnyEntity } from "../shared/entity.ts";
import { userEvent } from "./events.ts";

export const eventPost = defineTool({
  name: "event_post",
  toolset: "event",
  input: (t) => ({
    message: z.string().min(1).max(1000).describe(t("param.event_message")),
    entity: z.string().min(1).max(300).optional().describe(t("param.event_post_entity")),
  }),
  output: {
    message: z.string(),
    entity: z.string().nullable(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  // Adds a line to the event log and changes nothing else: low, like an annotation.
  tier: "low",
  privileges: ["Global.LogEvent"],
  aliases: ["post_custom_event"],
  async handler(args, ctx) {
    const client = ctx.vsphere;
    const content = await client.serviceContent();
    const root = content.rootFolder;
    const target = args.entity
      ? await resolveAnyEntity(client, args.entity, ctx.signal)
      : { ref: root, name: "" };
    const message = sanitizeText(args.message, 1000);
    const entity: MoRef | undefined = args.entity ? target.ref : undefined;
    return await ctx.mutate({
      targets: [{ ref: target.ref, name: target.name || ctx.t("event_post.root") }],
      summary: ctx.t("event_post.summary", { entity: target.name || ctx.t("event_post.root"), message }),
      method: "PostEvent",
      args: { message },
    }, async () => {
      await client.call("PostEvent", content.eventManager as MoRef, {
        eventToPost: userEvent(message, entity, target.name, new Date()),
      }, { signal: ctx.signal, operationId: ctx.eventId });
      return { message, entity: entity ? target.name : null };
    });
  },
});
