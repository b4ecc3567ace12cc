/**
 * A real MCP client connected in-process to a server whose vSphere client records every SOAP request body,
 * so a tool test can validate the exact requests it sent against the WSDL (for methods the simulator lacks
 * or accepts without checking). Same flow as `connect()` — preview, confirmation, error mapping. The
 * preview/confirm steps are in ./confirm.ts.
 */
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
