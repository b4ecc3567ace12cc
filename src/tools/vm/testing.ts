/** Test helpers shared by the vm and snapshot tool tests (not imported by the server). */
import { bodyOfEnvelope, methodOfBody, validateRequests } from "../../../tests/helpers/wsdl.ts";
import type { CallToolResult } from "../../mcp_sdk.ts";
import type { Connected } from "../../../tests/helpers/mcp.ts";
import {
  type Preview,
  previewThenConfirm as sharedPreviewThenConfirm,
  structured,
} from "../../../tests/helpers/confirm.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { list, num, obj, objects } from "./common.ts";

/** The confirmation envelope as the vm and snapshot tests read it (their results carry a message). */
export type Envelope = Omit<Preview, "status" | "result"> & {
  status: "done" | "unchanged" | "confirmation_required";
  result?: Record<string, unknown> & { message: string; task_state?: string };
};

export function envelope(result: CallToolResult): Envelope {
  return structured(result) as Envelope;
}

/** Calls a tool twice: the preview (asserted to be one), then the confirmed call. */
export async function previewThenConfirm(
  mcp: Connected,
  tool: string,
  args: Record<string, unknown>,
  onPreview?: (preview: Envelope) => void | Promise<void>,
): Promise<Envelope> {
  const { done } = await sharedPreviewThenConfirm(mcp, tool, args, (first) => onPreview?.(first as Envelope));
  return done as Envelope;
}

export function vmRef(value: string) {
  return { type: "VirtualMachine", value };
}

export async function props(client: VSphereClient, type: string, value: string, paths: string[]) {
  return await retrieveOne(client, { type, value }, paths);
}

export async function devicesOf(client: VSphereClient, vm: string): Promise<VimObject[]> {
  return objects(
    (await props(client, "VirtualMachine", vm, ["config.hardware.device"]))["config.hardware.device"],
  );
}

export function labelOf(device: VimObject): string {
  return String(obj(device.deviceInfo)?.label ?? "");
}

export { list, num, obj, objects };

/** Records every SOAP envelope the server's shared client sends (for the WSDL contract test). */
export function recordEnvelopes(client: VSphereClient): string[] {
  const recorded: string[] = [];
  const encoder = client.soap.encoder;
  const original = encoder.envelope.bind(encoder);
  encoder.envelope = (method, thisRef, args) => {
    const xml = original(method, thisRef, args);
    recorded.push(xml);
    return xml;
  };
  return recorded;
}

/** Methods the vm and snapshot tools send (the property collector and session belong to the core). */
const OWN =
  /^(?!RetrieveProperties|ContinueRetrieve|CreateContainerView|DestroyView|Login|Logout|RetrieveServiceContent)/;

/**
 * Validates the SOAP body of each envelope against VMware's vim25 XSD with xmllint (tests/helpers/wsdl.ts):
 * element names, order, required fields and xsi:type values. Returns the methods checked.
 */
export async function validateAgainstWsdl(envelopes: readonly string[]): Promise<string[]> {
  const bodies = envelopes.map(bodyOfEnvelope).filter((body) => OWN.test(methodOfBody(body)));
  const invalid = await validateRequests(bodies.map((xml) => ({ name: methodOfBody(xml), xml })));
  if (invalid.length) {
    throw new Error(`WSDL contract violations:\n${invalid.map((i) => `${i.name}: ${i.errors}`).join("\n")}`);
  }
  return bodies.map(methodOfBody);
}

/**
 * The encoder and decoder the server's client is built with (whatever schema table that is), without
 * connecting anywhere.
 */
export function clientCodec() {
  const client = new VSphereClient({
    host: "127.0.0.1",
    port: 9,
    user: "u",
    password: "p",
    tls: { mode: "verify" },
    timeoutMs: 1000,
  });
  return { encoder: client.soap.encoder, decoder: client.soap.decoder, close: () => client.close() };
}
