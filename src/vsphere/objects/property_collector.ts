/**
 * Bulk reads through the property collector: a container view over the inventory, explicit property
 * paths (never whole objects), one round trip per page, ContinueRetrievePropertiesEx for the rest.
 */
import type { VSphereClient } from "../client.ts";
import { VSphereError } from "../errors.ts";
import type { MoRef, VimObject, VimValue } from "../soap/types.ts";

export interface ObjectProps {
  ref: MoRef;
  props: Record<string, VimValue>;
}

export interface RetrieveViewOptions {
  /** Managed object type, e.g. "VirtualMachine". */
  type: string;
  /** Property paths to fetch, e.g. ["name", "runtime.powerState"]. */
  paths: readonly string[];
  /** Where the view starts; defaults to the root folder. */
  container?: MoRef;
  recursive?: boolean;
  /** Objects per round trip (RetrieveOptions.maxObjects). */
  pageSize?: number;
  signal?: AbortSignal;
}

interface RetrieveResult extends VimObject {
  token?: string;
  objects?: VimObject[];
}

/** Yields every object of `type` under the container with the requested properties, page by page. */
export async function* retrieveView(
  client: VSphereClient,
  options: RetrieveViewOptions,
): AsyncGenerator<ObjectProps> {
  const content = await client.serviceContent();
  const signal = options.signal ? { signal: options.signal } : {};
  const view = await client.call("CreateContainerView", content.viewManager, {
    container: options.container ?? content.rootFolder,
    type: [options.type],
    recursive: options.recursive ?? true,
  }, signal) as MoRef;
  try {
    const spec = {
      _type: "PropertyFilterSpec",
      propSet: [{ _type: "PropertySpec", type: options.type, pathSet: [...options.paths] }],
      objectSet: [{
        _type: "ObjectSpec",
        obj: view,
        skip: true,
        selectSet: [{
          _type: "TraversalSpec",
          name: "view",
          type: "ContainerView",
          path: "view",
          skip: false,
        }],
      }],
    };
    let result = await client.call("RetrievePropertiesEx", content.propertyCollector, {
      specSet: [spec],
      options: { _type: "RetrieveOptions", maxObjects: options.pageSize ?? 1000 },
    }, signal) as RetrieveResult | null;
    while (result) {
      for (const object of result.objects ?? []) yield toObjectProps(object);
      if (!result.token) break;
      result = await client.call("ContinueRetrievePropertiesEx", content.propertyCollector, {
        token: result.token,
      }, signal) as RetrieveResult | null;
    }
  } finally {
    await client.call("DestroyView", view).catch(() => undefined);
  }
}

export function toObjectProps(object: VimObject): ObjectProps {
  const props: Record<string, VimValue> = {};
  for (const p of (object.propSet ?? []) as VimObject[]) {
    props[p.name as string] = p.val ?? null;
  }
  const missing = (object.missingSet ?? []) as VimObject[];
  // vcsim reports an expired session as NotAuthenticated inside missingSet rather than as a fault.
  for (const m of missing) {
    const faultType = ((m.fault as VimObject | undefined)?.fault as VimObject | undefined)?._type;
    if (faultType === "NotAuthenticated") {
      throw new VSphereError("NotAuthenticated", { faultType, path: "RetrievePropertiesEx" });
    }
  }
  return { ref: object.obj as MoRef, props };
}
