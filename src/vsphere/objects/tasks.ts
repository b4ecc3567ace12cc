/**
 * Waiting for vCenter tasks: poll `info` until a final state, report `info.progress`, honour a deadline
 * and cancellation. The outcome is reported truthfully: a task that finished before a cancel is "success".
 */
import type { VSphereClient } from "../client.ts";
import { faultError, VSphereError } from "../errors.ts";
import type { MoRef, VimObject, VimValue } from "../soap/types.ts";
import { sleep } from "../soap/round_trip.ts";
import { retrieveOne } from "./retrieve.ts";

export interface TaskInfo {
  ref: MoRef;
  state: "queued" | "running" | "success" | "error";
  progress?: number;
  result?: VimValue;
  error?: VSphereError;
  cancelable: boolean;
  descriptionId?: string;
  entity?: MoRef;
  /** CancelTask was sent for this task during the wait. */
  cancelRequested?: boolean;
}

export interface WaitOptions {
  /** Called when progress (0-100) changes. */
  onProgress?: (percent: number) => void | Promise<void>;
  /** Give up waiting (not the task) after this many ms; the result then has state "running"/"queued". */
  deadlineMs?: number;
  /** Aborting asks vCenter to cancel the task when it is cancelable, then reports the final state. */
  signal?: AbortSignal;
  operationId?: string;
  pollMs?: number;
  /** After CancelTask, how long to keep waiting for the final state (default 30 s). */
  cancelGraceMs?: number;
}

export async function readTask(client: VSphereClient, ref: MoRef, operationId?: string): Promise<TaskInfo> {
  const props = await retrieveOne(client, ref, ["info"], operationId ? { operationId } : {});
  return toTaskInfo(ref, props.info as VimObject);
}

export function toTaskInfo(ref: MoRef, info: VimObject): TaskInfo {
  const state = String(info.state ?? "running") as TaskInfo["state"];
  const out: TaskInfo = { ref, state, cancelable: info.cancelable === true };
  if (typeof info.progress === "number") out.progress = info.progress;
  if (info.result !== undefined) out.result = info.result;
  if (typeof info.descriptionId === "string") out.descriptionId = info.descriptionId;
  if (info.entity) out.entity = info.entity as MoRef;
  if (state === "error") {
    out.error = taskError(info.error as VimObject | undefined, out.descriptionId ?? "task");
  }
  return out;
}

/** `info.error` (a LocalizedMethodFault) → the same error taxonomy as SOAP faults. */
export function taskError(fault: VimObject | undefined, path: string): VSphereError {
  const message = fault?.localizedMessage;
  return faultError(fault?.fault as VimObject | undefined, {
    faultType: "TaskError",
    vcMessage: typeof message === "string" ? message : "",
    path,
  });
}

/**
 * Waits for a task; throws its typed error when it fails.
 *
 * - progress: `onProgress` gets `info.progress` whenever it changes, and 100 on success;
 * - deadline: after `deadlineMs` the current (unfinished) info is returned — the task keeps running;
 * - cancellation: when `signal` aborts, the task is cancelled with CancelTask if vCenter says it is
 *   `cancelable`, and the wait goes on (up to `cancelGraceMs`) to learn how it really ended. A task that
 *   finished before the cancel took effect is reported as the success it was; an uncancelable one is
 *   returned as it stands, with `cancelRequested: false`.
 */
export async function waitForTask(
  client: VSphereClient,
  ref: MoRef,
  options: WaitOptions = {},
): Promise<TaskInfo> {
  const started = Date.now();
  let delay = options.pollMs ?? 250;
  let lastProgress = -1;
  let cancelRequested = false;
  let cancelAt = 0;
  for (;;) {
    const info = { ...await readTask(client, ref, options.operationId), cancelRequested };
    if (info.state === "success") {
      if (lastProgress !== 100) await options.onProgress?.(100);
      return info;
    }
    if (info.state === "error") throw info.error!;
    if (typeof info.progress === "number" && info.progress !== lastProgress) {
      lastProgress = info.progress;
      await options.onProgress?.(info.progress);
    }
    if (options.signal?.aborted) {
      if (!info.cancelable && !cancelRequested) return info;
      if (!cancelRequested) {
        cancelRequested = true;
        cancelAt = Date.now();
        await client.call(
          "CancelTask",
          ref,
          {},
          options.operationId ? { operationId: options.operationId } : {},
        )
          .catch(() => undefined);
        continue;
      }
      if (Date.now() - cancelAt >= (options.cancelGraceMs ?? 30_000)) return info;
    }
    if (options.deadlineMs !== undefined && Date.now() - started >= options.deadlineMs) return info;
    await sleep(delay, options.signal).catch(() => undefined);
    delay = Math.min(delay * 2, 2_000);
  }
}

/**
 * Starts a `*_Task` method and waits for it. The starting call is never abandoned half-way: cutting the
 * connection would not stop vCenter, only lose the task id. So `signal` takes effect once the task
 * exists, as a CancelTask, and the outcome reported is the task's real final state.
 */
export async function startTask(
  client: VSphereClient,
  method: string,
  thisRef: MoRef,
  args: Record<string, VimValue | undefined>,
  options: WaitOptions = {},
): Promise<TaskInfo> {
  const task = await client.call(
    method,
    thisRef,
    args,
    options.operationId ? { operationId: options.operationId } : {},
  );
  if (!task || typeof task !== "object" || !("value" in task)) {
    throw new VSphereError("Fault", {
      faultType: "NoTask",
      vcMessage: `${method} returned no task`,
      path: method,
    });
  }
  return await waitForTask(client, task as MoRef, options);
}
