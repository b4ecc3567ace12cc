/** Alarm manager access, entity inputs, and the request shapes of the alarm methods (one place, tested). */
import { z } from "zod";
import type { Translate } from "../../i18n/mod.ts";
import type { ToolContext } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { vim25Schema } from "../../vsphere/vim25/vim_schema.ts";

export const ENTITY_TYPES = [
  "Folder",
  "Datacenter",
  "ClusterComputeResource",
  "HostSystem",
  "VirtualMachine",
  "Datastore",
  "ResourcePool",
  "Network",
  "DistributedVirtualSwitch",
] as const;

export function entityInputs(t: Translate) {
  return {
    entity_type: z.enum(ENTITY_TYPES).optional().describe(t("param.alarm.entity_type")),
    entity: z.string().min(1).max(300).optional().describe(t("param.alarm.entity")),
  };
}

export interface Entity {
  ref: MoRef;
  name: string;
}

/** The named entity, or the root folder (which sees every alarm below it) when none is named. */
export async function resolveAlarmEntity(
  ctx: ToolContext,
  type: string | undefined,
  name: string | undefined,
): Promise<Entity> {
  if (!name) {
    const root = (await ctx.vsphere.serviceContent()).rootFolder;
    return { ref: root, name: "Datacenters" };
  }
  const found = await resolveEntity(ctx.vsphere, type ?? "VirtualMachine", name, { signal: ctx.signal });
  return { ref: found.ref, name: sanitizeText(found.name) };
}

export async function alarmManager(ctx: ToolContext): Promise<MoRef> {
  return (await ctx.vsphere.serviceContent()).alarmManager as MoRef;
}

export async function alarmName(ctx: ToolContext, alarm: MoRef): Promise<string> {
  const info = await retrieveOne(ctx.vsphere, alarm, ["info.name"], { signal: ctx.signal });
  return sanitizeText(String(info["info.name"] ?? alarm.value));
}

export async function triggered(ctx: ToolContext, entity: MoRef): Promise<VimObject[]> {
  const props = await retrieveOne(ctx.vsphere, entity, ["triggeredAlarmState"], { signal: ctx.signal });
  return (Array.isArray(props.triggeredAlarmState) ? props.triggeredAlarmState : []) as VimObject[];
}

export const acknowledgeArgs = (alarm: MoRef, entity: MoRef) => ({ alarm, entity });
export const enableActionsArgs = (entity: MoRef, enabled: boolean) => ({ entity, enabled });

/** ReconfigureAlarm needs the whole AlarmSpec: the AlarmInfo's own spec fields, with `enabled` changed. */
export function reconfigureArgs(info: VimObject, enabled: boolean) {
  const spec: VimObject = { _type: "AlarmSpec" };
  for (const field of vim25Schema.fieldsOf("AlarmSpec") ?? []) {
    if (info[field.name] !== undefined) spec[field.name] = info[field.name];
  }
  spec.enabled = enabled;
  return { spec };
}
