/** Guest operations plumbing: the managers, authenticated calls with redaction, and transfer URLs. */
import { z } from "zod";
import type { ToolContext } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { VSphereClient } from "../../vsphere/client.ts";
import { VSphereError } from "../../vsphere/errors.ts";
import { type Resolved, resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { createRoundTripper } from "../../vsphere/transport.ts";
import { guestAuth, type GuestCredential, guestCredential, redact } from "./credentials.ts";

export interface GuestTarget {
  vm: Resolved;
  credential: GuestCredential;
  processManager: MoRef;
  fileManager: MoRef;
}

/** Resolves the VM, reads the configured credential and finds the guest operations managers. */
export async function guestTarget(
  ctx: ToolContext,
  vm: string,
  credential: string,
  datacenter?: string,
): Promise<GuestTarget> {
  const cred = guestCredential(credential);
  const found = await resolveEntity(ctx.vsphere, "VirtualMachine", vm, {
    signal: ctx.signal,
    ...(datacenter ? { datacenter } : {}),
  });
  const content = await ctx.vsphere.serviceContent();
  const gom = content.guestOperationsManager as MoRef;
  const managers = await retrieveOne(ctx.vsphere, gom, ["processManager", "fileManager"], {
    signal: ctx.signal,
  });
  return {
    vm: { ref: found.ref, name: sanitizeText(found.name) },
    credential: cred,
    processManager: managers.processManager as MoRef,
    fileManager: managers.fileManager as MoRef,
  };
}

/** Calls a guest operation with `vm` and `auth` first (as every guest method takes them); errors are redacted. */
export async function guestCall(
  ctx: ToolContext,
  target: GuestTarget,
  method: string,
  manager: MoRef,
  params: Record<string, VimValue | undefined>,
): Promise<VimValue | undefined> {
  try {
    return await ctx.vsphere.call(method, manager, guestParams(target, params), {
      signal: ctx.signal,
      operationId: ctx.eventId,
    });
  } catch (error) {
    throw redactError(error, target.credential);
  }
}

/** The full parameters of a guest method: the VM and its authentication, then the method's own. */
export function guestParams(
  target: Pick<GuestTarget, "vm" | "credential">,
  params: Record<string, VimValue | undefined>,
): Record<string, VimValue | undefined> {
  return { vm: target.vm.ref, auth: guestAuth(target.credential), ...params };
}

export function redactError(error: unknown, credential: GuestCredential): unknown {
  if (!(error instanceof VSphereError)) return error;
  const message = redact(error.vcMessage, credential);
  if (message === error.vcMessage) return error;
  return new VSphereError(error.kind, {
    faultType: error.faultType,
    vcMessage: message,
    path: error.path,
    details: error.details,
  });
}

/**
 * vCenter answers InitiateFileTransfer* with a URL whose host may be "*" (meaning: the host you are
 * talking to); the transfer then goes to that URL over the same TLS settings.
 */
export function transferUrl(client: VSphereClient, url: string): URL {
  const parsed = new URL(url.replace(/^(https?:\/\/)\*(?=[:/])/, "$1placeholder.invalid"));
  if (parsed.hostname === "placeholder.invalid") {
    const host = client.target.host.includes(":") ? `[${client.target.host}]` : client.target.host;
    parsed.host = `${host}:${client.target.port}`;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new TypeError(`Unexpected transfer URL scheme: ${parsed.protocol}`);
  }
  return parsed;
}

export interface TransferResponse {
  ok: boolean;
  status: number;
  statusText: string;
  body: Uint8Array;
}

/**
 * Sends a guest file transfer request through the project's round-tripper, built from the client's own TLS
 * settings (CA bundle, thumbprint pin or insecure mode apply exactly as for SOAP), and closes it after.
 */
export async function sendTransfer(client: VSphereClient, request: Request): Promise<TransferResponse> {
  const roundTrip = createRoundTripper(client.target.tls);
  try {
    const response = await roundTrip(request);
    const body = new Uint8Array(await response.arrayBuffer());
    return { ok: response.ok, status: response.status, statusText: response.statusText, body };
  } finally {
    roundTrip.close?.();
  }
}

export const guestProcess = z.object({
  pid: z.number(),
  name: z.string(),
  owner: z.string(),
  command_line: z.string(),
  started: z.string().nullable(),
  ended: z.string().nullable(),
  exit_code: z.number().nullable(),
});
