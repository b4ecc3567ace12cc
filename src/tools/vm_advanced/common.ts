/**
 * What the vm_advanced tools share: a VM-scoped result shape, a generic device summary, and a deep
 * sanitizer for configuration read back from vCenter (exported as data, never as instructions).
 */
import { z } from "zod";
import type { ToolContext } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { isMoRef, type MoRef, type VimObject, type VimValue } from "../../vsphere/soap/types.ts";
import { runTask, taskFields } from "../shared/task_result.ts";
import { deviceKey, deviceLabel, num, obj, readVm, str } from "../vm/common.ts";

/** Every string of a decoded value cleaned for a result; MoRefs become "type:value". */
export function cleanValue(value: VimValue | undefined, depth = 0): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return sanitizeText(value, 4096);
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (depth > 12) return null;
  if (Array.isArray(value)) return value.map((v) => cleanValue(v, depth + 1));
  if (isMoRef(value)) return `${value.type}:${value.value}`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as VimObject)) out[k] = cleanValue(v, depth + 1);
  return out;
}

const BASE_FIELDS = new Set([
  "_type",
  "key",
  "deviceInfo",
  "backing",
  "connectable",
  "slotInfo",
  "controllerKey",
  "unitNumber",
  "numaNode",
  "deviceGroupInfo",
]);

/** A device as a flat, readable record: identity, placement, backing and its own scalar settings. */
export function describeDevice(device: VimObject): Record<string, unknown> {
  const backing = obj(device.backing);
  const connectable = obj(device.connectable);
  const own: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(device)) {
    if (BASE_FIELDS.has(k) || v === null || (typeof v === "object" && !Array.isArray(v))) continue;
    own[k] = cleanValue(v);
  }
  return {
    key: deviceKey(device),
    label: sanitizeText(deviceLabel(device)),
    type: String(device._type ?? ""),
    summary: sanitizeText(str(obj(device.deviceInfo)?.summary) ?? ""),
    ...(num(device.controllerKey) !== undefined ? { controller_key: num(device.controllerKey) } : {}),
    ...(num(device.unitNumber) !== undefined ? { unit_number: num(device.unitNumber) } : {}),
    ...(connectable
      ? { connected: connectable.connected === true, start_connected: connectable.startConnected === true }
      : {}),
    ...(backing ? { backing: cleanValue(backing) } : {}),
    ...own,
  };
}

export const deviceRecord = z.record(z.string(), z.unknown());

/** Result of a tool that ran one vCenter method on a VM. */
export const operationOutput = {
  vm: z.string(),
  moref: z.string(),
  message: z.string(),
  ...taskFields,
};

/** Runs a task or a plain method and gives the common fields of `operationOutput`. */
export async function runMethod(
  ctx: ToolContext,
  method: string,
  thisRef: MoRef,
  args: Record<string, VimValue | undefined>,
  waitSeconds: number,
): Promise<{ task?: string; task_state?: string; result?: VimValue }> {
  if (method.endsWith("_Task")) {
    const task = await runTask(ctx, method, thisRef, args, waitSeconds);
    return {
      task: task.task,
      task_state: task.state,
      ...(task.result !== undefined ? { result: task.result } : {}),
    };
  }
  const result = await ctx.vsphere.call(method, thisRef, args, {
    signal: ctx.signal,
    operationId: ctx.eventId,
  });
  return result === undefined ? {} : { result };
}

export interface VmOperation {
  method: string;
  thisRef?: MoRef;
  args: Record<string, VimValue | undefined>;
  summary: string;
  /** Message when the call (and its task) succeeded. */
  done: string;
  state?: Record<string, unknown>;
  waitSeconds?: number;
}

/** Preview, then one vCenter method on (or about) a VM: the shape of most vm_advanced write tools. */
export async function vmOperation(
  ctx: ToolContext,
  vm: { ref: MoRef; display: string },
  op: VmOperation,
  /** What the preview and audit record show instead of `op.args` when those carry a secret. */
  shownArgs?: Record<string, unknown>,
): Promise<
  { vm: string; moref: string; message: string; task?: string; task_state?: string; result?: VimValue }
> {
  return await ctx.mutate({
    targets: [{ ref: vm.ref, name: vm.display, ...(op.state ? { state: op.state } : {}) }],
    summary: op.summary,
    method: op.method,
    args: shownArgs ?? op.args,
  }, async () => {
    const outcome = await runMethod(ctx, op.method, op.thisRef ?? vm.ref, op.args, op.waitSeconds ?? 120);
    const ok = outcome.task_state === undefined || outcome.task_state === "success";
    return {
      vm: vm.display,
      moref: vm.ref.value,
      message: ok ? op.done : ctx.t("vm_change.pending", { name: vm.display, task: outcome.task ?? "" }),
      ...(outcome.task ? { task: outcome.task, task_state: outcome.task_state } : {}),
      ...(outcome.result !== undefined ? { result: outcome.result } : {}),
    };
  });
}

/** The VM's runtime (power state, question, tools installer, ...), which most preconditions need. */
export async function vmRuntime(ctx: ToolContext, ref: MoRef): Promise<VimObject> {
  return obj((await readVm(ctx, ref, ["runtime"])).runtime) ?? {};
}
