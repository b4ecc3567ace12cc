import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { VSphereError } from "../../vsphere/errors.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { ContentLibraryManager } from "../../vsphere/rest/content_library.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput } from "../shared/inputs.ts";
import { findItem, libraryInput, resolveLibrary, vmFolderOf } from "./shared.ts";

const FORMATS = ["ovf", "vm_template"] as const;

export const libraryCapture = defineTool({
  name: "library_capture",
  toolset: "content_library",
  input: (t) => ({
    vm: vmInput(t),
    library: libraryInput(t),
    name: z.string().min(1).max(80).describe(t("param.library.item_name")),
    format: z.enum(FORMATS).default("ovf").describe(t("param.library.capture_format")),
    description: z.string().max(2048).optional().describe(t("param.library.description")),
    datacenter: datacenterInput(t),
  }),
  output: {
    item: z.string().describe("Id of the new library item"),
    name: z.string(),
    format: z.enum(FORMATS),
    library: z.string(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  // Copies a VM's disks into the library: uses storage and reads the VM, but changes nothing in place.
  tier: "medium",
  privileges: ["ContentLibrary.AddLibraryItem", "VirtualMachine.Provisioning.Clone"],
  aliases: ["capture_vm_to_library"],
  async handler(args, ctx) {
    const manager = new ContentLibraryManager(ctx.vsphere.rest);
    const lib = await resolveLibrary(manager, args.library);
    const libName = sanitizeText(lib.name);
    const vm = await resolveEntity(ctx.vsphere, "VirtualMachine", args.vm, {
      signal: ctx.signal,
      ...(args.datacenter ? { datacenter: args.datacenter } : {}),
    });
    const vmName = sanitizeText(vm.name);
    const name = sanitizeText(args.name);
    const existing = await findItem(manager, args.name, lib);
    if (existing) {
      return {
        item: existing.id,
        name,
        format: args.format,
        library: libName,
        message: ctx.t("library_capture.exists", { name, library: libName }),
      };
    }
    const ovf = args.format === "ovf";
    const ovfSpec = {
      source: { type: "VirtualMachine" as const, id: vm.ref.value },
      target: { library_id: lib.id },
      create_spec: {
        name: args.name,
        ...(args.description !== undefined ? { description: args.description } : {}),
      },
    };
    let templateSpec;
    if (!ovf) {
      const pool = (await retrieveOne(ctx.vsphere, vm.ref, ["resourcePool"], { signal: ctx.signal }))
        .resourcePool as MoRef | undefined;
      templateSpec = {
        source_vm: vm.ref.value,
        name: args.name,
        library: lib.id,
        ...(args.description !== undefined ? { description: args.description } : {}),
        // vCenter places the template VM; vcsim needs the folder spelled out.
        placement: {
          folder: (await vmFolderOf(ctx, vm.ref)).value,
          ...(pool ? { resource_pool: pool.value } : {}),
        },
      };
    }
    return await ctx.mutate({
      targets: [
        { ref: vm.ref, name: vmName },
        { ref: { type: "content.Library", value: lib.id }, name: libName, state: { type: lib.type } },
      ],
      summary: ctx.t("library_capture.summary", { vm: vmName, library: libName, name, format: args.format }),
      method: ovf ? "vcenter.ovf.LibraryItem.create" : "vcenter.vm_template.LibraryItems.create",
      args: ovf ? { ...ovfSpec } : { ...templateSpec },
    }, async () => {
      let id: string;
      if (ovf) {
        const result = await manager.captureOvf(ovfSpec);
        if (!result.succeeded || !result.ovf_library_item_id) {
          const messages = (result.error?.errors ?? []).flatMap((e) => e.error?.messages ?? [])
            .map((m) => m.default_message ?? "").filter(Boolean).join("; ");
          throw new VSphereError("Fault", {
            faultType: "OvfCaptureFailed",
            vcMessage: messages,
            path: "vcenter.ovf.LibraryItem.create",
          });
        }
        id = result.ovf_library_item_id;
      } else {
        id = await manager.captureTemplate(templateSpec!);
      }
      return {
        item: id,
        name,
        format: args.format,
        library: libName,
        message: ctx.t("library_capture.done", { vm: vmName, name, library: libName }),
      };
    });
  },
});
