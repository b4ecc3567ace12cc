/** Inputs and reads the host tools share. */
import { z } from "zod";
import type { Translate } from "../../i18n/mod.ts";
import type { ToolContext } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { bool, refs, retrieveMany, str } from "../shared/vim_values.ts";

/** An ESXi host by MoRef id (host-21) or exact name. */
export function hostInput(t: Translate) {
  return z.string().min(1).max(300).describe(t("param.host"));
}

export interface HostState {
  ref: MoRef;
  name: string;
  connectionState: string;
  inMaintenanceMode: boolean;
  powerState: string;
  parent: MoRef | undefined;
  vms: MoRef[];
}

/** Resolves a host and reads the state every host operation previews. */
export async function readHost(
  ctx: ToolContext,
  host: string,
  datacenter: string | undefined,
): Promise<HostState> {
  const resolved = await resolveEntity(ctx.vsphere, "HostSystem", host, {
    signal: ctx.signal,
    ...(datacenter ? { datacenter } : {}),
  });
  return await hostState(ctx, resolved.ref, resolved.name);
}

export async function hostState(ctx: ToolContext, ref: MoRef, name: string): Promise<HostState> {
  const p: Record<string, VimValue> = await retrieveOne(ctx.vsphere, ref, [
    "runtime.connectionState",
    "runtime.inMaintenanceMode",
    "runtime.powerState",
    "parent",
    "vm",
  ], { signal: ctx.signal });
  return {
    ref,
    name: sanitizeText(name),
    connectionState: str(p["runtime.connectionState"]) ?? "unknown",
    inMaintenanceMode: bool(p["runtime.inMaintenanceMode"]) ?? false,
    powerState: str(p["runtime.powerState"]) ?? "unknown",
    parent: refs(p.parent)[0],
    vms: refs(p.vm),
  };
}

/** How many of `vms` are powered on (what maintenance mode or a shutdown would have to move or stop). */
export async function poweredOnCount(ctx: ToolContext, vms: readonly MoRef[]): Promise<number> {
  const states = await retrieveMany(ctx.vsphere, vms, ["runtime.powerState"], ctx.signal);
  return states.filter((vm) => str(vm.props["runtime.powerState"]) === "poweredOn").length;
}

export function hostTargetState(host: HostState, poweredOn?: number) {
  return {
    connectionState: host.connectionState,
    inMaintenanceMode: host.inMaintenanceMode,
    powerState: host.powerState,
    vms: host.vms.length,
    ...(poweredOn !== undefined ? { poweredOnVms: poweredOn } : {}),
  };
}
