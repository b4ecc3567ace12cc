import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { page, pagingInput } from "../shared/paging.ts";
import { asArray, ref } from "../shared/values.ts";
import { FINAL_STATES, readTasks, summarizeTask, taskSummary } from "./task_info.ts";

const STATES = ["queued", "running", "success", "error"] as const;

export const taskList = defineTool({
  name: "task_list",
  toolset: "task",
  input: (t) => ({
    tasks: z.array(z.string().regex(/^task-[\w.-]+$/).max(100)).max(50).optional()
      .describe(t("param.task_ids")),
    wait_seconds: z.number().int().min(0).max(600).default(0).describe(t("param.task_wait")),
    state: z.enum(STATES).optional().describe(t("param.task_state")),
    entity: z.string().max(300).optional().describe(t("param.task_entity")),
    ...pagingInput(t),
  }),
  output: {
    tasks: z.array(taskSummary),
    total: z.number(),
    next_cursor: z.string().optional(),
    missing: z.array(z.string()).optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["list_recent_tasks"],
  async handler(args, ctx) {
    const client = ctx.vsphere;
    let refs: MoRef[];
    if (args.tasks?.length) {
      refs = args.tasks.map((value) => ({ type: "Task", value }));
    } else {
      const content = await client.serviceContent();
      const recent = await retrieveOne(client, content.taskManager as MoRef, ["recentTask"], {
        signal: ctx.signal,
      });
      refs = asArray(recent.recentTask).flatMap((v) => ref(v) ? [ref(v)!] : []);
    }

    let infos = await readTasks(client, refs, ctx.signal);
    // Waiting: poll the requested tasks until all are final or the time is up, reporting progress.
    const deadline = Date.now() + args.wait_seconds * 1000;
    let delay = 250;
    while (
      args.tasks?.length && Date.now() < deadline &&
      [...infos.values()].some((i) => !FINAL_STATES.has(String(i.state)))
    ) {
      if (ctx.signal.aborted) break;
      const done = [...infos.values()].filter((i) => FINAL_STATES.has(String(i.state))).length;
      await ctx.progress({ progress: done, total: infos.size });
      await new Promise((r) => setTimeout(r, Math.min(delay, Math.max(0, deadline - Date.now()))));
      delay = Math.min(delay * 2, 2000);
      infos = await readTasks(client, refs, ctx.signal);
    }

    const entity = args.entity?.toLowerCase();
    const rows = refs.filter((r) => infos.has(r.value)).map((r) => summarizeTask(r, infos.get(r.value)))
      .filter((s) => !args.state || s.state === args.state)
      .filter((s) =>
        !entity || s.entity?.toLowerCase() === entity || (s.entity_name ?? "").toLowerCase() === entity
      )
      .sort((a, b) => (b.queued ?? "").localeCompare(a.queued ?? "") || b.task.localeCompare(a.task));
    const missing = refs.filter((r) => !infos.has(r.value)).map((r) => r.value);
    const { items, total, next_cursor } = page(rows, args.limit, args.cursor);
    return {
      tasks: items,
      total,
      ...(next_cursor ? { next_cursor } : {}),
      ...(args.tasks?.length && missing.length ? { missing } : {}),
    };
  },
});
