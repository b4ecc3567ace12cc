/** Datastore paths ("[LocalDS_0] vm1/vm1.vmx") and the objects every datastore tool needs. */
import { z } from "zod";
import type { Translate } from "../../i18n/mod.ts";
import type { ToolContext } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { VSphereError } from "../../vsphere/errors.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { datacenterOf, resolveDatastore } from "../shared/vim_values.ts";
import { taskFields } from "../shared/task_result.ts";

export function datastoreInput(t: Translate) {
  return z.string().min(1).max(1024).optional().describe(t("param.datastore_for_path"));
}

export function dsPathInput(t: Translate) {
  return z.string().max(2048).describe(t("param.ds_path"));
}

/** The result of a file or disk change on a datastore (datastore_file, virtual_disk). */
export function pathChangeOutput<const A extends readonly [string, ...string[]]>(actions: A) {
  return {
    action: z.enum(actions),
    path: z.string(),
    destination: z.string().optional(),
    message: z.string(),
    ...taskFields,
  };
}

/** "[ds] a/b" → { datastore: "ds", path: "a/b" }; a bare path has no datastore. */
export function parseDsPath(value: string): { datastore?: string; path: string } {
  const m = /^\[([^\]]+)\]\s*(.*)$/.exec(value.trim());
  if (m) return { datastore: m[1]!, path: m[2]!.replace(/^\/+/, "") };
  return { path: value.trim().replace(/^\/+/, "") };
}

export function formatDsPath(datastore: string, path: string): string {
  return path ? `[${datastore}] ${path}` : `[${datastore}]`;
}

export interface ResolvedPath {
  datastore: { ref: MoRef; name: string };
  datacenter: MoRef;
  /** Path inside the datastore, without a leading slash. */
  path: string;
  /** "[ds] path", as vCenter's file APIs take it. */
  full: string;
}

/**
 * A file or folder on a datastore: either `path` is a full "[ds] path" or `datastore` names the datastore
 * and `path` is relative to its root. Paths with ".." are refused: they could leave the datastore.
 */
export async function resolvePath(
  ctx: ToolContext,
  datastore: string | undefined,
  path: string,
): Promise<ResolvedPath> {
  const parsed = parseDsPath(path);
  const dsName = parsed.datastore ?? datastore;
  if (!dsName) throw new ToolInputError("errors.datastore_missing", { path });
  if (parsed.path.split("/").includes("..")) throw new ToolInputError("errors.path_traversal", { path });
  const ds = await resolveDatastore(ctx.vsphere, dsName, ctx.signal);
  const dc = await datacenterOf(ctx.vsphere, ds.ref);
  if (!dc) throw new ToolInputError("errors.datastore_no_datacenter", { datastore: ds.name });
  const name = sanitizeText(ds.name);
  return {
    datastore: { ref: ds.ref, name },
    datacenter: dc,
    path: parsed.path,
    full: formatDsPath(ds.name, parsed.path),
  };
}

/** True for vCenter's "no such file" faults, which the tools turn into a clear answer. */
export function isFileNotFound(error: unknown): boolean {
  return error instanceof VSphereError &&
    (error.faultType === "FileNotFound" ||
      error.faultType === "CannotDeleteFile" && /exist/i.test(error.vcMessage));
}
