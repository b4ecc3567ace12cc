/**
 * Cross-vCenter vMotion: RelocateVM_Task with a ServiceLocator for another vCenter configured as a named
 * target (VSPHERE_TARGETS_FILE). The destination's host, datastore, pool and folder are resolved in that
 * vCenter with its own connection; its credentials come from the target's configuration and never appear
 * in a preview, a result, the audit record or a log.
 */
import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { VSphereClient } from "../../vsphere/client.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput, waitInput } from "../shared/inputs.ts";
import { obj, readVm, resolveVm, str } from "../vm/common.ts";
import { operationOutput, vmOperation } from "./common.ts";

export interface Destination {
  instanceUuid: string;
  url: string;
  username: string;
  password: string;
  thumbprint?: string | undefined;
  host: MoRef;
  pool: MoRef;
  datastore: MoRef;
  folder: MoRef;
}

/** The RelocateVM_Task spec to another vCenter (also used by the WSDL contract test). */
export function crossVcenterSpec(d: Destination): VimObject {
  return {
    _type: "VirtualMachineRelocateSpec",
    service: {
      _type: "ServiceLocator",
      instanceUuid: d.instanceUuid,
      url: d.url,
      credential: { _type: "ServiceLocatorNamePassword", username: d.username, password: d.password },
      ...(d.thumbprint ? { sslThumbprint: d.thumbprint } : {}),
    },
    folder: d.folder,
    datastore: d.datastore,
    pool: d.pool,
    host: d.host,
  };
}

export const vmVcenterMigrate = defineTool({
  name: "vm_vcenter_migrate",
  toolset: "vm_advanced",
  input: (t) => ({
    vm: vmInput(t),
    destination_target: z.string().regex(/^[\w.-]{1,64}$/).describe(
      t("param.vm_vcenter_migrate_target"),
    ),
    host: z.string().min(1).max(300).describe(t("param.vm_vcenter_migrate_host")),
    datastore: z.string().min(1).max(300).describe(t("param.vm_vcenter_migrate_datastore")),
    pool: z.string().min(1).max(300).optional().describe(t("param.vm_vcenter_migrate_pool")),
    folder: z.string().min(1).max(300).optional().describe(t("param.vm_vcenter_migrate_folder")),
    ssl_thumbprint: z.string().regex(/^([0-9A-Fa-f]{2}:){19}[0-9A-Fa-f]{2}$/).optional().describe(
      t("param.vm_vcenter_migrate_thumbprint"),
    ),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: operationOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Moves the VM out of this vCenter's inventory (and its permissions, tags, history): high, like vm_relocate.
  tier: "high",
  privileges: ["Resource.HotMigrate", "Resource.ColdMigrate", "VirtualMachine.Inventory.Move"],
  aliases: ["cross_vcenter_migrate_vm"],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm, args.datacenter);
    const dest = ctx.vsphereFor(args.destination_target);
    const find = async (type: string, name: string) =>
      (await resolveEntity(dest, type, name, { signal: ctx.signal })).ref;
    const host = await find("HostSystem", args.host);
    const datastore = await find("Datastore", args.datastore);
    const pool = args.pool ? await find("ResourcePool", args.pool) : await rootPool(dest, host);
    const folder = args.folder ? await find("Folder", args.folder) : await vmFolder(dest, host);
    const content = await dest.serviceContent();
    const instanceUuid = str(obj(content.about)?.instanceUuid);
    if (!instanceUuid) {
      throw new ToolInputError(
        "vm_vcenter_migrate.no_uuid",
        { target: args.destination_target },
        "hints.input",
      );
    }
    const target = dest.target;
    const authority = `${target.host.includes(":") ? `[${target.host}]` : target.host}:${target.port}`;
    const spec = crossVcenterSpec({
      instanceUuid,
      url: `https://${authority}/sdk`,
      username: target.user,
      password: target.password,
      thumbprint: args.ssl_thumbprint ??
        (target.tls.thumbprint && target.tls.thumbprint.length === 59 ? target.tls.thumbprint : undefined),
      host,
      pool,
      datastore,
      folder,
    });
    const current = (await readVm(ctx, vm.ref, ["runtime.host"]))["runtime.host"] as MoRef | undefined;
    const params = {
      name: vm.display,
      target: args.destination_target,
      host: sanitizeText(args.host),
      datastore: sanitizeText(args.datastore),
    };
    const { result: _ignored, ...out } = await vmOperation(ctx, vm, {
      method: "RelocateVM_Task",
      // The credential is in `spec` only; the preview and the audit record show where, not how.
      args: { spec, priority: "defaultPriority" },
      summary: ctx.t("vm_vcenter_migrate.summary", params),
      done: ctx.t("vm_vcenter_migrate.done", params),
      state: { host: current?.value ?? null },
      waitSeconds: args.wait_seconds,
    }, {
      destination_target: args.destination_target,
      destination_vcenter: authority,
      host: host.value,
      datastore: datastore.value,
      pool: pool.value,
      folder: folder.value,
    });
    return out;
  },
});

async function rootPool(client: VSphereClient, host: MoRef): Promise<MoRef> {
  const parent = (await retrieveOne(client, host, ["parent"])).parent as MoRef;
  return (await retrieveOne(client, parent, ["resourcePool"])).resourcePool as MoRef;
}

async function vmFolder(client: VSphereClient, start: MoRef): Promise<MoRef> {
  let ref: MoRef | undefined = start;
  for (let i = 0; ref && i < 20; i++) {
    if (ref.type === "Datacenter") return (await retrieveOne(client, ref, ["vmFolder"])).vmFolder as MoRef;
    ref = (await retrieveOne(client, ref, ["parent"])).parent as MoRef | undefined;
  }
  throw new ToolInputError("errors.no_datacenter", { ref: start.value }, "hints.input");
}
