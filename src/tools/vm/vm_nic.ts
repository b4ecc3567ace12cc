import { z } from "zod";
import type { ToolContext } from "../../registry/define.ts";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { vmInput } from "../shared/inputs.ts";
import {
  bool,
  changeOutput,
  connectInfo,
  DEFAULT_WAIT_SECONDS,
  deviceLabel,
  deviceSummary,
  editDevice,
  findDevice,
  NIC,
  obj,
  readDevices,
  readVm,
  resolveVm,
  str,
  taskResult,
  withDeviceField,
} from "./common.ts";
import { wire } from "./wire.ts";

const ACTIONS = ["add", "remove", "set_network", "connect", "disconnect"] as const;
const ADAPTERS = { vmxnet3: "VirtualVmxnet3", e1000e: "VirtualE1000e", e1000: "VirtualE1000" } as const;

interface NetworkTarget {
  ref: MoRef;
  name: string;
  /** Set for distributed portgroups. */
  portgroupKey?: string;
  switchUuid?: string;
}

/** Resolves a standard network or distributed portgroup and what its NIC backing needs. */
export async function resolveNetwork(
  ctx: ToolContext,
  network: string,
  datacenter?: string,
): Promise<NetworkTarget> {
  const type = network.startsWith("dvportgroup-") ? "DistributedVirtualPortgroup" : "Network";
  const found = await resolveEntity(ctx.vsphere, type, network, {
    signal: ctx.signal,
    ...(datacenter ? { datacenter } : {}),
  });
  if (found.ref.type !== "DistributedVirtualPortgroup") return { ref: found.ref, name: found.name };
  const pg = await retrieveOne(ctx.vsphere, found.ref, ["config.key", "config.distributedVirtualSwitch"], {
    signal: ctx.signal,
  });
  const dvs = pg["config.distributedVirtualSwitch"] as MoRef;
  const uuid = await retrieveOne(ctx.vsphere, dvs, ["uuid"], { signal: ctx.signal });
  return {
    ref: found.ref,
    name: found.name,
    portgroupKey: String(pg["config.key"] ?? found.ref.value),
    switchUuid: String(uuid.uuid ?? ""),
  };
}

/** DistributedVirtualSwitchPortBackingInfo for portgroups (portgroup key + switch uuid), else by network. */
export function nicBacking(net: NetworkTarget): VimObject {
  if (net.portgroupKey) {
    return wire("VirtualEthernetCardDistributedVirtualPortBackingInfo", {
      port: wire("DistributedVirtualSwitchPortConnection", {
        switchUuid: net.switchUuid,
        portgroupKey: net.portgroupKey,
      }),
    });
  }
  return wire("VirtualEthernetCardNetworkBackingInfo", { deviceName: net.name, network: net.ref });
}

/** The network a NIC is on: the portgroup key for distributed ports, else the network name. */
function currentNetwork(nic: VimObject): string {
  const backing = obj(nic.backing);
  return str(obj(backing?.port)?.portgroupKey) ?? str(backing?.deviceName) ?? "";
}

