import { defineToolset } from "../../registry/define.ts";
import { eventPost } from "./event_post.ts";
import { eventQuery } from "./event_query.ts";

export const eventToolset = defineToolset({ id: "event", default: true, tools: [eventQuery, eventPost] });
