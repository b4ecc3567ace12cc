/** Reading vCenter tasks for the task tools: many TaskInfo objects in one round trip, in one compact shape. */
import { z } from "zod";
import type { VSphereClient } from "../../vsphere/client.ts";
import { VSphereError } from "../../vsphere/errors.ts";
import { toObjectProps } from "../../vsphere/objects/property_collector.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { at, bool, num, ref, text } from "../shared/values.ts";

/** Unknown values are left out rather than null: a smaller schema in every tools/list. */
export const taskSummary = z.object({
  task: z.string(),
  name: z.string().optional(),
  entity: z.string().optional(),
  entity_name: z.string().optional(),
  state: z.string(),
  progress: z.number().optional(),
  cancelable: z.boolean(),
  user: z.string().optional(),
  queued: z.string().optional(),
  started: z.string().optional(),
  completed: z.string().optional(),
  error: z.string().optional(),
  result: z.string().optional(),
});
export type TaskSummary = z.infer<typeof taskSummary>;

export function summarizeTask(ref_: MoRef, info: VimObject | undefined): TaskSummary {
  const result = ref(info?.result);
  const error = text(at(info, "error.localizedMessage"), 500) ||
    text(at(info, "error.fault._type") as string | undefined);
  const state = text(info?.state) ?? "unknown";
  const optional: Record<string, string | number | null | undefined> = {
    name: text(info?.descriptionId) ?? text(info?.name),
    entity: ref(info?.entity)?.value,
    entity_name: text(info?.entityName),
    progress: num(info?.progress),
    user: text(at(info, "reason.userName")),
    queued: text(info?.queueTime),
    started: text(info?.startTime),
    completed: text(info?.completeTime),
    error: state === "error" ? error ?? "" : undefined,
    result: result?.value,
  };
  const summary: TaskSummary = { task: ref_.value, state, cancelable: bool(info?.cancelable) === true };
  for (const [k, v] of Object.entries(optional)) {
    if (v !== null && v !== undefined) (summary as Record<string, unknown>)[k] = v;
  }
  return summary;
}

/** `info` of each task, in one RetrievePropertiesEx; tasks that no longer exist are left out. */
export async function readTasks(
  client: VSphereClient,
  tasks: readonly MoRef[],
  signal: AbortSignal,
): Promise<Map<string, VimObject>> {
  const out = new Map<string, VimObject>();
  if (tasks.length === 0) return out;
  const content = await client.serviceContent();
  const bulk = () =>
    client.call("RetrievePropertiesEx", content.propertyCollector, {
      specSet: [{
        _type: "PropertyFilterSpec",
        propSet: [{ _type: "PropertySpec", type: "Task", pathSet: ["info"] }],
        objectSet: tasks.map((obj) => ({ _type: "ObjectSpec", obj, skip: false })),
      }],
      options: { _type: "RetrieveOptions" },
    }, { signal }) as Promise<{ objects?: VimObject[] | VimObject } | null>;
  let result: Awaited<ReturnType<typeof bulk>>;
  try {
    result = await bulk();
  } catch (error) {
    // One vanished task fails the whole read: read them one by one and leave the missing out.
    if (!(error instanceof VSphereError && error.kind === "NotFound") || tasks.length === 0) throw error;
    for (const task of tasks) {
      try {
        const props = await retrieveOne(client, task, ["info"], { signal });
        if (props.info) out.set(task.value, props.info as VimObject);
      } catch (inner) {
        if (!(inner instanceof VSphereError && inner.kind === "NotFound")) throw inner;
      }
    }
    return out;
  }
  const objects = result?.objects;
  for (const o of Array.isArray(objects) ? objects : objects ? [objects] : []) {
    const { ref: r, props } = toObjectProps(o);
    if (props.info) out.set(r.value, props.info as VimObject);
  }
  return out;
}

export const FINAL_STATES = new Set(["success", "error"]);
