/** Single-object reads: explicit property paths of one managed object, one round trip. */
import type { VSphereClient } from "../client.ts";
import { VSphereError } from "../errors.ts";
import type { MoRef, VimObject, VimValue } from "../soap/types.ts";
import { toObjectProps } from "./property_collector.ts";

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
