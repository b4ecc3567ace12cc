/**
 * Event requests and their compact shape. The builders here are what the tools send, so the WSDL
 * contract test checks exactly these objects (field order as in vim-types.xsd, base type first).
 */
import { z } from "zod";
import { sanitizeText } from "../../server/sanitize.ts";
import type { MoRef, VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { asArray, num, obj, ref, text } from "../shared/values.ts";

export const RECURSION = ["self", "children", "all"] as const;

export interface EventFilter {
  entity?: MoRef;
  recursion?: typeof RECURSION[number];
  beginTime?: string;
  endTime?: string;
  users?: readonly string[];
  eventTypes?: readonly string[];
  maxCount?: number;
}

/** vim25 EventFilterSpec: entity, time, userName, ..., eventTypeId, maxCount (in this order). */
export function eventFilterSpec(f: EventFilter): VimObject {
  return {
    _type: "EventFilterSpec",
    ...(f.entity
      ? { entity: { _type: "EventFilterSpecByEntity", entity: f.entity, recursion: f.recursion ?? "all" } }
      : {}),
    ...(f.beginTime || f.endTime
      ? {
        time: {
          _type: "EventFilterSpecByTime",
          ...(f.beginTime ? { beginTime: f.beginTime } : {}),
          ...(f.endTime ? { endTime: f.endTime } : {}),
        },
      }
      : {}),
    ...(f.users?.length
      ? { userName: { _type: "EventFilterSpecByUsername", systemUser: false, userList: [...f.users] } }
      : {}),
    // Unset means "no full formatted message" on vCenter: ask for it explicitly.
    disableFullMessage: false,
    ...(f.eventTypes?.length ? { eventTypeId: [...f.eventTypes] } : {}),
    ...(f.maxCount ? { maxCount: f.maxCount } : {}),
  };
}

/** The EventArgument field of Event that points at an entity of this type (vcsim filters on these). */
const ARGUMENT_OF: Record<string, { field: string; type: string; ref: string }> = {
  Datacenter: { field: "datacenter", type: "DatacenterEventArgument", ref: "datacenter" },
  ClusterComputeResource: {
    field: "computeResource",
    type: "ComputeResourceEventArgument",
    ref: "computeResource",
  },
  ComputeResource: { field: "computeResource", type: "ComputeResourceEventArgument", ref: "computeResource" },
  HostSystem: { field: "host", type: "HostEventArgument", ref: "host" },
  VirtualMachine: { field: "vm", type: "VmEventArgument", ref: "vm" },
  Datastore: { field: "ds", type: "DatastoreEventArgument", ref: "datastore" },
  Network: { field: "net", type: "NetworkEventArgument", ref: "network" },
  DistributedVirtualPortgroup: { field: "net", type: "NetworkEventArgument", ref: "network" },
  VmwareDistributedVirtualSwitch: { field: "dvs", type: "DvsEventArgument", ref: "dvs" },
};

/** A GeneralUserEvent ("user logged event") about `entity`, fields in vim-types.xsd order. */
export function userEvent(
  message: string,
  entity: MoRef | undefined,
  entityName: string,
  now: Date,
): VimObject {
  const arg = entity ? ARGUMENT_OF[entity.type] : undefined;
  const args: Record<string, VimObject> = {};
  if (arg && entity) args[arg.field] = { _type: arg.type, name: entityName, [arg.ref]: entity };
  const ordered: VimObject = {
    _type: "GeneralUserEvent",
    key: 0,
    chainId: 0,
    createdTime: now.toISOString(),
    userName: "",
  };
  for (const field of ["datacenter", "computeResource", "host", "vm", "ds", "net", "dvs"]) {
    if (args[field]) ordered[field] = args[field];
  }
  ordered.fullFormattedMessage = message;
  ordered.message = message;
  if (entity) ordered.entity = { _type: "ManagedEntityEventArgument", name: entityName, entity };
  return ordered;
}

export const eventSummary = z.object({
  key: z.number(),
  type: z.string(),
  time: z.string().nullable(),
  user: z.string().nullable(),
  message: z.string(),
  severity: z.string().optional(),
  objects: z.record(z.string(), z.string()),
  chain_id: z.number().optional(),
});
export type EventSummary = z.infer<typeof eventSummary>;

export function summarizeEvent(e: VimObject): EventSummary {
  const objects: Record<string, string> = {};
  for (const field of ["datacenter", "computeResource", "host", "vm", "ds", "net", "dvs"]) {
    const arg = obj(e[field]);
    if (!arg) continue;
    const name = text(arg.name, 200);
    const target = Object.values(arg).map((v) => ref(v as VimValue)).find(Boolean);
    objects[field === "computeResource" ? "cluster" : field] = name ?? target?.value ?? "";
  }
  const eventTypeId = text(e.eventTypeId);
  const severity = text(e.severity);
  const chain = num(e.chainId);
  const key = num(e.key) ?? 0;
  return {
    key,
    type: eventTypeId ?? e._type ?? "Event",
    time: text(e.createdTime),
    user: text(e.userName),
    message: sanitizeText(String(e.fullFormattedMessage ?? e.message ?? ""), 1000),
    ...(severity ? { severity } : {}),
    objects,
    ...(chain !== null && chain !== key ? { chain_id: chain } : {}),
  };
}

export function eventsOf(value: VimValue | undefined): VimObject[] {
  return asArray(value).flatMap((v) => obj(v) ? [obj(v)!] : []);
}
