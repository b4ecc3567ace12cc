/**
 * A real MCP client connected in-process to a server whose vSphere client records every SOAP request body,
 * so a tool test can validate the exact requests it sent against the WSDL (for methods the simulator lacks
 * or accepts without checking). Same flow as `connect()` — preview, confirmation, error mapping. It also
 * carries the preview/confirm steps these tests use, so they do not depend on the shared helpers' shape.
 */
import assert from "node:assert/strict";
import { Client, InMemoryTransport } from "./sdk_client.ts";
import type { CallToolResult } from "../../src/mcp_sdk.ts";
import { LOCAL_PRINCIPAL } from "../../src/app.ts";
import { createTranslator } from "../../src/i18n/mod.ts";
import { logger } from "../../src/log/mod.ts";
import { buildRegistry } from "../../src/registry/registry.ts";
import { ConfirmationStore } from "../../src/server/confirm.ts";
import { createServer } from "../../src/server/mcp.ts";
import { TOOLSETS } from "../../src/tools/mod.ts";
import { VSphereClient } from "../../src/vsphere/client.ts";
import { createRoundTripper } from "../../src/vsphere/transport.ts";
import type { VSphereTarget } from "../../src/config/mod.ts";
import { textOf } from "./mcp.ts";
import { methodOfBody, recordingRoundTripper, type RequestBody } from "./wsdl.ts";

export interface RecordingConnected {
  client: Client;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
  /** Every SOAP request body sent so far, in order. */
  bodies: string[];
  /** The recorded bodies of `method`, named for validateRequests(). */
  requests(method: string): RequestBody[];
}

export async function connectRecording(
  target: VSphereTarget,
  toolsets: string[],
): Promise<RecordingConnected> {
  const roundTrip = recordingRoundTripper(createRoundTripper(target.tls));
  const vsphere = new VSphereClient(target, { roundTrip });
  const t = createTranslator("en");
  const server = createServer({
    registry: buildRegistry(TOOLSETS, { toolsets, readOnly: false }),
    t,
    log: logger("test"),
    principal: LOCAL_PRINCIPAL,
    confirmations: new ConfirmationStore(),
    vsphere: () => vsphere,
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "vsphere-mcp-tests", version: "1.0.0" });
  await client.connect(clientSide);
  const close = async () => {
    await client.close();
    await server.close();
    await vsphere.close();
  };
  return {
    client,
    bodies: roundTrip.bodies,
    requests: (method) =>
      roundTrip.bodies.filter((xml) => methodOfBody(xml) === method).map((xml, i) => ({
        name: `${method}#${i}`,
        xml,
      })),
    call: async (name, args = {}) => await client.callTool({ name, arguments: args }) as CallToolResult,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** A preview envelope, as the confirmation middleware returns it. */
export interface PreviewEnvelope {
  status: string;
  preview?: {
    tool: string;
    tier: string;
    method: string;
    summary: string;
    args?: Record<string, unknown>;
    targets: { ref: { type: string; value: string }; name: string; state?: Record<string, unknown> }[];
  };
  confirmation_handle?: string;
  result?: Record<string, unknown>;
}

/** Anything that calls tools the way an MCP client does. */
type Caller = { call(name: string, args?: Record<string, unknown>): Promise<CallToolResult> };

/** Calls `name` without confirm and returns the preview envelope (asserting one was returned). */
export async function preview(
  mcp: Caller,
  name: string,
  args: Record<string, unknown>,
): Promise<PreviewEnvelope> {
  const first = await mcp.call(name, args);
  assert.equal(first.isError, undefined, textOf(first));
  const envelope = first.structuredContent as unknown as PreviewEnvelope;
  assert.equal(envelope.status, "confirmation_required", JSON.stringify(envelope));
  return envelope;
}

/** Confirms a preview obtained for exactly `args`; returns the tool's result (asserting it succeeded). */
export async function confirm(
  mcp: Caller,
  name: string,
  args: Record<string, unknown>,
  handle: string | undefined,
): Promise<Record<string, unknown>> {
  const done = await mcp.call(name, { ...args, confirm: true, confirmation_handle: handle });
  assert.equal(done.isError, undefined, textOf(done));
  const envelope = done.structuredContent as unknown as PreviewEnvelope;
  assert.equal(envelope.status, "done", JSON.stringify(envelope));
  return envelope.result!;
}

/** Preview then confirm. */
export async function previewAndConfirm(
  mcp: Caller,
  name: string,
  args: Record<string, unknown>,
): Promise<{ preview: PreviewEnvelope; result: Record<string, unknown> }> {
  const p = await preview(mcp, name, args);
  return { preview: p, result: await confirm(mcp, name, args, p.confirmation_handle) };
}
