/**
 * Name resolution: the model may name an object by MoRef id ("vm-42") or by name, optionally scoped to a
 * datacenter. A name that matches several objects is an error listing every candidate — never the first.
 */
import { ToolInputError } from "../../registry/errors.ts";
import type { VSphereClient } from "../client.ts";
import { VSphereError } from "../errors.ts";
import type { MoRef } from "../soap/types.ts";
import { retrieveView } from "./property_collector.ts";
import { retrieveOne } from "./retrieve.ts";

export interface Resolved {
  ref: MoRef;
  name: string;
}

export interface ResolveOptions {
  /** Datacenter name or MoRef to search under. */
  datacenter?: string;
  signal?: AbortSignal;
}

/** MoRef ids look like `vm-42`, `host-10`, `datastore-3`, `group-v4`, `resgroup-9`, `domain-c7`... */
const MOREF_ID =
  /^[a-z]+(-[a-z]+)?-\d+$|^(vm|host|datastore|network|dvportgroup|dvs|resgroup|group|domain|datacenter|task|session)-[\w.-]+$/;

export async function resolveEntity(
  client: VSphereClient,
  type: string,
  nameOrId: string,
  options: ResolveOptions = {},
): Promise<Resolved> {
  if (MOREF_ID.test(nameOrId)) {
    const ref = { type, value: nameOrId };
    try {
      const props = await retrieveOne(
        client,
        ref,
        ["name"],
        options.signal ? { signal: options.signal } : {},
      );
      return { ref, name: String(props.name ?? nameOrId) };
    } catch (error) {
      // Not an existing id of this type: fall back to a name lookup (names can look like ids too).
      if (!(error instanceof VSphereError && error.kind === "NotFound")) throw error;
    }
  }
  const container = options.datacenter
    ? (await resolveEntity(client, "Datacenter", options.datacenter)).ref
    : undefined;
  const matches: Resolved[] = [];
  for await (
    const object of retrieveView(client, {
      type,
      paths: ["name"],
      ...(container ? { container } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    })
  ) {
    if (object.props.name === nameOrId) matches.push({ ref: object.ref, name: String(object.props.name) });
  }
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) {
    throw new ToolInputError("errors.not_found_by_name", { type, name: nameOrId }, "hints.not_found_by_name");
  }
  throw new ToolInputError("errors.ambiguous_name", {
    type,
    name: nameOrId,
    candidates: matches.map((m) => m.ref.value).join(", "),
  }, "hints.ambiguous_name");
}
