import { z } from "zod";
import { defineTool, type ToolContext } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { waitForTask } from "../../vsphere/objects/tasks.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { page, pagingInput } from "../shared/paging.ts";
import { asObjects, callVim, num, ref, str, text } from "../shared/vim_values.ts";
import { datastoreInput, formatDsPath, isFileNotFound, type ResolvedPath, resolvePath } from "./common.ts";

/** Extension → kind, for servers that answer with plain FileInfo. */
const BY_EXTENSION: Record<string, string> = {
  vmdk: "vmdk",
  vmx: "vmx",
  log: "log",
  nvram: "nvram",
  vmsn: "snapshot",
  iso: "iso",
  flp: "floppy",
  img: "floppy",
  vmtx: "template",
};

export function fileKind(typeName: string | undefined, name: string): string {
  const typed = KINDS[typeName ?? ""];
  if (typed) return typed;
  if (/-(flat|delta|sesparse|ctk)\.vmdk$/i.test(name)) return "file";
  return BY_EXTENSION[name.slice(name.lastIndexOf(".") + 1).toLowerCase()] ?? "file";
}

/** FileInfo subtype → short kind. */
const KINDS: Record<string, string> = {
  FolderFileInfo: "folder",
  VmDiskFileInfo: "vmdk",
  VmConfigFileInfo: "vmx",
  VmLogFileInfo: "log",
  VmNvramFileInfo: "nvram",
  VmSnapshotFileInfo: "snapshot",
  IsoImageFileInfo: "iso",
  FloppyImageFileInfo: "floppy",
  TemplateConfigFileInfo: "template",
};

export const fileEntry = z.object({
  path: z.string().describe("Full datastore path, e.g. [ds1] vm1/vm1.vmx"),
  name: z.string(),
  kind: z.string().describe("folder, vmdk, vmx, log, nvram, snapshot, iso, floppy, template or file"),
  size_bytes: z.number().nullable(),
  modified: z.string().nullable(),
});
export type FileEntry = z.infer<typeof fileEntry>;

/** A HostDatastoreBrowserSearchSpec in the WSDL's order; `matchPattern` is always sent ("*" = all). */
export function searchSpec(patterns: readonly string[], caseInsensitive = true): VimObject {
  return {
    _type: "HostDatastoreBrowserSearchSpec",
    details: {
      _type: "FileQueryFlags",
      fileType: true,
      fileSize: true,
      modification: true,
      fileOwner: false,
    },
    searchCaseInsensitive: caseInsensitive,
    matchPattern: patterns.length ? [...patterns] : ["*"],
    sortFoldersFirst: true,
  };
}

/** Runs SearchDatastore(SubFolders)_Task on the datastore's browser and flattens the results. */
export async function searchFiles(
  ctx: ToolContext,
  target: ResolvedPath,
  options: { patterns: readonly string[]; recursive: boolean },
): Promise<FileEntry[]> {
  const browser = ref((await retrieveOne(ctx.vsphere, target.datastore.ref, ["browser"])).browser) as MoRef;
  const method = options.recursive ? "SearchDatastoreSubFolders_Task" : "SearchDatastore_Task";
  const task = await callVim(ctx, method, browser, {
    datastorePath: target.full,
    searchSpec: searchSpec(options.patterns),
  }) as MoRef;
  const info = await waitForTask(ctx.vsphere, task, { signal: ctx.signal, operationId: ctx.eventId });
  const files: FileEntry[] = [];
  for (const result of asObjects(info.result)) {
    const folder = text(result.folderPath).replace(/\/+$/, "");
    for (const file of asObjects(result.file)) {
      const name = text(file.path);
      const sep = folder.endsWith("]") ? " " : "/";
      files.push({
        path: `${folder}${sep}${name}`,
        name,
        kind: fileKind(file._type, name),
        size_bytes: num(file.fileSize) ?? null,
        modified: str(file.modification) ?? null,
      });
    }
  }
  return files;
}

/** The entry at a path, found by searching its parent folder for its name; undefined when absent. */
export async function statPath(ctx: ToolContext, target: ResolvedPath): Promise<FileEntry | undefined> {
  const slash = target.path.lastIndexOf("/");
  const name = target.path.slice(slash + 1);
  if (!name) return { path: target.full, name: "", kind: "folder", size_bytes: null, modified: null };
  const parent = { ...target, path: target.path.slice(0, Math.max(slash, 0)) };
  parent.full = formatDsPath(target.datastore.name, parent.path);
  try {
    const files = await searchFiles(ctx, parent, { patterns: [name], recursive: false });
    return files.find((f) => f.name === name);
  } catch (error) {
    if (isFileNotFound(error)) return undefined;
    throw error;
  }
}

export const datastoreBrowse = defineTool({
  name: "datastore_browse",
  toolset: "datastore",
  input: (t) => ({
    datastore: datastoreInput(t),
    path: z.string().max(2048).default("").describe(t("param.browse_path")),
    pattern: z.array(z.string().min(1).max(200)).max(20).default([]).describe(t("param.file_pattern")),
    recursive: z.boolean().default(false).describe(t("param.recursive")),
    ...pagingInput(t),
  }),
  output: {
    datastore: z.string(),
    folder: z.string(),
    files: z.array(fileEntry),
    total: z.number().int(),
    next_cursor: z.string().optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["Datastore.Browse"],
  aliases: ["browse_datastore"],
  async handler(args, ctx) {
    const target = await resolvePath(ctx, args.datastore, args.path);
    let files: FileEntry[];
    try {
      files = await searchFiles(ctx, target, { patterns: args.pattern, recursive: args.recursive });
    } catch (error) {
      if (isFileNotFound(error)) throw new ToolInputError("errors.ds_path_not_found", { path: target.full });
      throw error;
    }
    files.sort((a, b) => a.path.localeCompare(b.path));
    const { items, total, next_cursor } = page(files, args.limit, args.cursor);
    return {
      datastore: target.datastore.name,
      folder: target.full,
      files: items,
      total,
      ...(next_cursor ? { next_cursor } : {}),
    };
  },
});
