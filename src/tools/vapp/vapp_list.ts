import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { globMatcher } from "../shared/glob.ts";
import { datacenterInput } from "../shared/inputs.ts";

export const vappList = defineTool({
  name: "vapp_list",
  toolset: "vapp",
  input: (t) => ({
    name: z.string().max(200).optional().describe(t("param.name_glob")),
    datacenter: datacenterInput(t),
  }),
  output: {
    vapps: z.array(z.object({
      moref: z.string(),
      name: z.string(),
      state: z.string().describe("started, stopped, starting, stopping; or from the VMs: suspended, mixed"),
      vms: z.number().int(),
      vms_powered_on: z.number().int(),
      parent: z.string().nullable(),
    })),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  async handler(args, ctx) {
    const container = args.datacenter
      ? (await resolveEntity(ctx.vsphere, "Datacenter", args.datacenter, { signal: ctx.signal })).ref
      : undefined;
    const scope = { ...(container ? { container } : {}), signal: ctx.signal };
    const matches = globMatcher(args.name);
    const power = new Map<string, string>();
    for await (
      const vm of retrieveView(ctx.vsphere, {
        type: "VirtualMachine",
        paths: ["runtime.powerState"],
        ...scope,
      })
    ) {
      power.set(vm.ref.value, String(vm.props["runtime.powerState"] ?? ""));
    }
    const parents = new Map<string, string>();
    for await (const p of retrieveView(ctx.vsphere, { type: "ResourcePool", paths: ["name"], ...scope })) {
      parents.set(p.ref.value, sanitizeText(String(p.props.name ?? "")));
    }
    const vapps = [];
    for await (
      const a of retrieveView(ctx.vsphere, {
        type: "VirtualApp",
        paths: ["name", "summary", "vm", "parent"],
        ...scope,
      })
    ) {
      const name = sanitizeText(String(a.props.name ?? ""));
      if (!matches(name)) continue;
      const vms = (Array.isArray(a.props.vm) ? a.props.vm : []) as MoRef[];
      const states = vms.map((v) => power.get(v.value) ?? "unknown");
      const on = states.filter((s) => s === "poweredOn").length;
      const summary = (a.props.summary ?? {}) as VimObject;
      const parent = a.props.parent as MoRef | undefined;
      vapps.push({
        moref: a.ref.value,
        name,
        state: typeof summary.vAppState === "string"
          ? summary.vAppState
          : vms.length === 0 || on === 0 && states.every((s) => s === "poweredOff")
          ? "stopped"
          : on === vms.length
          ? "started"
          : states.every((s) => s === "suspended")
          ? "suspended"
          : "mixed",
        vms: vms.length,
        vms_powered_on: on,
        parent: parent ? parents.get(parent.value) ?? parent.value : null,
      });
    }
    vapps.sort((a, b) => a.name.localeCompare(b.name) || a.moref.localeCompare(b.moref));
    return { vapps };
  },
});
