/** First Class Disks (improved virtual disks): the VStorageObjectManager and reading disks by id or name. */
import type { ToolContext } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import {
  asObject,
  asObjects,
  callVim,
  type NamedRef,
  num,
  resolveDatastore,
  serviceManager,
  str,
  text,
} from "../shared/vim_values.ts";
import { notFoundByName } from "../shared/lookup.ts";

export async function fcdManager(ctx: ToolContext): Promise<MoRef> {
  return await serviceManager(ctx.vsphere, "vStorageObjectManager");
}

/** `ID { id }`, the FCD identifier type. */
export function fcdId(id: string) {
  return { _type: "ID", id };
}

export interface FcdView {
  id: string;
  name: string;
  capacity_mb: number | null;
  path: string;
  provisioning: string;
  created: string;
  consumers: string[];
}

export function fcdView(value: VimValue | undefined): FcdView {
  const config = asObject(asObject(value).config);
  const backing = asObject(config.backing);
  return {
    id: text(asObject(config.id).id),
    name: text(config.name),
    capacity_mb: num(config.capacityInMB) ?? null,
    path: text(backing.filePath),
    provisioning: text(backing.provisioningType),
    created: text(config.createTime),
    consumers: asObjects(config.consumerId).map((c) => text(c.id)),
  };
}

/** Every FCD on a datastore, in full (ListVStorageObject, then RetrieveVStorageObject each). */
export async function listFcds(ctx: ToolContext, manager: MoRef, datastore: MoRef): Promise<FcdView[]> {
  const ids = asObjects(await callVim(ctx, "ListVStorageObject", manager, { datastore }))
    .map((i) => str(i.id)).filter((i): i is string => !!i);
  const out: FcdView[] = [];
  for (const id of ids) {
    out.push(fcdView(await callVim(ctx, "RetrieveVStorageObject", manager, { id: fcdId(id), datastore })));
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export interface ResolvedFcd {
  manager: MoRef;
  datastore: NamedRef;
  disk: FcdView;
}

/** A disk on `datastore` by id or exact name. */
export async function resolveFcd(ctx: ToolContext, datastore: string, disk: string): Promise<ResolvedFcd> {
  const manager = await fcdManager(ctx);
  const ds = await resolveDatastore(ctx.vsphere, datastore, ctx.signal);
  const all = await listFcds(ctx, manager, ds.ref);
  const byId = all.find((d) => d.id === disk);
  const named = all.filter((d) => d.name === disk);
  const found = byId ?? (named.length === 1 ? named[0] : undefined);
  if (!found) {
    if (named.length > 1) {
      throw new ToolInputError("errors.ambiguous_name", {
        type: "disk",
        name: disk,
        candidates: named.map((d) => d.id).join(", "),
      }, "hints.ambiguous_name");
    }
    notFoundByName("disk", disk);
  }
  return { manager, datastore: ds, disk: found };
}

export interface FcdSnapshotView {
  id: string;
  description: string;
  created: string;
}

export async function fcdSnapshots(ctx: ToolContext, r: ResolvedFcd): Promise<FcdSnapshotView[]> {
  const info = await callVim(ctx, "RetrieveSnapshotInfo", r.manager, {
    id: fcdId(r.disk.id),
    datastore: r.datastore.ref,
  });
  return asObjects(asObject(info).snapshots).map((s) => ({
    id: text(asObject(s.id).id),
    description: text(s.description),
    created: text(s.createTime),
  }));
}
