/** A vApp's state as vCenter reports it, or as its VMs show it when the summary has no vAppState. */
import type { ToolContext } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";

export interface VAppState {
  state: string;
  vms: { name: string; moref: string; power_state: string }[];
}

export async function vappState(ctx: ToolContext, ref: MoRef): Promise<VAppState> {
  const props = await retrieveOne(ctx.vsphere, ref, ["summary", "vm"], { signal: ctx.signal });
  const refs = (Array.isArray(props.vm) ? props.vm : []) as MoRef[];
  const vms = [];
  for (const vm of refs) {
    const p = await retrieveOne(ctx.vsphere, vm, ["name", "runtime.powerState"], { signal: ctx.signal });
    vms.push({
      name: sanitizeText(String(p.name ?? vm.value)),
      moref: vm.value,
      power_state: String(p["runtime.powerState"] ?? "unknown"),
    });
  }
  const summary = (props.summary ?? {}) as VimObject;
  return { state: typeof summary.vAppState === "string" ? summary.vAppState : derived(vms), vms };
}

function derived(vms: { power_state: string }[]): string {
  if (vms.length === 0) return "stopped";
  if (vms.every((v) => v.power_state === "poweredOn")) return "started";
  if (vms.every((v) => v.power_state === "poweredOff")) return "stopped";
  if (vms.every((v) => v.power_state === "suspended")) return "suspended";
  return "mixed";
}
