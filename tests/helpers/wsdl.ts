/**
 * Checks vim25 requests against VMware's official WSDL schema with a real validator, `xmllint --schema`
 * (Debian's libxml2-utils), so a body the lenient simulator accepts but vCenter would refuse fails a test.
 *
 *   const failures = await validateRequests([{ name: "reconfig", xml: encoder.body(...) }]);
 *   assert.deepEqual(failures, []);
 *
 * `xml` is the SOAP Body's child (`<ReconfigVM_Task xmlns="urn:vim25" ...>`), as SoapEncoder.body() or
 * bodyOfEnvelope() gives it. The wrapper schema is vim.wsdl's own embedded schema (which includes the vim
 * types and message types and declares one element per method), written to a temp dir with absolute paths.
 */
import { referenceDir } from "../../tools_dev/gen_vim25.ts";
import type { RoundTripper } from "../../src/vsphere/transport.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

export interface RequestBody {
  name: string;
  xml: string;
}

export interface Invalid {
  name: string;
  errors: string;
}

let prepared: Promise<{ xmllint: string; wrapper: string }> | undefined;

function prepare(): Promise<{ xmllint: string; wrapper: string }> {
  prepared ??= (async () => {
    const out = await new Deno.Command("bash", {
      args: [`${ROOT}tools_dev/ensure_xmllint.sh`],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    if (!out.success) throw new Error("xmllint is not available (see the message above)");
    const xmllint = new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!;
    const dir = referenceDir();
    const wsdl = await Deno.readTextFile(`${dir}/vim.wsdl`);
    const start = wsdl.indexOf("<schema");
    const end = wsdl.indexOf("</schema>", start) + "</schema>".length;
    if (start < 0 || end < start) throw new Error(`${dir}/vim.wsdl has no embedded <schema>`);
    const schema = wsdl.slice(start, end).replaceAll('schemaLocation="', `schemaLocation="${dir}/`);
    const tmp = await Deno.makeTempDir({ prefix: "vim25-wsdl-" });
    globalThis.addEventListener("unload", () => Deno.removeSync(tmp, { recursive: true }));
    const wrapper = `${tmp}/vim25-messages.xsd`;
    await Deno.writeTextFile(wrapper, `<?xml version="1.0" encoding="UTF-8"?>\n${schema}\n`);
    return { xmllint, wrapper };
  })();
  return prepared;
}

/** Validates every body in one xmllint run; returns the invalid ones with xmllint's messages. */
export async function validateRequests(bodies: readonly RequestBody[]): Promise<Invalid[]> {
  const { xmllint, wrapper } = await prepare();
  const dir = await Deno.makeTempDir({ prefix: "vim25-bodies-" });
  try {
    const files = await Promise.all(bodies.map(async (body, i) => {
      const file = `${dir}/${String(i).padStart(3, "0")}.xml`;
      await Deno.writeTextFile(file, body.xml);
      return file;
    }));
    const out = await new Deno.Command(xmllint, {
      args: ["--noout", "--schema", wrapper, ...files],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const report = new TextDecoder().decode(out.stderr);
    const invalid: Invalid[] = [];
    files.forEach((file, i) => {
      if (report.includes(`${file} validates`)) return;
      const errors = report.split("\n").filter((line) => line.startsWith(`${file}:`))
        .map((line) => line.slice(file.length + 1)).join("\n");
      invalid.push({ name: bodies[i]!.name, errors: errors || report });
    });
    return invalid;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The Body's child element of a SOAP envelope, as sent on the wire. */
export function bodyOfEnvelope(envelope: string): string {
  const start = envelope.indexOf("<soapenv:Body>") + "<soapenv:Body>".length;
  const end = envelope.lastIndexOf("</soapenv:Body>");
  if (start < "<soapenv:Body>".length || end < start) throw new Error("not a SOAP envelope");
  return envelope.slice(start, end);
}

/** The method name of a body (`<RetrievePropertiesEx xmlns=...>` → "RetrievePropertiesEx"). */
export function methodOfBody(body: string): string {
  return /^<([\w]+)/.exec(body)?.[1] ?? "";
}

/** Wraps a round-tripper so every SOAP request body it sends is kept (for validation after the run). */
export function recordingRoundTripper(inner: RoundTripper): RoundTripper & { bodies: string[] } {
  const bodies: string[] = [];
  const send = (async (request: Request) => {
    if (new URL(request.url).pathname === "/sdk") bodies.push(bodyOfEnvelope(await request.clone().text()));
    return await inner(request);
  }) as RoundTripper & { bodies: string[] };
  send.bodies = bodies;
  send.close = () => inner.close?.();
  return send;
}
