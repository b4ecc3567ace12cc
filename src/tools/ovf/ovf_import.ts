import { z } from "zod";
import { type ChangeTarget, defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { datastoreInput, dsPathInput, formatDsPath, resolvePath } from "../datastore/common.ts";
import {
  asObject,
  asObjects,
  callVim,
  datacenterOf,
  num,
  ref,
  resolveAnyEntity,
  resolveDatastore,
  serviceManager,
  str,
  text,
} from "../shared/vim_values.ts";
import { leaseCall, waitLease } from "./lease.ts";
import { datastoreFileUrl, httpCopy, httpGet, leaseUrl } from "./transfer.ts";

const PROVISIONING = ["thin", "thick", "eagerZeroedThick"] as const;
export const MAX_DESCRIPTOR = 4 * 1024 * 1024;

/** CreateImportSpec's parameters (OvfCreateImportSpecParams: base OvfManagerCommonParams first). */
export function importSpecRequest(o: {
  descriptor: string;
  pool: MoRef;
  datastore: MoRef;
  name: string;
  host?: MoRef | undefined;
  provisioning?: string | undefined;
  networks?: { name: string; network: MoRef }[];
  deploymentOption?: string | undefined;
  properties?: Record<string, string> | undefined;
}): Record<string, VimValue | undefined> {
  const properties = Object.entries(o.properties ?? {});
  return {
    ovfDescriptor: o.descriptor,
    resourcePool: o.pool,
    datastore: o.datastore,
    cisp: {
      _type: "OvfCreateImportSpecParams",
      locale: "",
      deploymentOption: o.deploymentOption ?? "",
      entityName: o.name,
      ...(o.host ? { hostSystem: o.host } : {}),
      ...(o.networks?.length
        ? {
          networkMapping: o.networks.map((n) => ({
            _type: "OvfNetworkMapping",
            name: n.name,
            network: n.network,
          })),
        }
        : {}),
      ...(properties.length
        ? { propertyMapping: properties.map(([key, value]) => ({ _type: "KeyValue", key, value })) }
        : {}),
      ...(o.provisioning ? { diskProvisioning: o.provisioning } : {}),
    },
  };
}

function messages(list: VimValue | undefined): string[] {
  return asObjects(list).map((m) => text(m.localizedMessage) || text(asObject(m.fault)._type)).filter(
    Boolean,
  );
}

export const ovfImport = defineTool({
  name: "ovf_import",
  toolset: "ovf",
  input: (t) => ({
    ovf: dsPathInput(t).describe(t("param.ovf_path")),
    ovf_datastore: datastoreInput(t),
    name: z.string().min(1).max(80).describe(t("param.ovf_vm_name")),
    target: z.string().min(1).max(300).describe(t("param.ovf_target")),
    datastore: z.string().min(1).max(1024).describe(t("param.ovf_datastore")),
    disk_provisioning: z.enum(PROVISIONING).optional().describe(t("param.ovf_disk_provisioning")),
    networks: z.array(z.object({ name: z.string().min(1).max(255), network: z.string().min(1).max(300) }))
      .max(32)
      .optional().describe(t("param.ovf_networks")),
    deployment_option: z.string().min(1).max(255).optional().describe(t("param.ovf_deployment_option")),
    properties: z.record(z.string().min(1).max(255), z.string().max(4096)).optional().describe(
      t("param.ovf_properties"),
    ),
  }),
  output: {
    vm: z.string().describe("MoRef id of the imported VM"),
    name: z.string(),
    files: z.array(z.object({ path: z.string(), bytes: z.number() })),
    warnings: z.array(z.string()),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  tier: "high",
  privileges: ["VApp.Import", "Datastore.AllocateSpace", "Resource.AssignVMToPool"],
  aliases: ["import_ovf"],
  async handler(args, ctx) {
    const ovf = await resolvePath(ctx, args.ovf_datastore, args.ovf);
    const descriptorBytes = await httpGet(
      ctx,
      await datastoreFileUrl(ctx, ovf, ovf.datastore.name),
      MAX_DESCRIPTOR,
    );
    const descriptor = new TextDecoder().decode(descriptorBytes);
    const target = await resolveAnyEntity(
      ctx.vsphere,
      args.target,
      ["ResourcePool", "ClusterComputeResource", "ComputeResource", "HostSystem", "VirtualApp"],
      ctx.signal,
    ).catch(async (error) => {
      // A standalone host and its ComputeResource share a name: the host is meant.
      const host = await resolveAnyEntity(ctx.vsphere, args.target, ["HostSystem"], ctx.signal).catch(() =>
        undefined
      );
      if (host) return host;
      throw error;
    });
    let pool: MoRef;
    let host: MoRef | undefined;
    if (target.ref.type === "ResourcePool" || target.ref.type === "VirtualApp") pool = target.ref;
    else if (target.ref.type === "HostSystem") {
      host = target.ref;
      const parent = ref((await retrieveOne(ctx.vsphere, target.ref, ["parent"])).parent)!;
      pool = ref((await retrieveOne(ctx.vsphere, parent, ["resourcePool"])).resourcePool)!;
    } else pool = ref((await retrieveOne(ctx.vsphere, target.ref, ["resourcePool"])).resourcePool)!;
    const ds = await resolveDatastore(ctx.vsphere, args.datastore, ctx.signal);
    const networks = [];
    for (const n of args.networks ?? []) {
      const net = await resolveAnyEntity(ctx.vsphere, n.network, [
        "Network",
        "DistributedVirtualPortgroup",
        "OpaqueNetwork",
      ], ctx.signal);
      networks.push({ name: n.name, network: net.ref });
    }
    const ovfManager = await serviceManager(ctx.vsphere, "ovfManager");
    const result = asObject(
      await callVim(
        ctx,
        "CreateImportSpec",
        ovfManager,
        importSpecRequest({
          descriptor,
          pool,
          datastore: ds.ref,
          name: args.name,
          host,
          provisioning: args.disk_provisioning,
          networks,
          deploymentOption: args.deployment_option,
          properties: args.properties,
        }),
      ),
    );
    const errors = messages(result.error);
    if (errors.length) throw new ToolInputError("errors.ovf_import_spec", { errors: errors.join("; ") });
    const warnings = messages(result.warning).map((w) => sanitizeText(w));
    const importSpec = result.importSpec as VimObject | undefined;
    if (!importSpec) throw new ToolInputError("errors.ovf_import_spec", { errors: "no import spec" });
    const dir = ovf.path.includes("/") ? ovf.path.slice(0, ovf.path.lastIndexOf("/") + 1) : "";
    const files = asObjects(result.fileItem).map((f) => ({
      deviceId: str(f.deviceId) ?? "",
      path: str(f.path) ?? "",
      size: num(f.size) ?? 0,
      create: f.create === true || f.create === "true",
    }));
    for (const f of files) {
      if (f.path.split("/").includes("..") || f.path.startsWith("/") || /^[a-z]+:/i.test(f.path)) {
        throw new ToolInputError("errors.path_traversal", { path: f.path });
      }
    }
    const dc = await datacenterOf(ctx.vsphere, pool);
    const folder = dc ? ref((await retrieveOne(ctx.vsphere, dc, ["vmFolder"])).vmFolder) : undefined;
    const name = sanitizeText(args.name);
    const targets: ChangeTarget[] = [
      { ref: pool, name: sanitizeText(target.name) },
      { ref: ds.ref, name: sanitizeText(ds.name) },
    ];
    return await ctx.mutate({
      targets,
      summary: ctx.t("ovf_import.summary", {
        name,
        ovf: ovf.full,
        target: sanitizeText(target.name),
        datastore: sanitizeText(ds.name),
        files: files.length,
      }),
      method: "OvfManager.CreateImportSpec + ResourcePool.ImportVApp + HttpNfcLease",
      // Property values can hold secrets (passwords for the appliance): only their keys are shown.
      args: {
        name: args.name,
        ovf: ovf.full,
        files: files.map((f) => f.path),
        warnings,
        ...(args.deployment_option ? { deploymentOption: args.deployment_option } : {}),
        ...(args.properties ? { properties: Object.keys(args.properties) } : {}),
      },
    }, async () => {
      const lease = ref(
        await callVim(ctx, "ImportVApp", pool, {
          spec: importSpec,
          ...(folder ? { folder } : {}),
          ...(host ? { host } : {}),
        }),
      )!;
      const uploaded: { path: string; bytes: number }[] = [];
      try {
        const ready = await waitLease(ctx, lease);
        const total = files.reduce((s, f) => s + f.size, 0) || files.length;
        let done = 0;
        for (const f of files) {
          const device = ready.devices.find((d) => d.importKey === f.deviceId);
          if (!device) throw new ToolInputError("errors.ovf_no_device", { device: f.deviceId });
          const source = await resolvePath(
            ctx,
            undefined,
            formatDsPath(ovf.datastore.name, `${dir}${f.path}`),
          );
          // As govmomi and ovftool do: disks are POSTed as stream-optimized VMDK, other files
          // (create = true: ISO, NVRAM) are PUT with "Overwrite: t".
          const bytes = await httpCopy(
            ctx,
            await datastoreFileUrl(ctx, source, ovf.datastore.name),
            await leaseUrl(ctx, device.url),
            f.create ? "application/octet-stream" : "application/x-vnd.vmware-streamVmdk",
            f.create ? { overwrite: "t" } : {},
            f.create ? "PUT" : "POST",
          );
          uploaded.push({ path: source.full, bytes });
          done += f.size || 1;
          await leaseCall(ctx, lease, "progress", done / total * 100);
          await ctx.progress({ progress: done, total });
        }
        await leaseCall(ctx, lease, "complete");
        return {
          vm: ready.entity?.value ?? "",
          name,
          files: uploaded,
          warnings,
          message: ctx.t("ovf_import.done", { name, vm: ready.entity?.value ?? "" }),
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
