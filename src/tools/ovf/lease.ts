/** HttpNfcLease handling shared by OVF import and export: wait until ready, report progress, complete/abort. */
import type { ToolContext } from "../../registry/define.ts";
import { faultError, VSphereError } from "../../vsphere/errors.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { asObject, asObjects, callVim, ref, str } from "../shared/vim_values.ts";

export interface LeaseDevice {
  key: string;
  importKey: string;
  url: string;
  targetId: string;
  disk: boolean;
}

export interface ReadyLease {
  lease: MoRef;
  entity: MoRef | undefined;
  devices: LeaseDevice[];
}

/** Polls the lease's `state` until ready (or error / deadline). */
export async function waitLease(ctx: ToolContext, lease: MoRef, timeoutMs = 120_000): Promise<ReadyLease> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 100;; delay = Math.min(delay * 2, 2000)) {
    const p = await retrieveOne(ctx.vsphere, lease, ["state", "error", "info"], { signal: ctx.signal });
    const state = str(p.state);
    if (state === "ready") {
      const info = asObject(p.info);
      return {
        lease,
        entity: ref(info.entity),
        devices: asObjects(info.deviceUrl).map((d) => ({
          key: str(d.key) ?? "",
          importKey: str(d.importKey) ?? "",
          url: str(d.url) ?? "",
          targetId: str(d.targetId) ?? "",
          disk: d.disk === true || d.disk === "true",
        })),
      };
    }
    if (state === "error" || state === "done") {
      const error = asObject(p.error);
      throw faultError(asObject(error.fault) as VimObject, {
        vcMessage: str(error.localizedMessage) ?? `lease ${state}`,
        path: "HttpNfcLease",
      });
    }
    if (Date.now() > deadline) {
      throw new VSphereError("Timeout", {
        faultType: "Timedout",
        vcMessage: "lease not ready",
        path: "HttpNfcLease",
      });
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** The lease's progress/complete/abort calls, parameters in WSDL order. */
export function leaseRequest(
  action: "progress" | "complete" | "abort",
  percent = 0,
  message = "",
): { method: string; args: Record<string, VimValue | undefined> } {
  switch (action) {
    case "progress":
      return {
        method: "HttpNfcLeaseProgress",
        args: { percent: Math.max(0, Math.min(100, Math.round(percent))) },
      };
    case "complete":
      return { method: "HttpNfcLeaseComplete", args: {} };
    case "abort":
      return {
        method: "HttpNfcLeaseAbort",
        args: {
          fault: {
            _type: "LocalizedMethodFault",
            fault: { _type: "SystemError", reason: message.slice(0, 200) },
            localizedMessage: message.slice(0, 200),
          },
        },
      };
  }
}

export async function leaseCall(
  ctx: ToolContext,
  lease: MoRef,
  action: "progress" | "complete" | "abort",
  percent = 0,
  message = "",
) {
  const r = leaseRequest(action, percent, message);
  await callVim(ctx, r.method, lease, r.args);
}
