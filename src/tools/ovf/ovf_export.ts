import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { datastoreInput, dsPathInput, formatDsPath, resolvePath } from "../datastore/common.ts";
import { asObject, callVim, ref, serviceManager, str, text } from "../shared/vim_values.ts";
import { leaseCall, waitLease } from "./lease.ts";
import { datastoreFileUrl, httpExists, httpGet, httpPut, leaseUrl } from "./transfer.ts";

/** Disks are buffered on the way from the lease to the datastore; larger ones are refused. */
const MAX_EXPORT_DISK = 8 * 2 ** 30;

/** CreateDescriptor's parameters: the files written, keyed by the lease's device keys. */
export function descriptorRequest(
  vm: MoRef,
  name: string,
  files: readonly { deviceId: string; path: string; size: number }[],
): Record<string, VimValue | undefined> {
  return {
    obj: vm,
    cdp: {
      _type: "OvfCreateDescriptorParams",
      ovfFiles: files.map((f) => ({ _type: "OvfFile", deviceId: f.deviceId, path: f.path, size: f.size })),
      name,
    },
  };
}

export const ovfExport = defineTool({
  name: "ovf_export",
  toolset: "ovf",
  input: (t) => ({
    vm: z.string().min(1).max(300).describe(t("param.vm")),
    destination: dsPathInput(t).describe(t("param.ovf_destination")),
    datastore: datastoreInput(t),
  }),
  output: {
    vm: z.string(),
    ovf: z.string().describe("Datastore path of the written .ovf"),
    files: z.array(z.object({ path: z.string(), bytes: z.number() })),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  // Writes new files only (an existing export is refused); the VM must be powered off and is locked meanwhile.
  tier: "medium",
  privileges: ["VApp.Export", "Datastore.FileManagement"],
  aliases: ["export_vm_as_ovf"],
  async handler(args, ctx) {
    const vm = await resolveEntity(ctx.vsphere, "VirtualMachine", args.vm, { signal: ctx.signal });
    const name = sanitizeText(vm.name);
    const power = str((await retrieveOne(ctx.vsphere, vm.ref, ["runtime.powerState"]))["runtime.powerState"]);
    if (power !== "poweredOff") {
      throw new ToolInputError("errors.ovf_export_powered_on", { name, state: power ?? "" });
    }
    const folder = await resolvePath(ctx, args.datastore, args.destination.replace(/\/+$/, ""));
    const base = vm.name.replace(/[^\w.-]+/g, "_");
    const ovfPath = await resolvePath(
      ctx,
      undefined,
      formatDsPath(folder.datastore.name, `${folder.path}/${base}.ovf`),
    );
    const ovfUrl = await datastoreFileUrl(ctx, ovfPath, folder.datastore.name);
    if (await httpExists(ctx, ovfUrl)) {
      throw new ToolInputError("errors.transfer_exists", { path: ovfPath.full });
    }
    return await ctx.mutate({
      targets: [{ ref: vm.ref, name, state: { powerState: power } }, {
        ref: folder.datastore.ref,
        name: folder.full,
      }],
      summary: ctx.t("ovf_export.summary", { name, destination: folder.full }),
      method: "VirtualMachine.ExportVm + HttpNfcLease + OvfManager.CreateDescriptor",
      args: { destination: folder.full },
    }, async () => {
      const lease = ref(await callVim(ctx, "ExportVm", vm.ref))!;
      const written: { deviceId: string; path: string; size: number; full: string }[] = [];
      try {
        const ready = await waitLease(ctx, lease);
        const devices = ready.devices.filter((d) => d.url);
        for (const [i, d] of devices.entries()) {
          const file = d.targetId || `${base}-${i}.vmdk`;
          if (file.includes("/") || file.includes("..")) {
            throw new ToolInputError("errors.path_traversal", { path: file });
          }
          const target = await resolvePath(
            ctx,
            undefined,
            formatDsPath(folder.datastore.name, `${folder.path}/${file}`),
          );
          const bytes = await httpGet(ctx, await leaseUrl(ctx, d.url), MAX_EXPORT_DISK);
          await httpPut(
            ctx,
            await datastoreFileUrl(ctx, target, folder.datastore.name),
            bytes,
            bytes.byteLength,
          );
          written.push({ deviceId: d.key, path: file, size: bytes.byteLength, full: target.full });
          await leaseCall(ctx, lease, "progress", (i + 1) / devices.length * 100);
        }
        const ovfManager = await serviceManager(ctx.vsphere, "ovfManager");
        const described = asObject(
          await callVim(ctx, "CreateDescriptor", ovfManager, descriptorRequest(vm.ref, vm.name, written)),
        );
        const descriptor = new TextEncoder().encode(str(described.ovfDescriptor) ?? "");
        await httpPut(ctx, ovfUrl, descriptor, descriptor.byteLength, "text/xml");
        await leaseCall(ctx, lease, "complete");
        return {
          vm: vm.ref.value,
          ovf: ovfPath.full,
          files: [...written.map((w) => ({ path: w.full, bytes: w.size })), {
            path: ovfPath.full,
            bytes: descriptor.byteLength,
          }],
          message: ctx.t("ovf_export.done", { name, ovf: text(ovfPath.full) }),
        };
      } catch (error) {
        await leaseCall(ctx, lease, "abort", 0, error instanceof Error ? error.message : String(error)).catch(
          () => {},
        );
        throw error;
      }
    });
  },
});
