/**
 * Waiting for vCenter tasks: poll `info` until a final state, report `info.progress`, honour a deadline
 * and cancellation. The outcome is reported truthfully: a task that finished before a cancel is "success".
 */
import type { VSphereClient } from "../client.ts";
import { faultError, type VSphereError } from "../errors.ts";
import type { MoRef, VimObject, VimValue } from "../soap/types.ts";
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

/** Waits for a task; throws its typed error when it fails. */
export async function waitForTask(
  client: VSphereClient,
  ref: MoRef,
  options: WaitOptions = {},
): Promise<TaskInfo> {
  const started = Date.now();
  let delay = options.pollMs ?? 250;
  let lastProgress = -1;
  let cancelRequested = false;
  for (;;) {
    const info = await readTask(client, ref, options.operationId);
    if (info.state === "success") return info;
    if (info.state === "error") throw info.error!;
    if (typeof info.progress === "number" && info.progress !== lastProgress) {
      lastProgress = info.progress;
      await options.onProgress?.(info.progress);
    }
    if (options.signal?.aborted && !cancelRequested) {
      cancelRequested = true;
      if (info.cancelable) await client.call("CancelTask", ref).catch(() => undefined);
    }
    if (options.deadlineMs !== undefined && Date.now() - started >= options.deadlineMs) return info;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 2_000);
  }
}
