/** The datacenter a create operation puts its object in: the named one, or the only one there is. */
import type { ToolContext } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";

export interface DatacenterFolders {
  ref: MoRef;
  name: string;
  hostFolder: MoRef;
  networkFolder: MoRef;
  vmFolder: MoRef;
}

const PATHS = ["name", "hostFolder", "networkFolder", "vmFolder"] as const;

export async function pickDatacenter(ctx: ToolContext, datacenter?: string): Promise<DatacenterFolders> {
  let ref: MoRef;
  if (datacenter) {
    ref = (await resolveEntity(ctx.vsphere, "Datacenter", datacenter, { signal: ctx.signal })).ref;
  } else {
    const all: MoRef[] = [];
    for await (
      const dc of retrieveView(ctx.vsphere, { type: "Datacenter", paths: ["name"], signal: ctx.signal })
    ) {
      all.push(dc.ref);
    }
    if (all.length !== 1) {
      throw new ToolInputError("errors.datacenter_required", {
        candidates: all.map((r) => r.value).join(", "),
      }, "hints.datacenter_required");
    }
    ref = all[0]!;
  }
  const p = await retrieveOne(ctx.vsphere, ref, PATHS, { signal: ctx.signal });
  return {
    ref,
    name: sanitizeText(String(p.name ?? ref.value)),
    hostFolder: p.hostFolder as MoRef,
    networkFolder: p.networkFolder as MoRef,
    vmFolder: p.vmFolder as MoRef,
  };
}

/** An object of `type` named exactly `name` under `folder` (a create is a no-op when it already exists). */
export async function findNamedIn(
  ctx: ToolContext,
  type: string,
  folder: MoRef,
  name: string,
): Promise<MoRef | undefined> {
  for await (
    const o of retrieveView(ctx.vsphere, { type, paths: ["name"], container: folder, signal: ctx.signal })
  ) {
    if (o.props.name === name) return o.ref;
  }
  return undefined;
}
