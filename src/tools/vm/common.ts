/**
 * What the vm and snapshot tools share: reading decoded vim25 values whatever the schema typed them as,
 * resolving VMs and placement objects, finding virtual devices, and one compact result shape.
 *
 * Values decoded without a schema entry arrive as strings ("1024", "true") and single-element lists as
 * one object; with the generated schema they are numbers, booleans and arrays. The readers re-exported
 * below (from ../shared/vim_values.ts, under the names these tools use: `str` takes only strings, `obj`
 * also accepts a MoRef, `objects` drops what is not an object) accept both, so the tools do not depend on
 * which table the client was built with.
 */
import { z } from "zod";
import type { ToolContext } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { type Resolved, resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { runTask, taskFields } from "../shared/task_result.ts";
import {
  anyObject as obj,
  asArray as list,
  bool,
  num,
  objectsOnly as objects,
  stringOnly as str,
} from "../shared/vim_values.ts";

export { bool, list, num, obj, objects, str };

/** The result every VM-changing tool returns (inside the framework's status envelope). */
export const changeOutput = {
  vm: z.string(),
  moref: z.string().optional(),
  message: z.string(),
  ...taskFields,
};

export interface ChangeResult {
  vm: string;
  moref?: string;
  message: string;
  task?: string;
  task_state?: string;
}

export interface ResolvedVm extends Resolved {
  /** Sanitized display name. */
  display: string;
}

export async function resolveVm(ctx: ToolContext, vm: string, datacenter?: string): Promise<ResolvedVm> {
  const found = await resolveEntity(ctx.vsphere, "VirtualMachine", vm, {
    signal: ctx.signal,
    ...(datacenter ? { datacenter } : {}),
  });
  return { ...found, display: sanitizeText(found.name) };
}

/** Resolves an optional placement object (host, pool, datastore, folder, network...). */
export async function resolveOptional(
  ctx: ToolContext,
  type: string,
  nameOrId: string | undefined,
  datacenter?: string,
): Promise<Resolved | undefined> {
  if (!nameOrId) return undefined;
  return await resolveEntity(ctx.vsphere, type, nameOrId, {
    signal: ctx.signal,
    ...(datacenter ? { datacenter } : {}),
  });
}

export async function readVm(ctx: ToolContext, ref: MoRef, paths: readonly string[]) {
  return await retrieveOne(ctx.vsphere, ref, paths, { signal: ctx.signal });
}

/**
 * Runs a *_Task and turns its outcome into the common result. With `created`, the task's result (the new
 * object's MoRef) becomes `moref`.
 */
export async function taskResult(
  ctx: ToolContext,
  method: string,
  thisRef: MoRef,
  args: Record<string, VimValue | undefined>,
  waitSeconds: number,
  done: { vm: string; moref?: string; message: string; created?: boolean },
): Promise<ChangeResult> {
  const task = await runTask(ctx, method, thisRef, args, waitSeconds);
  const created = done.created ? obj(task.result) : undefined;
  const moref = typeof created?.value === "string" ? created.value : done.moref;
  return {
    vm: done.vm,
    ...(moref ? { moref } : {}),
    message: task.state === "success"
      ? done.message
      : ctx.t("vm_change.pending", { name: done.vm, task: task.task }),
    task: task.task,
    task_state: task.state,
  };
}

// ---- virtual devices ------------------------------------------------------------------------------

export function deviceKey(device: VimObject): number {
  return num(device.key) ?? 0;
}

export function deviceLabel(device: VimObject): string {
  return str(obj(device.deviceInfo)?.label) ?? `${device._type ?? "device"}-${deviceKey(device)}`;
}

export const DISK = (d: VimObject) => d._type === "VirtualDisk";
export const CDROM = (d: VimObject) => d._type === "VirtualCdrom";
const NIC_TYPES = new Set([
  "VirtualE1000",
  "VirtualE1000e",
  "VirtualPCNet32",
  "VirtualVmxnet",
  "VirtualVmxnet2",
  "VirtualVmxnet3",
  "VirtualVmxnet3Vrdma",
  "VirtualSriovEthernetCard",
]);
export const NIC = (d: VimObject) => NIC_TYPES.has(String(d._type));
const SCSI_TYPES = new Set([
  "ParaVirtualSCSIController",
  "VirtualLsiLogicController",
  "VirtualLsiLogicSASController",
  "VirtualBusLogicController",
]);
export const SCSI = (d: VimObject) => SCSI_TYPES.has(String(d._type));
export const NVME = (d: VimObject) => d._type === "VirtualNVMEController";
export const SATA = (d: VimObject) => d._type === "VirtualAHCIController";
export const IDE = (d: VimObject) => d._type === "VirtualIDEController";

export async function readDevices(ctx: ToolContext, ref: MoRef): Promise<VimObject[]> {
  const props = await readVm(ctx, ref, ["config.hardware.device"]);
  return objects(props["config.hardware.device"]);
}

/**
 * Finds one device of a kind by key ("2000"), label ("Hard disk 1") or 1-based position ("1"
 * when no key is that small). Without a selector there must be exactly one such device.
 */
export function findDevice(
  devices: readonly VimObject[],
  kind: (d: VimObject) => boolean,
  kindName: string,
  selector: string | undefined,
): VimObject {
  const candidates = devices.filter(kind);
  let match: VimObject | undefined;
  if (selector === undefined) {
    if (candidates.length === 1) match = candidates[0];
  } else {
    match = candidates.find((d) => deviceLabel(d) === selector) ??
      candidates.find((d) => String(deviceKey(d)) === selector);
    const position = Number(selector);
    if (!match && Number.isInteger(position) && position >= 1) match = candidates[position - 1];
  }
  if (match) return match;
  throw new ToolInputError("errors.device_not_found", {
    kind: kindName,
    selector: selector ?? "",
    candidates: candidates.map((d) => `${deviceLabel(d)} (key ${deviceKey(d)})`).join(", ") || "none",
  }, "hints.device_not_found");
}

/** A free unit number on a controller: SCSI skips its own unit 7, IDE has 2, SATA 30, NVMe 15 units. */
export function freeUnit(devices: readonly VimObject[], controller: VimObject): number | undefined {
  const key = deviceKey(controller);
  const used = new Set(
    devices.filter((d) => num(d.controllerKey) === key).map((d) => num(d.unitNumber)).filter((u) =>
      u !== undefined
    ),
  );
  const max = IDE(controller) ? 2 : SATA(controller) ? 30 : NVME(controller) ? 15 : 16;
  const reserved = SCSI(controller) ? (num(controller.scsiCtlrUnitNumber) ?? 7) : -1;
  for (let unit = 0; unit < max; unit++) {
    if (unit !== reserved && !used.has(unit)) return unit;
  }
  return undefined;
}

/** The device's connect info rewritten in WSDL order with new connection flags. */
export function connectInfo(device: VimObject, connected: boolean): VimObject {
  const current = obj(device.connectable);
  return {
    _type: "VirtualDeviceConnectInfo",
    startConnected: connected,
    allowGuestControl: bool(current?.allowGuestControl) ?? true,
    connected,
  };
}

/** An `edit` device change. The whole device goes back (deviceInfo included: vcsim crashes without it). */
export function editDevice(device: VimObject): VimObject {
  return { _type: "VirtualDeviceConfigSpec", operation: "edit", device };
}

export function deviceSummary(device: VimObject) {
  return {
    key: deviceKey(device),
    label: sanitizeText(deviceLabel(device)),
    type: String(device._type ?? ""),
  };
}

/** How long the tools without a wait_seconds input wait for their (short) tasks. */
export const DEFAULT_WAIT_SECONDS = 120;

export const GB_IN_KB = 1024 * 1024;

const DEVICE_BASE_ORDER = [
  "key",
  "deviceInfo",
  "backing",
  "connectable",
  "slotInfo",
  "controllerKey",
  "unitNumber",
];

/** A copy of a decoded device with one base-type field replaced or inserted at its WSDL position. */
export function withDeviceField(device: VimObject, field: string, value: VimValue): VimObject {
  if (field in device) return { ...device, [field]: value };
  const out: VimObject = {};
  const position = DEVICE_BASE_ORDER.indexOf(field);
  let placed = false;
  for (const [k, v] of Object.entries(device)) {
    const index = DEVICE_BASE_ORDER.indexOf(k);
    if (!placed && k !== "_type" && (index > position || index === -1)) {
      out[field] = value;
      placed = true;
    }
    out[k] = v;
  }
  if (!placed) out[field] = value;
  return out;
}

/** The root resource pool of a host's compute resource (cluster or standalone). */
export async function poolOfHost(ctx: ToolContext, host: MoRef): Promise<MoRef> {
  const parent = (await readVm(ctx, host, ["parent"])).parent as MoRef;
  return (await readVm(ctx, parent, ["resourcePool"])).resourcePool as MoRef;
}

/** A customization spec stored in vCenter, by name (CustomizationSpecManager.GetCustomizationSpec). */
export async function customizationSpec(ctx: ToolContext, name: string): Promise<VimObject> {
  const content = await ctx.vsphere.serviceContent();
  const manager = content.customizationSpecManager as MoRef | undefined;
  if (!manager) throw new ToolInputError("errors.no_customization", {}, "hints.input");
  const item = obj(await ctx.vsphere.call("GetCustomizationSpec", manager, { name }, { signal: ctx.signal }));
  const spec = obj(item?.spec);
  if (!spec) {
    throw new ToolInputError("errors.not_found_by_name", { type: "CustomizationSpec", name }, "hints.input");
  }
  // Sent back as the declared CustomizationSpec; its polymorphic parts keep their decoded xsi:type.
  const { _type: _ignored, ...fields } = spec;
  return fields;
}

/** The VM folder of the datacenter that holds `entity` (walks up the parents). */
export async function vmFolderOf(ctx: ToolContext, entity: MoRef): Promise<MoRef> {
  let ref: MoRef | undefined = entity;
  for (let i = 0; ref && i < 20; i++) {
    if (ref.type === "Datacenter") return (await readVm(ctx, ref, ["vmFolder"])).vmFolder as MoRef;
    ref = (await readVm(ctx, ref, ["parent"])).parent as MoRef | undefined;
  }
  throw new ToolInputError("errors.no_datacenter", { ref: entity.value }, "hints.input");
}
