/** Single-object reads: explicit property paths of one managed object, one round trip. */
import type { VSphereClient } from "../client.ts";
import { VSphereError } from "../errors.ts";
import type { MoRef, VimObject, VimValue } from "../soap/types.ts";
import { type ObjectProps, retrieveAll, toObjectProps } from "./property_collector.ts";

export interface RetrieveOptions {
  signal?: AbortSignal;
  operationId?: string;
}

/** Reads `paths` of `ref`; a missing object is a typed NotFound error. Unset properties are absent. */
export async function retrieveOne(
  client: VSphereClient,
  ref: MoRef,
  paths: readonly string[],
  options: RetrieveOptions = {},
): Promise<Record<string, VimValue>> {
  const content = await client.serviceContent();
  const result = await client.call("RetrievePropertiesEx", content.propertyCollector, {
    specSet: [{
      _type: "PropertyFilterSpec",
      propSet: [{ _type: "PropertySpec", type: ref.type, pathSet: [...paths] }],
      objectSet: [{ _type: "ObjectSpec", obj: ref, skip: false }],
    }],
    options: { _type: "RetrieveOptions" },
  }, options) as { objects?: VimObject[] } | null;
  const object = result?.objects?.[0];
  if (!object) {
    throw new VSphereError("NotFound", {
      faultType: "ManagedObjectNotFound",
      vcMessage: `${ref.type} ${ref.value} does not exist`,
      path: "RetrievePropertiesEx",
      details: { obj: ref },
    });
  }
  return toObjectProps(object).props;
}

/**
 * Reads `paths` of several objects of one type in one filter (paged like any retrieval), in the order
 * vCenter returns them. An object that no longer exists makes vCenter fail the whole call with
 * ManagedObjectNotFound (a typed NotFound error): callers fall back to a container-view read.
 */
export async function retrieveMany(
  client: VSphereClient,
  type: string,
  refs: readonly MoRef[],
  paths: readonly string[],
  options: RetrieveOptions = {},
): Promise<ObjectProps[]> {
  if (refs.length === 0) return [];
  const spec: VimObject = {
    _type: "PropertyFilterSpec",
    propSet: [{ _type: "PropertySpec", type, pathSet: [...paths] }],
    objectSet: refs.map((obj) => ({ _type: "ObjectSpec", obj, skip: false })),
  };
  const out: ObjectProps[] = [];
  for await (const object of retrieveAll(client, spec, options)) out.push(object);
  return out;
}
