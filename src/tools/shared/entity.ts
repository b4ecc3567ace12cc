/**
 * Any managed entity by MoRef id or exact name, when the tool accepts several kinds (events, performance):
 * the id's prefix gives its type; a name is looked up across the whole inventory, and a name that several
 * objects share is an error listing them.
 */
import { sanitizeText } from "../../server/sanitize.ts";
import type { VSphereClient } from "../../vsphere/client.ts";
import { VSphereError } from "../../vsphere/errors.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { onlyMatch } from "./lookup.ts";

const PREFIXES: [RegExp, string][] = [
  [/^vm-\d+$/, "VirtualMachine"],
  [/^host-\d+$/, "HostSystem"],
  [/^datastore-\d+$/, "Datastore"],
  [/^domain-c\d+$/, "ClusterComputeResource"],
  [/^domain-s\d+$/, "ComputeResource"],
  [/^datacenter-\d+$/, "Datacenter"],
  [/^group-[a-z]\d+$/, "Folder"],
  [/^resgroup-v\d+$/, "VirtualApp"],
  [/^resgroup-\d+$/, "ResourcePool"],
  [/^network-\d+$/, "Network"],
  [/^dvportgroup-\d+$/, "DistributedVirtualPortgroup"],
  [/^dvs-\d+$/, "VmwareDistributedVirtualSwitch"],
  [/^group-p\d+$/, "StoragePod"],
];

export interface AnyEntity {
  ref: MoRef;
  name: string;
}

export async function resolveAnyEntity(
  client: VSphereClient,
  nameOrId: string,
  signal: AbortSignal,
): Promise<AnyEntity> {
  const type = PREFIXES.find(([re]) => re.test(nameOrId))?.[1];
  if (type) {
    try {
      const props = await retrieveOne(client, { type, value: nameOrId }, ["name"], { signal });
      return { ref: { type, value: nameOrId }, name: sanitizeText(String(props.name ?? nameOrId)) };
    } catch (error) {
      if (!(error instanceof VSphereError && error.kind === "NotFound")) throw error;
    }
  }
  const matches: AnyEntity[] = [];
  for await (const o of retrieveView(client, { type: "ManagedEntity", paths: ["name"], signal })) {
    // An id whose prefix this table does not know (e.g. the simulator's vApp ids) still resolves.
    if (o.ref.value === nameOrId) return { ref: o.ref, name: sanitizeText(String(o.props.name ?? "")) };
    if (o.props.name !== nameOrId) continue;
    matches.push({ ref: o.ref, name: sanitizeText(String(o.props.name)) });
  }
  return onlyMatch(matches, "object", nameOrId, (m) => `${m.ref.value} (${m.ref.type})`);
}
