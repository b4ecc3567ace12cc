import { z } from "zod";
import { defineTool, type ToolContext } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { VSphereError } from "../../vsphere/errors.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { ContentLibraryManager, type OvfDeployResult } from "../../vsphere/rest/content_library.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import { runTask } from "../shared/task_result.ts";
import { itemInput, resolveItem, resolveLibrary, vmFolderOf } from "./shared.ts";

interface Placement {
  pool: MoRef;
  poolName: string;
  folder: MoRef;
  host?: MoRef;
  cluster?: MoRef;
  datastore?: MoRef;
}

/** Resource pool from the most specific of pool / cluster / host; folder defaults to the datacenter's. */
export async function resolvePlacement(
  ctx: ToolContext,
  input: {
    resource_pool?: string | undefined;
    cluster?: string | undefined;
    host?: string | undefined;
    folder?: string | undefined;
    datastore?: string | undefined;
    datacenter?: string | undefined;
  },
): Promise<Placement> {
  const opts = { signal: ctx.signal, ...(input.datacenter ? { datacenter: input.datacenter } : {}) };
  const host = input.host ? await resolveEntity(ctx.vsphere, "HostSystem", input.host, opts) : undefined;
  const cluster = input.cluster
    ? await resolveEntity(ctx.vsphere, "ClusterComputeResource", input.cluster, opts)
    : undefined;
  let pool: MoRef;
  let poolName: string;
  if (input.resource_pool) {
    const resolved = await resolveEntity(ctx.vsphere, "ResourcePool", input.resource_pool, opts);
    pool = resolved.ref;
    poolName = resolved.name;
  } else if (cluster || host) {
    const compute = cluster
      ? cluster.ref
      : (await retrieveOne(ctx.vsphere, host!.ref, ["parent"], { signal: ctx.signal })).parent as MoRef;
    pool = (await retrieveOne(ctx.vsphere, compute, ["resourcePool"], { signal: ctx.signal }))
      .resourcePool as MoRef;
    poolName = `${(cluster ?? host)!.name}/Resources`;
  } else {
    throw new ToolInputError("library_deploy.placement_required", {}, "hints.input");
  }
  const folder = input.folder
    ? (await resolveEntity(ctx.vsphere, "Folder", input.folder, opts)).ref
    : await vmFolderOf(ctx, pool);
  const datastore = input.datastore
    ? (await resolveEntity(ctx.vsphere, "Datastore", input.datastore, opts)).ref
    : undefined;
  return {
    pool,
    poolName: sanitizeText(poolName),
    folder,
    ...(host ? { host: host.ref } : {}),
    ...(cluster ? { cluster: cluster.ref } : {}),
    ...(datastore ? { datastore } : {}),
  };
}

function ovfFailure(result: OvfDeployResult, path: string): VSphereError {
  const messages = (result.error?.errors ?? []).flatMap((e) => e.error?.messages ?? [])
    .map((m) => m.default_message ?? "").filter(Boolean).join("; ");
  return new VSphereError("Fault", { faultType: "OvfDeployFailed", vcMessage: messages, path });
}

export const libraryDeploy = defineTool({
  name: "library_deploy",
  toolset: "content_library",
  input: (t) => ({
    item: itemInput(t),
    library: z.string().min(1).max(300).optional().describe(t("param.library.library_scope")),
    name: z.string().min(1).max(80).describe(t("param.library.new_vm_name")),
    resource_pool: z.string().min(1).max(300).optional().describe(t("param.library.resource_pool")),
    cluster: z.string().min(1).max(300).optional().describe(t("param.library.cluster")),
    host: z.string().min(1).max(300).optional().describe(t("param.library.host")),
    folder: z.string().min(1).max(300).optional().describe(t("param.library.vm_folder")),
    datastore: z.string().min(1).max(300).optional().describe(t("param.library.datastore")),
    power_on: z.boolean().default(false).describe(t("param.library.power_on")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    vm: z.string().describe("MoRef id of the new VM"),
    name: z.string(),
    power_state: z.string(),
    item: z.string(),
    item_type: z.string(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  // Deploying creates a VM and consumes capacity: high, as the seed rates template deployment.
  tier: "high",
  privileges: [
    "ContentLibrary.DownloadSession",
    "VirtualMachine.Inventory.CreateFromExisting",
    "Resource.AssignVMToPool",
  ],
  aliases: ["deploy_vm_from_library_item", "deploy_vm_from_library_template"],
  async handler(args, ctx) {
    const manager = new ContentLibraryManager(ctx.vsphere.rest);
    const library = args.library ? await resolveLibrary(manager, args.library) : undefined;
    const item = await resolveItem(manager, args.item, library);
    const itemType = item.type ?? "";
    if (itemType !== "ovf" && itemType !== "vm-template") {
      throw new ToolInputError("library_deploy.unsupported_type", { type: itemType }, "hints.input");
    }
    const placement = await resolvePlacement(ctx, args);
    const itemName = sanitizeText(item.name);
    const name = sanitizeText(args.name);
    const ovf = itemType === "ovf";
    const ovfSpec = {
      target: {
        resource_pool_id: placement.pool.value,
        folder_id: placement.folder.value,
        ...(placement.host ? { host_id: placement.host.value } : {}),
      },
      deployment_spec: {
        name: args.name,
        accept_all_EULA: true,
        ...(placement.datastore ? { default_datastore_id: placement.datastore.value } : {}),
      },
    };
    const templateSpec = {
      name: args.name,
      placement: {
        folder: placement.folder.value,
        resource_pool: placement.pool.value,
        ...(placement.host ? { host: placement.host.value } : {}),
        ...(placement.cluster ? { cluster: placement.cluster.value } : {}),
      },
      ...(placement.datastore
        ? {
          disk_storage: { datastore: placement.datastore.value },
          vm_home_storage: { datastore: placement.datastore.value },
        }
        : {}),
      powered_on: args.power_on,
    };
    return await ctx.mutate({
      targets: [
        { ref: { type: "content.library.Item", value: item.id }, name: itemName, state: { type: itemType } },
        { ref: placement.pool, name: placement.poolName },
      ],
      summary: ctx.t("library_deploy.summary", {
        item: itemName,
        name,
        type: itemType,
        pool: placement.poolName,
      }),
      method: ovf ? "vcenter.ovf.LibraryItem.deploy" : "vcenter.vm_template.LibraryItems.deploy",
      args: ovf ? { ...ovfSpec } : { ...templateSpec },
    }, async () => {
      let vm: MoRef;
      if (ovf) {
        const result = await manager.deployOvf(item.id, ovfSpec);
        if (!result.succeeded || !result.resource_id) {
          throw ovfFailure(result, "vcenter.ovf.LibraryItem.deploy");
        }
        vm = { type: "VirtualMachine", value: result.resource_id.id };
        if (args.power_on) await runTask(ctx, "PowerOnVM_Task", vm, {}, args.wait_seconds);
      } else {
        vm = { type: "VirtualMachine", value: await manager.deployTemplate(item.id, templateSpec) };
      }
      const props = await retrieveOne(ctx.vsphere, vm, ["name", "runtime.powerState"], {
        signal: ctx.signal,
      });
      const vmName = sanitizeText(String(props.name ?? args.name));
      return {
        vm: vm.value,
        name: vmName,
        power_state: String(props["runtime.powerState"] ?? "unknown"),
        item: itemName,
        item_type: itemType,
        message: ctx.t("library_deploy.done", { name: vmName, vm: vm.value, item: itemName }),
      };
    });
  },
});
