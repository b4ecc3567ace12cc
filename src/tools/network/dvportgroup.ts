import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import { runTask, taskFields } from "../shared/task_result.ts";
import {
  DVPG,
  DVS,
  resolveNamed,
  type Security,
  securityOf,
  securityShape,
  securitySpec,
  switchInput,
  vlanSpec,
  vlanText,
} from "./shared.ts";

const ACTIONS = ["create", "update", "delete"] as const;
const BINDINGS = ["earlyBinding", "ephemeral"] as const;

export const dvportgroup = defineTool({
  name: "dvportgroup",
  toolset: "network",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.network.pg_action")),
    portgroup: z.string().min(1).max(300).describe(t("param.network.portgroup")),
    switch: switchInput(t).optional(),
    vlan_id: z.number().int().min(0).max(4094).optional().describe(t("param.network.vlan_id")),
    vlan_trunk: z.string().min(1).max(200).optional().describe(t("param.network.vlan_trunk")),
    ports: z.number().int().min(0).max(8192).optional().describe(t("param.network.ports")),
    binding: z.enum(BINDINGS).optional().describe(t("param.network.binding")),
    description: z.string().max(1000).optional().describe(t("param.network.description")),
    new_name: z.string().min(1).max(80).optional().describe(t("param.network.new_name")),
    allow_promiscuous: z.boolean().optional().describe(t("param.network.allow_promiscuous")),
    mac_changes: z.boolean().optional().describe(t("param.network.mac_changes")),
    forged_transmits: z.boolean().optional().describe(t("param.network.forged_transmits")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    action: z.enum(ACTIONS),
    portgroup: z.string(),
    moref: z.string().optional(),
    switch: z.string(),
    vlan: z.string().optional(),
    security: securityShape.optional(),
    message: z.string(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // A VLAN change or a delete cuts off the VMs on the portgroup (vCenter refuses deleting one in use).
  tier: "high",
  privileges: ["DVPortgroup.Create", "DVPortgroup.Modify", "DVPortgroup.Delete"],
  aliases: ["create_dvportgroup", "update_dvportgroup", "delete_dvportgroup"],
  async handler(args, ctx) {
    if (args.vlan_id !== undefined && args.vlan_trunk !== undefined) {
      throw new ToolInputError("dvportgroup.one_vlan", {}, "hints.input");
    }
    const vlan = vlanSpec(args.vlan_id, args.vlan_trunk);
    const wait = args.wait_seconds;
    const requestedSecurity = {
      ...(args.allow_promiscuous !== undefined ? { allow_promiscuous: args.allow_promiscuous } : {}),
      ...(args.mac_changes !== undefined ? { mac_changes: args.mac_changes } : {}),
      ...(args.forged_transmits !== undefined ? { forged_transmits: args.forged_transmits } : {}),
    };
    const security = Object.keys(requestedSecurity).length ? requestedSecurity : undefined;

    if (args.action === "create") {
      if (!args.switch) throw new ToolInputError("dvportgroup.switch_required", {}, "hints.input");
      const dvs = await resolveNamed(ctx, DVS, args.switch, args.datacenter);
      const name = sanitizeText(args.portgroup);
      const existing = await retrieveOne(ctx.vsphere, dvs.ref, ["portgroup"], { signal: ctx.signal });
      for (const ref of (Array.isArray(existing.portgroup) ? existing.portgroup : []) as MoRef[]) {
        if ((await retrieveOne(ctx.vsphere, ref, ["name"])).name === args.portgroup) {
          return {
            action: args.action,
            portgroup: name,
            moref: ref.value,
            switch: dvs.name,
            message: ctx.t("dvportgroup.exists", { name, switch: dvs.name }),
          };
        }
      }
      const vlanShown = vlan ? vlanText(vlan).vlan : "none";
      const spec: VimObject = {
        _type: "DVPortgroupConfigSpec",
        name: args.portgroup,
        numPorts: args.ports ?? 8,
        ...(args.description !== undefined ? { description: args.description } : {}),
        type: args.binding ?? "earlyBinding",
        ...(vlan || security
          ? {
            defaultPortConfig: {
              _type: "VMwareDVSPortSetting",
              ...(vlan ? { vlan } : {}),
              ...(security ? { securityPolicy: securitySpec(security) } : {}),
            },
          }
          : {}),
        // Static binding with auto-expand is vSphere Client's default: ports grow as VMs connect.
        autoExpand: true,
      };
      return await ctx.mutate({
        targets: [{ ref: dvs.ref, name: dvs.name }],
        summary: ctx.t("dvportgroup.summary_create", { name, switch: dvs.name, vlan: vlanShown }),
        method: "AddDVPortgroup_Task",
        args: {
          name: args.portgroup,
          vlan: vlanShown,
          ports: spec.numPorts,
          binding: spec.type,
          ...(security ? { security } : {}),
        },
      }, async () => {
        const task = await runTask(ctx, "AddDVPortgroup_Task", dvs.ref, { spec: [spec] }, wait);
        let moref: string | undefined;
        const after = await retrieveOne(ctx.vsphere, dvs.ref, ["portgroup"]);
        for (const ref of (Array.isArray(after.portgroup) ? after.portgroup : []) as MoRef[]) {
          if ((await retrieveOne(ctx.vsphere, ref, ["name"])).name === args.portgroup) moref = ref.value;
        }
        return {
          action: args.action,
          portgroup: name,
          ...(moref ? { moref } : {}),
          switch: dvs.name,
          vlan: vlanShown,
          message: ctx.t("dvportgroup.created", { name }),
          task: task.task,
          task_state: task.state,
        };
      });
    }

    const pg = await resolveNamed(ctx, DVPG, args.portgroup, args.datacenter);
    const props = await retrieveOne(ctx.vsphere, pg.ref, ["config", "vm"], { signal: ctx.signal });
    const config = (props.config ?? {}) as VimObject;
    const dvsRef = config.distributedVirtualSwitch as MoRef;
    const switchName = sanitizeText(
      String((await retrieveOne(ctx.vsphere, dvsRef, ["name"])).name ?? dvsRef.value),
    );
    const port = (config.defaultPortConfig ?? {}) as VimObject;
    const currentVlan = port.vlan as VimObject | undefined;
    const currentSecurity = securityOf(port.securityPolicy as VimObject | undefined);
    const vms = Array.isArray(props.vm) ? props.vm.length : 0;
    const before = { vlan: vlanText(currentVlan).vlan, vms, ports: config.numPorts ?? null };
    const target = { ref: pg.ref, name: pg.name, state: before };
    const base = { action: args.action, portgroup: pg.name, moref: pg.ref.value, switch: switchName };

    if (args.action === "delete") {
      return await ctx.mutate({
        targets: [target],
        summary: ctx.t("dvportgroup.summary_delete", { name: pg.name, switch: switchName, vms }),
        method: "Destroy_Task",
      }, async () => {
        const task = await runTask(ctx, "Destroy_Task", pg.ref, {}, wait);
        return {
          ...base,
          message: ctx.t("dvportgroup.deleted", { name: pg.name }),
          task: task.task,
          task_state: task.state,
        };
      });
    }

    const changes: string[] = [];
    if (vlan && vlanText(vlan).vlan !== before.vlan) {
      changes.push(`vlan ${before.vlan} → ${vlanText(vlan).vlan}`);
    }
    if (args.new_name !== undefined && args.new_name !== pg.name) {
      changes.push(`name → ${sanitizeText(args.new_name)}`);
    }
    if (args.ports !== undefined && args.ports !== config.numPorts) changes.push(`ports → ${args.ports}`);
    if (args.binding !== undefined && args.binding !== config.type) changes.push(`binding → ${args.binding}`);
    if (args.description !== undefined && args.description !== (config.description ?? "")) {
      changes.push("description");
    }
    const mergedSecurity = security ? { ...currentSecurity, ...security } : undefined;
    for (const [key, value] of Object.entries(security ?? {})) {
      if (currentSecurity[key as keyof Security] !== value) changes.push(`${key} → ${value}`);
    }
    if (changes.length === 0) {
      return { ...base, vlan: before.vlan, message: ctx.t("dvportgroup.unchanged", { name: pg.name }) };
    }
    // The current name, port count, binding and VLAN travel too: unset would mean "unchanged" to vCenter,
    // and sending them keeps the change exact on implementations that replace the whole config.
    const spec: VimObject = {
      _type: "DVPortgroupConfigSpec",
      configVersion: String(config.configVersion ?? ""),
      name: args.new_name ?? String(config.name ?? pg.name),
      ...(typeof config.numPorts === "number" || args.ports !== undefined
        ? { numPorts: args.ports ?? Number(config.numPorts) }
        : {}),
      ...(args.description !== undefined ? { description: args.description } : {}),
      ...(args.binding ?? config.type ? { type: args.binding ?? String(config.type) } : {}),
      ...(vlan ?? currentVlan ?? mergedSecurity
        ? {
          defaultPortConfig: {
            _type: "VMwareDVSPortSetting",
            ...(vlan ?? currentVlan ? { vlan: vlan ?? currentVlan! } : {}),
            ...(mergedSecurity
              ? { securityPolicy: securitySpec(mergedSecurity) }
              : port.securityPolicy
              ? { securityPolicy: port.securityPolicy as VimObject }
              : {}),
          },
        }
        : {}),
    };
    return await ctx.mutate({
      targets: [target],
      summary: ctx.t("dvportgroup.summary_update", { name: pg.name, changes: changes.join(", ") }),
      method: "ReconfigureDVPortgroup_Task",
      args: { changes },
    }, async () => {
      const task = await runTask(ctx, "ReconfigureDVPortgroup_Task", pg.ref, { spec }, wait);
      const after = (await retrieveOne(ctx.vsphere, pg.ref, ["config"])).config as VimObject;
      const afterPort = (after.defaultPortConfig ?? {}) as VimObject;
      return {
        ...base,
        portgroup: sanitizeText(String(after.name ?? pg.name)),
        vlan: vlanText(afterPort.vlan as VimObject | undefined).vlan,
        security: securityOf(afterPort.securityPolicy as VimObject | undefined),
        message: ctx.t("dvportgroup.updated", { name: pg.name }),
        task: task.task,
        task_state: task.state,
      };
    });
  },
});
