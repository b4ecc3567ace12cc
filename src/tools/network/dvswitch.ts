import { z } from "zod";
import type { Translate } from "../../i18n/mod.ts";
import { type ChangeTarget, defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { resolveAll } from "../cluster/shared.ts";
import { findNamedIn, pickDatacenter } from "../shared/datacenter.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import { runTask, taskFields } from "../shared/task_result.ts";
import { DVS, resolveNamed, switchInput } from "./shared.ts";

const ACTIONS = ["create", "update", "delete"] as const;

function uplinkPolicy(count: number): VimObject {
  return {
    _type: "DVSNameArrayUplinkPortPolicy",
    uplinkPortName: Array.from({ length: count }, (_, i) => `uplink${i + 1}`),
  };
}

function hostList(t: Translate, key: "param.network.add_hosts" | "param.network.remove_hosts") {
  return z.array(z.string().min(1).max(300)).min(1).max(64).optional().describe(t(key));
}

export const dvswitch = defineTool({
  name: "dvswitch",
  toolset: "network",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.network.dvs_action")),
    switch: switchInput(t),
    new_name: z.string().min(1).max(80).optional().describe(t("param.network.new_name")),
    uplinks: z.number().int().min(1).max(32).optional().describe(t("param.network.uplinks")),
    mtu: z.number().int().min(1280).max(9000).optional().describe(t("param.network.mtu")),
    description: z.string().max(1000).optional().describe(t("param.network.description")),
    discovery_protocol: z.enum(["cdp", "lldp"]).optional().describe(t("param.network.discovery_protocol")),
    discovery_operation: z.enum(["none", "listen", "advertise", "both"]).optional().describe(
      t("param.network.discovery_operation"),
    ),
    add_hosts: hostList(t, "param.network.add_hosts"),
    remove_hosts: hostList(t, "param.network.remove_hosts"),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    action: z.enum(ACTIONS),
    switch: z.string(),
    moref: z.string().optional(),
    hosts: z.array(z.string()).optional().describe("Host members after the change"),
    message: z.string(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Deleting a switch takes every portgroup on it; removing a host cuts its VMs off the switch.
  tier: "critical",
  privileges: ["DVSwitch.Create", "DVSwitch.Modify", "DVSwitch.HostOp", "DVSwitch.Delete"],
  aliases: [
    "set_dvs_discovery_protocol",
    "create_dvswitch",
    "update_dvswitch",
    "delete_dvswitch",
    "add_host_to_dvswitch",
    "remove_host_from_dvswitch",
  ],
  async handler(args, ctx) {
    const discovery: VimObject | undefined = args.discovery_protocol || args.discovery_operation
      ? {
        _type: "LinkDiscoveryProtocolConfig",
        protocol: args.discovery_protocol ?? "cdp",
        operation: args.discovery_operation ?? "listen",
      }
      : undefined;
    const call = (method: string, ref: MoRef, params: Record<string, VimObject | VimObject[]>) =>
      runTask(ctx, method, ref, params, args.wait_seconds);

    if (args.action === "create") {
      const dc = await pickDatacenter(ctx, args.datacenter);
      const name = sanitizeText(args.switch);
      const existing = await findNamedIn(ctx, DVS, dc.networkFolder, args.switch);
      if (existing) {
        return {
          action: args.action,
          switch: name,
          moref: existing.value,
          message: ctx.t("dvswitch.exists", { name, datacenter: dc.name }),
        };
      }
      const uplinks = args.uplinks ?? 4;
      const configSpec: VimObject = {
        _type: "VMwareDVSConfigSpec",
        name: args.switch,
        uplinkPortPolicy: uplinkPolicy(uplinks),
        ...(args.description !== undefined ? { description: args.description } : {}),
        ...(args.mtu !== undefined ? { maxMtu: args.mtu } : {}),
        ...(discovery ? { linkDiscoveryProtocolConfig: discovery } : {}),
      };
      return await ctx.mutate({
        targets: [{ ref: dc.networkFolder, name: dc.name }],
        summary: ctx.t("dvswitch.summary_create", { name, datacenter: dc.name, uplinks }),
        method: "CreateDVS_Task",
        args: { name: args.switch, uplinks, ...(args.mtu ? { mtu: args.mtu } : {}) },
      }, async () => {
        const task = await call("CreateDVS_Task", dc.networkFolder, {
          spec: { _type: "DVSCreateSpec", configSpec },
        });
        const ref = task.result as MoRef | undefined;
        return {
          action: args.action,
          switch: name,
          ...(ref ? { moref: ref.value } : {}),
          message: ctx.t("dvswitch.created", { name }),
          task: task.task,
          task_state: task.state,
        };
      });
    }

    const dvs = await resolveNamed(ctx, DVS, args.switch, args.datacenter);
    const state = await retrieveOne(ctx.vsphere, dvs.ref, [
      "config.configVersion",
      "summary.hostMember",
      "portgroup",
    ], {
      signal: ctx.signal,
    });
    const members =
      (Array.isArray(state["summary.hostMember"]) ? state["summary.hostMember"] : []) as MoRef[];
    const portgroups = Array.isArray(state.portgroup) ? state.portgroup.length : 0;
    const target: ChangeTarget = {
      ref: dvs.ref,
      name: dvs.name,
      state: { hosts: members.length, portgroups },
    };
    const hostNames = async () => {
      const now = (await retrieveOne(ctx.vsphere, dvs.ref, ["summary.hostMember"]))["summary.hostMember"];
      const refs = (Array.isArray(now) ? now : []) as MoRef[];
      const names = [];
      for (const ref of refs) {
        names.push(sanitizeText(String((await retrieveOne(ctx.vsphere, ref, ["name"])).name)));
      }
      return names.sort();
    };

    if (args.action === "delete") {
      return await ctx.mutate({
        targets: [target],
        summary: ctx.t("dvswitch.summary_delete", { name: dvs.name, portgroups, hosts: members.length }),
        method: "Destroy_Task",
      }, async () => {
        const task = await call("Destroy_Task", dvs.ref, {});
        return {
          action: args.action,
          switch: dvs.name,
          moref: dvs.ref.value,
          message: ctx.t("dvswitch.deleted", { name: dvs.name }),
          task: task.task,
          task_state: task.state,
        };
      });
    }

    const isMember = (ref: MoRef) => members.some((m) => m.value === ref.value);
    const adding = (await resolveAll(ctx, "HostSystem", args.add_hosts ?? [], args.datacenter))
      .filter((h) => !isMember(h.ref));
    const removing = (await resolveAll(ctx, "HostSystem", args.remove_hosts ?? [], args.datacenter))
      .filter((h) => isMember(h.ref));
    const host: VimObject[] = [
      ...adding.map((h) => ({
        _type: "DistributedVirtualSwitchHostMemberConfigSpec",
        operation: "add",
        host: h.ref,
      })),
      ...removing.map((h) => ({
        _type: "DistributedVirtualSwitchHostMemberConfigSpec",
        operation: "remove",
        host: h.ref,
      })),
    ];
    const spec: VimObject = {
      _type: "VMwareDVSConfigSpec",
      // vCenter refuses a change made against a stale configVersion (ConcurrentAccess).
      configVersion: String(state["config.configVersion"] ?? ""),
      ...(args.new_name !== undefined && args.new_name !== dvs.name ? { name: args.new_name } : {}),
      ...(args.uplinks !== undefined ? { uplinkPortPolicy: uplinkPolicy(args.uplinks) } : {}),
      ...(host.length ? { host } : {}),
      ...(args.description !== undefined ? { description: args.description } : {}),
      ...(args.mtu !== undefined ? { maxMtu: args.mtu } : {}),
      ...(discovery ? { linkDiscoveryProtocolConfig: discovery } : {}),
    };
    const changes = Object.keys(spec).filter((k) => k !== "_type" && k !== "configVersion");
    const requested = args.new_name !== undefined || args.uplinks !== undefined ||
      args.description !== undefined ||
      args.mtu !== undefined || args.add_hosts !== undefined || args.remove_hosts !== undefined ||
      discovery !== undefined;
    if (!requested) throw new ToolInputError("dvswitch.nothing_requested", {}, "hints.input");
    if (changes.length === 0) {
      return {
        action: args.action,
        switch: dvs.name,
        moref: dvs.ref.value,
        hosts: await hostNames(),
        message: ctx.t("dvswitch.unchanged", { name: dvs.name }),
      };
    }
    return await ctx.mutate({
      targets: [
        target,
        ...adding.map((h) => ({ ...h, state: { member: false } })),
        ...removing.map((h) => ({ ...h, state: { member: true } })),
      ],
      summary: ctx.t("dvswitch.summary_update", { name: dvs.name, changes: changes.join(", ") }),
      method: "ReconfigureDvs_Task",
      args: {
        ...(spec.name ? { name: spec.name } : {}),
        ...(args.uplinks ? { uplinks: args.uplinks } : {}),
        ...(args.mtu ? { mtu: args.mtu } : {}),
        ...(discovery ? { discovery: `${discovery.protocol} ${discovery.operation}` } : {}),
        ...(adding.length ? { add_hosts: adding.map((h) => h.ref.value) } : {}),
        ...(removing.length ? { remove_hosts: removing.map((h) => h.ref.value) } : {}),
      },
    }, async () => {
      const task = await call("ReconfigureDvs_Task", dvs.ref, { spec });
      return {
        action: args.action,
        switch: dvs.name,
        moref: dvs.ref.value,
        hosts: await hostNames(),
        message: ctx.t("dvswitch.updated", { name: dvs.name }),
        task: task.task,
        task_state: task.state,
      };
    });
  },
});
