/** Test helpers shared by the vm and snapshot tool tests (not imported by the server). */
import assert from "node:assert/strict";
import type { CallToolResult } from "../../mcp_sdk.ts";
import type { Connected } from "../../../tests/helpers/mcp.ts";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { list, num, obj, objects } from "./common.ts";

export interface Envelope {
  status: "done" | "unchanged" | "confirmation_required";
  preview?: {
    tool: string;
    tier: string;
    method: string;
    summary: string;
    args?: Record<string, unknown>;
    targets: { ref: { type: string; value: string }; name: string; state?: Record<string, unknown> }[];
  };
  confirmation_handle?: string;
  result?: Record<string, unknown> & { message: string; task_state?: string };
}

export function envelope(result: CallToolResult): Envelope {
  assert.equal(result.isError, undefined, textOf(result));
  return result.structuredContent as unknown as Envelope;
}

/** Calls a tool twice: the preview (asserted to be one), then the confirmed call. */
export async function previewThenConfirm(
  mcp: Connected,
  tool: string,
  args: Record<string, unknown>,
  onPreview?: (preview: Envelope) => void | Promise<void>,
): Promise<Envelope> {
  const preview = envelope(await mcp.call(tool, args));
  assert.equal(preview.status, "confirmation_required", JSON.stringify(preview));
  await onPreview?.(preview);
  const done = envelope(
    await mcp.call(tool, { ...args, confirm: true, confirmation_handle: preview.confirmation_handle }),
  );
  assert.equal(done.status, "done", JSON.stringify(done));
  return done;
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

/** $VIM25_WSDL_DIR, else `shared/reference/vim25-wsdl-9.0/` in the nearest ancestor of the repository. */
function referenceDir(): string {
  const explicit = Deno.env.get("VIM25_WSDL_DIR");
  if (explicit) return explicit.endsWith("/") ? explicit : `${explicit}/`;
  let dir = new URL("../../../", import.meta.url);
  for (let i = 0; i < 6; i++) {
    const candidate = new URL("shared/reference/vim25-wsdl-9.0/", dir);
    try {
      Deno.statSync(new URL("vim.wsdl", candidate));
      return candidate.pathname;
    } catch {
      dir = new URL("../", dir);
    }
  }
  return "(not found: set VIM25_WSDL_DIR)/";
}
const REFERENCE = referenceDir();
/** Methods the vm and snapshot tools send (the property collector and session belong to the core). */
const OWN =
  /^(?!RetrieveProperties|ContinueRetrieve|CreateContainerView|DestroyView|Login|Logout|RetrieveServiceContent)/;

/**
 * Validates the SOAP body of each envelope against VMware's vim25 XSD with xmllint: element names,
 * order, required fields and xsi:type values. Returns the methods checked.
 */
export async function validateAgainstWsdl(envelopes: readonly string[]): Promise<string[]> {
  const wsdl = await Deno.readTextFile(`${REFERENCE}vim.wsdl`).catch(() => {
    throw new Error(`vim25 reference not found at ${REFERENCE} (see COMMON.md: ../shared/reference)`);
  });
  const requestType = new Map<string, string>();
  for (const m of wsdl.matchAll(/<element name="(\w+)"\s+type="vim25:(\w+RequestType)"/g)) {
    requestType.set(m[1]!, m[2]!);
  }
  const dir = await Deno.makeTempDir({ prefix: "vmtools-contract-" });
  try {
    const methods: string[] = [];
    const files: string[] = [];
    for (const xml of envelopes) {
      const body = /<soapenv:Body>([\s\S]*)<\/soapenv:Body>/.exec(xml)?.[1];
      const method = body && /^<(\w+)/.exec(body)?.[1];
      if (!body || !method || !OWN.test(method)) continue;
      if (!requestType.has(method)) throw new Error(`${method} is not a vim25 method`);
      methods.push(method);
      const file = `${dir}/${files.length}-${method}.xml`;
      await Deno.writeTextFile(
        file,
        body.replace(
          ` xmlns="urn:vim25">`,
          ` xmlns="urn:vim25" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">`,
        ),
      );
      files.push(file);
    }
    if (files.length === 0) return methods;
    const elements = [...new Set(methods)].map((m) =>
      `<element name="${m}" type="vim25:${requestType.get(m)}"/>`
    );
    await Deno.writeTextFile(
      `${dir}/wrap.xsd`,
      `<?xml version="1.0" encoding="UTF-8"?>
<schema targetNamespace="urn:vim25" xmlns="http://www.w3.org/2001/XMLSchema" xmlns:vim25="urn:vim25"
  elementFormDefault="qualified"><include schemaLocation="${REFERENCE}vim-messagetypes.xsd"/>${
        elements.join("")
      }</schema>`,
    );
    const out = await new Deno.Command("xmllint", {
      args: ["--noout", "--schema", `${dir}/wrap.xsd`, ...files],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const errors = new TextDecoder().decode(out.stderr).split("\n").filter((l) =>
      l && !l.endsWith(" validates")
    );
    if (!out.success || errors.length) {
      const bodies = await Promise.all(files.map((f) => Deno.readTextFile(f)));
      throw new Error(
        `WSDL contract violations:\n${errors.join("\n")}\n--- bodies ---\n${bodies.join("\n")}`,
      );
    }
    return methods;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
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