export const vmNic = defineTool({
  name: "vm_nic",
  toolset: "vm",
  input: (t) => ({
    vm: vmInput(t),
    action: z.enum(ACTIONS).describe(t("param.nic_action")),
    nic: z.string().max(200).optional().describe(t("param.nic")),
    network: z.string().max(300).optional().describe(t("param.network")),
    adapter: z.enum(["vmxnet3", "e1000e", "e1000"]).default("vmxnet3").describe(t("param.adapter")),
  }),
  output: {
    ...changeOutput,
    nic: z.object({ key: z.number(), label: z.string(), type: z.string() }).optional(),
    network: z.string().optional(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Moving or disconnecting a NIC cuts the guest's connectivity: a resource change, medium.
  tier: "medium",
  privileges: ["VirtualMachine.Config.AddRemoveDevice", "VirtualMachine.Config.EditDevice", "Network.Assign"],
  aliases: ["add_nic", "remove_nic", "change_vm_nic_network", "connect_disconnect_vm_nic"],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm);
    const p = await readVm(ctx, vm.ref, ["runtime.powerState"]);
    const poweredOn = p["runtime.powerState"] === "poweredOn";
    const devices = await readDevices(ctx, vm.ref);
    const base = { vm: vm.display, moref: vm.ref.value };
    const needNetwork = async () => {
      if (!args.network) {
        throw new ToolInputError(
          "errors.param_required",
          { param: "network", action: args.action },
          "hints.input",
        );
      }
      return await resolveNetwork(ctx, args.network);
    };
    const run = async (change: VimObject, summary: string, done: string, state: Record<string, unknown>) => {
      const spec = wire("VirtualMachineConfigSpec", { deviceChange: [change] });
      return await ctx.mutate(
        {
          targets: [{ ref: vm.ref, name: vm.display, state }],
          summary,
          method: "ReconfigVM_Task",
          args: { spec },
        },
        async () =>
          await taskResult(ctx, "ReconfigVM_Task", vm.ref, { spec }, DEFAULT_WAIT_SECONDS, {
            ...base,
            message: done,
          }),
      );
    };

    if (args.action === "add") {
      const net = await needNetwork();
      const nic = wire(ADAPTERS[args.adapter], {
        key: -200,
        backing: nicBacking(net),
        connectable: wire("VirtualDeviceConnectInfo", {
          startConnected: true,
          allowGuestControl: true,
          connected: poweredOn,
        }),
        addressType: "generated",
      });
      const name = sanitizeText(net.name);
      const result = await run(
        wire("VirtualDeviceConfigSpec", { operation: "add", device: nic }),
        ctx.t("vm_nic.summary_add", { name: vm.display, network: name, adapter: args.adapter }),
        ctx.t("vm_nic.done_add", { name: vm.display, network: name }),
        { nics: devices.filter(NIC).length },
      );
      return { ...result, network: name };
    }

    const nic = findDevice(devices, NIC, "network adapter", args.nic);
    const label = sanitizeText(deviceLabel(nic));
    const state = {
      nic: deviceSummary(nic),
      network: currentNetwork(nic),
      connectable: nic.connectable ?? null,
    };

    if (args.action === "remove") {
      const result = await run(
        wire("VirtualDeviceConfigSpec", { operation: "remove", device: nic }),
        ctx.t("vm_nic.summary_remove", { name: vm.display, nic: label }),
        ctx.t("vm_nic.done_remove", { name: vm.display, nic: label }),
        state,
      );
      return { ...result, nic: deviceSummary(nic) };
    }

    if (args.action === "set_network") {
      const net = await needNetwork();
      const name = sanitizeText(net.name);
      const wanted = net.portgroupKey ?? net.name;
      if (currentNetwork(nic) === wanted) {
        return {
          ...base,
          message: ctx.t("vm_nic.already_network", { name: vm.display, nic: label, network: name }),
          nic: deviceSummary(nic),
          network: name,
        };
      }
      const result = await run(
        editDevice(withDeviceField(nic, "backing", nicBacking(net))),
        ctx.t("vm_nic.summary_network", { name: vm.display, nic: label, network: name }),
        ctx.t("vm_nic.done_network", { name: vm.display, nic: label, network: name }),
        state,
      );
      return { ...result, nic: deviceSummary(nic), network: name };
    }

    // connect / disconnect: a powered-off VM can only change whether the NIC connects at power-on.
    const connect = args.action === "connect";
    const info = obj(nic.connectable);
    const current = poweredOn ? bool(info?.connected) : bool(info?.startConnected);
    if (current === connect) {
      return {
        ...base,
        message: ctx.t(connect ? "vm_nic.already_connected" : "vm_nic.already_disconnected", {
          name: vm.display,
          nic: label,
        }),
        nic: deviceSummary(nic),
      };
    }
    const connectable = connectInfo(nic, connect);
    if (!poweredOn) connectable.connected = false;
    const result = await run(
      editDevice(withDeviceField(nic, "connectable", connectable)),
      ctx.t(connect ? "vm_nic.summary_connect" : "vm_nic.summary_disconnect", {
        name: vm.display,
        nic: label,
      }),
      ctx.t(connect ? "vm_nic.done_connect" : "vm_nic.done_disconnect", { name: vm.display, nic: label }),
      state,
    );
    return { ...result, nic: deviceSummary(nic) };
  },
});
