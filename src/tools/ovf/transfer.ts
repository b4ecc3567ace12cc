/**
 * HTTP transfers next to SOAP: datastore files through vCenter's `/folder/<path>?dcPath=&dsName=` URL and
 * NFC lease device URLs. Both ride the client's round-tripper (same TLS settings); the vim25 session cookie
 * goes to vCenter only. A lease URL may name an ESXi host of the inventory; any other host is refused. Local
 * files are never read or written (sources and destinations are datastore paths).
 */
import type { ToolContext } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { VSphereError } from "../../vsphere/errors.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { classifyNetworkError } from "../../vsphere/transport.ts";
import { ref, str } from "../shared/vim_values.ts";
import type { ResolvedPath } from "../datastore/common.ts";

/** The datacenter's inventory path below the root folder ("DC0", "Europe/DC1"), as `dcPath` wants it. */
export async function datacenterPath(ctx: ToolContext, datacenter: MoRef): Promise<string> {
  const root = (await ctx.vsphere.serviceContent()).rootFolder;
  const names: string[] = [];
  let current: MoRef | undefined = datacenter;
  for (let depth = 0; current && current.value !== root.value && depth < 64; depth++) {
    const p = await retrieveOne(ctx.vsphere, current, ["name", "parent"], { signal: ctx.signal });
    names.unshift(str(p.name) ?? "");
    current = ref(p.parent);
  }
  return names.join("/");
}

/** `https://vcenter/folder/<path>?dcPath=<dc>&dsName=<ds>` for a datastore file. */
export async function datastoreFileUrl(ctx: ToolContext, file: ResolvedPath, dsName: string): Promise<URL> {
  const url = new URL(
    `/folder/${file.path.split("/").map(encodeURIComponent).join("/")}`,
    ctx.vsphere.soap.baseUrl,
  );
  url.searchParams.set("dcPath", await datacenterPath(ctx, file.datacenter));
  url.searchParams.set("dsName", dsName);
  return url;
}

/**
 * A transfer URL vCenter handed out, with vCenter's host put in for "*". NFC lease URLs may name the ESXi
 * host that holds the VM: such a URL is accepted only when that host is an ESXi host of this vCenter's
 * inventory (by its registered name); any other host is refused.
 */
export async function leaseUrl(ctx: ToolContext, raw: string): Promise<URL> {
  const base = ctx.vsphere.soap.baseUrl;
  const url = new URL(raw.replace("://*/", `://${base.host}/`).replace("://*:", `://${base.hostname}:`));
  if (url.protocol !== "https:" && url.protocol !== base.protocol) {
    throw new ToolInputError("errors.transfer_foreign_host", { host: url.host });
  }
  if (url.hostname === base.hostname) return url;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  for await (
    const h of retrieveView(ctx.vsphere, { type: "HostSystem", paths: ["name"], signal: ctx.signal })
  ) {
    if (String(h.props.name ?? "").toLowerCase() === host.toLowerCase()) return url;
  }
  throw new ToolInputError("errors.transfer_foreign_host", { host: url.hostname });
}

/** Whether `url` is on vCenter itself (only then does the vCenter session cookie go along). */
function onVcenter(ctx: ToolContext, url: URL): boolean {
  return url.host === ctx.vsphere.soap.baseUrl.host;
}

async function send(
  ctx: ToolContext,
  method: "GET" | "PUT" | "POST" | "HEAD",
  url: URL,
  body?: BodyInit,
  headers: Record<string, string> = {},
): Promise<Response> {
  await ctx.vsphere.ensureSession();
  const h = new Headers(headers);
  const cookie = ctx.vsphere.sessionCookie;
  if (cookie && onVcenter(ctx, url)) h.set("cookie", cookie);
  try {
    return await ctx.vsphere.roundTripper(
      new Request(url, {
        method,
        headers: h,
        ...(body !== undefined ? { body } : {}),
        signal: ctx.signal,
        redirect: "manual",
      }),
    );
  } catch (error) {
    throw classifyNetworkError(error, url.pathname);
  }
}

function httpError(response: Response, path: string): VSphereError {
  const kind = response.status === 404
    ? "NotFound"
    : response.status === 401 || response.status === 403
    ? "NoPermission"
    : "Fault";
  return new VSphereError(kind, {
    faultType: `HTTP${response.status}`,
    vcMessage: `vCenter answered HTTP ${response.status}`,
    path,
    details: { status: response.status },
  });
}

/** Downloads a file, refusing anything larger than `maxBytes`. */
export async function httpGet(ctx: ToolContext, url: URL, maxBytes: number): Promise<Uint8Array> {
  const response = await send(ctx, "GET", url);
  if (!response.ok) {
    await response.body?.cancel();
    throw httpError(response, url.pathname);
  }
  const declared = Number(response.headers.get("content-length") ?? "-1");
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new ToolInputError("errors.transfer_too_large", { size: declared, max: maxBytes });
  }
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new ToolInputError("errors.transfer_too_large", { size: total, max: maxBytes });
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** Whether a datastore file exists (HEAD; 404 → false). */
export async function httpExists(ctx: ToolContext, url: URL): Promise<boolean> {
  const response = await send(ctx, "HEAD", url);
  await response.body?.cancel();
  if (response.status === 404) return false;
  if (!response.ok) throw httpError(response, url.pathname);
  return true;
}

/** A datastore file's size (HEAD Content-Length). */
export async function httpSize(ctx: ToolContext, url: URL): Promise<number> {
  const response = await send(ctx, "HEAD", url);
  await response.body?.cancel();
  if (!response.ok) throw httpError(response, url.pathname);
  const size = Number(response.headers.get("content-length") ?? "-1");
  if (!Number.isFinite(size) || size < 0) {
    throw new ToolInputError("errors.transfer_not_a_file", { path: url.pathname });
  }
  return size;
}

/** Uploads bytes (or a stream with its length) with PUT (or POST, as NFC wants for stream-optimized disks). */
export async function httpPut(
  ctx: ToolContext,
  url: URL,
  body: Uint8Array | ReadableStream<Uint8Array>,
  length: number,
  contentType = "application/octet-stream",
  extraHeaders: Record<string, string> = {},
  method: "PUT" | "POST" = "PUT",
): Promise<void> {
  const response = await send(ctx, method, url, body as BodyInit, {
    ...extraHeaders,
    "content-type": contentType,
    "content-length": String(length),
  });
  await response.body?.cancel();
  if (!response.ok) throw httpError(response, url.pathname);
}

/** Streams a datastore file into a lease URL (GET → PUT) without holding it in memory. */
export async function httpCopy(
  ctx: ToolContext,
  from: URL,
  to: URL,
  contentType: string,
  extraHeaders: Record<string, string> = {},
  method: "PUT" | "POST" = "PUT",
): Promise<number> {
  const source = await send(ctx, "GET", from);
  if (!source.ok || !source.body) {
    await source.body?.cancel();
    throw httpError(source, from.pathname);
  }
  const length = Number(source.headers.get("content-length") ?? "-1");
  if (length < 0) {
    // Without a length, buffer (NFC needs Content-Length); bounded to keep memory in check.
    await source.body.cancel();
    const bytes = await httpGet(ctx, from, 8 * 2 ** 30);
    await httpPut(ctx, to, bytes, bytes.byteLength, contentType, extraHeaders, method);
    return bytes.byteLength;
  }
  await httpPut(ctx, to, source.body, length, contentType, extraHeaders, method);
  return length;
}
