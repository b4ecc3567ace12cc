import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import { changeOutput, GB_IN_KB, poolOfHost, resolveOptional, taskResult, vmFolderOf } from "./common.ts";
import { nicBacking, resolveNetwork } from "./vm_nic.ts";
import { wire } from "./wire.ts";

const ADAPTERS = { vmxnet3: "VirtualVmxnet3", e1000e: "VirtualE1000e", e1000: "VirtualE1000" } as const;

export const vmCreate = defineTool({
  name: "vm_create",
  toolset: "vm",
  input: (t) => ({
    name: z.string().min(1).max(80).describe(t("param.create_name")),
    vmx_path: z.string().max(1000).regex(/^\[[^\]]+\] ?.+\.vmx$/).optional().describe(t("param.vmx_path")),
    as_template: z.boolean().default(false).describe(t("param.as_template")),
    host: z.string().max(300).optional().describe(t("param.host")),
    pool: z.string().max(300).optional().describe(t("param.pool")),
    folder: z.string().max(300).optional().describe(t("param.folder")),
    datastore: z.string().max(300).optional().describe(t("param.create_datastore")),
    guest_id: z.string().max(100).default("otherGuest64").describe(t("param.guest_id")),
    cpus: z.number().int().min(1).max(768).default(1).describe(t("param.cpus")),
    cores_per_socket: z.number().int().min(1).max(768).optional().describe(t("param.cores_per_socket")),
    memory_mb: z.number().int().min(4).max(25_165_824).default(1024).describe(t("param.memory_mb")),
    firmware: z.enum(["bios", "efi"]).optional().describe(t("param.firmware")),
    disks_gb: z.array(z.number().positive().max(65_536)).max(15).default([]).describe(t("param.disks_gb")),
    networks: z.array(z.string().max(300)).max(10).default([]).describe(t("param.networks")),
    adapter: z.enum(["vmxnet3", "e1000e", "e1000"]).default("vmxnet3").describe(t("param.adapter")),
    annotation: z.string().max(4096).optional().describe(t("param.annotation")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: changeOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  // Adds a VM and touches nothing that exists: a resource change (medium).
  tier: "medium",
  privileges: [
    "VirtualMachine.Inventory.Create",
    "VirtualMachine.Inventory.Register",
    "Resource.AssignVMToPool",
  ],
  aliases: ["create_vm", "register_vm"],
  async handler(args, ctx) {
    const host = await resolveOptional(ctx, "HostSystem", args.host, args.datacenter);
    let pool = (await resolveOptional(ctx, "ResourcePool", args.pool, args.datacenter))?.ref;
    if (!pool && host && !(args.vmx_path && args.as_template)) pool = await poolOfHost(ctx, host.ref);
    if (!pool && !(args.vmx_path && args.as_template && host)) {
      throw new ToolInputError("errors.pool_needed", { name: args.name }, "hints.input");
    }
    const folder = (await resolveOptional(ctx, "Folder", args.folder, args.datacenter))?.ref ??
      await vmFolderOf(ctx, pool ?? host!.ref);

    let method: string;
    let request: Record<string, VimValue | undefined>;
    let summary: string;
    if (args.vmx_path) {
      method = "RegisterVM_Task";
      request = {
        path: args.vmx_path,
        name: args.name,
        asTemplate: args.as_template,
        pool: args.as_template ? undefined : pool,
        host: host?.ref,
      };
      summary = ctx.t("vm_create.summary_register", { name: args.name, path: args.vmx_path });
    } else {
      const datastore = await resolveOptional(ctx, "Datastore", args.datastore, args.datacenter);
      if (!datastore) {
        throw new ToolInputError(
          "errors.param_required",
          { param: "datastore", action: "create" },
          "hints.input",
        );
      }
      const changes: VimObject[] = [];
      const controllerKey = -1000;
      if (args.disks_gb.length) {
        changes.push(wire("VirtualDeviceConfigSpec", {
          operation: "add",
          device: wire("ParaVirtualSCSIController", {
            key: controllerKey,
            busNumber: 0,
            sharedBus: "noSharing",
          }),
        }));
      }
      args.disks_gb.forEach((gb, i) => {
        const kb = Math.round(gb * GB_IN_KB);
        changes.push(wire("VirtualDeviceConfigSpec", {
          operation: "add",
          fileOperation: "create",
          device: wire("VirtualDisk", {
            key: -2000 - i,
            backing: wire("VirtualDiskFlatVer2BackingInfo", {
              fileName: `[${datastore.name}]`,
              datastore: datastore.ref,
              diskMode: "persistent",
              thinProvisioned: true,
            }),
            controllerKey,
            unitNumber: i >= 7 ? i + 1 : i,
            capacityInKB: kb,
            capacityInBytes: kb * 1024,
          }),
        }));
      });
      for (const [i, name] of args.networks.entries()) {
        const net = await resolveNetwork(ctx, name, args.datacenter);
        changes.push(wire("VirtualDeviceConfigSpec", {
          operation: "add",
          device: wire(ADAPTERS[args.adapter], {
            key: -3000 - i,
            backing: nicBacking(net),
            connectable: wire("VirtualDeviceConnectInfo", {
              startConnected: true,
              allowGuestControl: true,
              connected: false,
            }),
            addressType: "generated",
          }),
        }));
      }
      const config = wire("VirtualMachineConfigSpec", {
        name: args.name,
        guestId: args.guest_id,
        annotation: args.annotation,
        files: wire("VirtualMachineFileInfo", { vmPathName: `[${datastore.name}]` }),
        numCPUs: args.cpus,
        numCoresPerSocket: args.cores_per_socket,
        memoryMB: args.memory_mb,
        deviceChange: changes.length ? changes : undefined,
        firmware: args.firmware,
      });
      method = "CreateVM_Task";
      request = { config, pool, host: host?.ref };
      summary = ctx.t("vm_create.summary", {
        name: args.name,
        cpus: args.cpus,
        memory: args.memory_mb,
        disks: args.disks_gb.join("+") || "0",
        nics: args.networks.length,
        datastore: sanitizeText(datastore.name),
      });
    }
    const target = pool ?? host!.ref;
    return await ctx.mutate({
      targets: [{ ref: folder, name: sanitizeText(args.name), state: { exists: false } }, {
        ref: target,
        name: target.value,
      }],
      summary,
      method,
      args: request,
    }, async () => {
      return await taskResult(ctx, method, folder, request, args.wait_seconds, {
        vm: args.name,
        message: ctx.t("vm_create.done", { name: args.name }),
        created: true,
      });
    });
  },
});
