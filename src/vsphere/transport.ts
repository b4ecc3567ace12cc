/**
 * HTTP round-trippers for SOAP and REST. Everything above this file sees one signature, fetch's own
 * `(Request) => Promise<Response>`, whichever TLS mode is configured:
 * - verify (default, optionally with extra CAs): Deno's `fetch` with `Deno.createHttpClient({ caCerts })`;
 * - thumbprint / insecure: `node:https`, the only Deno API that can pin a peer certificate or skip
 *   verification per connection (fetch can only add CAs).
 */
import https from "node:https";
import type tls from "node:tls";
import { connect as tlsConnect } from "node:tls";
import type { TlsSettings } from "../config/mod.ts";
import { VSphereError } from "./errors.ts";

export type RoundTripper = ((request: Request) => Promise<Response>) & { close?: () => void };

export function createRoundTripper(tls: TlsSettings): RoundTripper {
  if (tls.mode === "verify") return fetchRoundTripper(tls.caPem);
  return nodeRoundTripper(tls);
}

function fetchRoundTripper(caPem: string | undefined): RoundTripper {
  const client = caPem ? Deno.createHttpClient({ caCerts: [caPem] }) : undefined;
  const send: RoundTripper = (request) =>
    fetch(request, client ? { client, redirect: "manual" } : { redirect: "manual" });
  send.close = () => client?.close();
  return send;
}

function nodeRoundTripper(tls: TlsSettings): RoundTripper {
  const agent = checkedAgent(tls);
  const send: RoundTripper = async (request) => {
    const url = new URL(request.url);
    const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
    request.signal.throwIfAborted();
    return await new Promise<Response>((resolve, reject) => {
      const req = https.request({
        agent,
        host: url.hostname,
        port: url.port || 443,
        path: url.pathname + url.search,
        method: request.method,
        headers: Object.fromEntries(request.headers.entries()),
        signal: request.signal,
      }, (res) => {
        const chunks: Uint8Array[] = [];
        res.on("data", (c: Uint8Array) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (Array.isArray(v)) v.forEach((item) => headers.append(k, item));
            else if (v !== undefined) headers.set(k, String(v));
          }
          const status = res.statusCode ?? 502;
          const payload = status === 204 || status === 304 ? null : concat(chunks);
          resolve(new Response(payload, { status, headers }));
        });
      });
      req.on("error", (error) => reject(request.signal.aborted ? request.signal.reason : error));
      if (body) req.write(body);
      req.end();
    });
  };
  send.close = () => agent.destroy();
  return send;
}

interface PeerCertificate {
  fingerprint?: string;
  fingerprint256?: string;
}

/**
 * A keep-alive agent whose every new TLS connection is checked before the agent hands it to a request:
 * the pin is compared right after the handshake, so not one byte of a request (a Login carries the
 * password) is written to a server with the wrong certificate. Reused sockets were checked when they were
 * opened. In insecure mode the check is skipped and nothing else changes. (Node's Agent accepts an
 * asynchronous `createConnection` that answers through its callback; its typings do not say so.)
 */
function checkedAgent(settings: TlsSettings): https.Agent {
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: 16,
    rejectUnauthorized: false,
    ...(settings.caPem ? { ca: settings.caPem } : {}),
  });
  const handshaking = new Set<tls.TLSSocket>();
  const createConnection = (
    options: tls.ConnectionOptions,
    callback: (error: Error | null, socket?: tls.TLSSocket) => void,
  ): undefined => {
    const socket = tlsConnect({ ...options, rejectUnauthorized: false });
    // Until the handshake ends the agent does not know this socket; close() must still end it.
    handshaking.add(socket);
    socket.once("close", () => handshaking.delete(socket));
    const onError = (error: Error) => callback(error);
    socket.once("error", onError);
    socket.once("secureConnect", () => {
      handshaking.delete(socket);
      socket.off("error", onError);
      const mismatch = settings.mode === "thumbprint"
        ? pinMismatch(socket.getPeerCertificate() as PeerCertificate, settings.thumbprint ?? "")
        : undefined;
      if (mismatch) {
        socket.destroy();
        callback(
          new VSphereError("Certificate", {
            faultType: "ThumbprintMismatch",
            vcMessage: `server certificate thumbprint ${mismatch} does not match VSPHERE_THUMBPRINT`,
            path: `${options.host ?? ""}:${options.port ?? ""}`,
          }),
        );
        return;
      }
      callback(null, socket);
    });
    return undefined;
  };
  (agent as unknown as { createConnection: typeof createConnection }).createConnection = createConnection;
  const destroy = agent.destroy.bind(agent);
  agent.destroy = () => {
    handshaking.forEach((socket) => socket.destroy());
    destroy();
  };
  return agent;
}

/** The actual fingerprint when it differs from the pin (SHA-1 pins are 59 characters with colons). */
export function pinMismatch(peer: PeerCertificate, expected: string): string | undefined {
  const actual = expected.length === 59 ? peer.fingerprint : peer.fingerprint256;
  return actual?.toUpperCase() === expected ? undefined : actual ?? "(none)";
}

function concat(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const total = chunks.reduce((n, c) => n + c.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** Maps what fetch/node throw for network and TLS failures onto the error taxonomy. */
export function classifyNetworkError(error: unknown, path: string): VSphereError {
  if (error instanceof VSphereError) return error;
  const text = errorChainText(error);
  const name = error instanceof Error ? error.name : "";
  if (name === "TimeoutError" || /timed? ?out/i.test(text)) {
    return new VSphereError("Timeout", {
      faultType: "Timeout",
      vcMessage: "request timed out",
      path,
      cause: error,
    });
  }
  if (name === "AbortError") {
    return new VSphereError("Timeout", {
      faultType: "Aborted",
      vcMessage: "request was cancelled",
      path,
      cause: error,
    });
  }
  if (
    /certificate|UnknownIssuer|self[- ]signed|CERT_|NotValidForName|CaUsedAsEndEntity|handshake/i.test(text)
  ) {
    return new VSphereError("Certificate", {
      faultType: "UntrustedCertificate",
      vcMessage: firstLine(text),
      path,
      cause: error,
    });
  }
  if (/refused|ECONNREFUSED/i.test(text)) {
    return new VSphereError("Connection", {
      faultType: "ConnectionRefused",
      vcMessage: "connection refused",
      path,
      cause: error,
    });
  }
  if (/dns|lookup|ENOTFOUND|EAI_AGAIN|unreachable|EHOSTUNREACH|ENETUNREACH|No route/i.test(text)) {
    return new VSphereError("Connection", {
      faultType: "HostUnreachable",
      vcMessage: "host unreachable",
      path,
      cause: error,
    });
  }
  return new VSphereError("Connection", {
    faultType: "ConnectionFailed",
    vcMessage: firstLine(text),
    path,
    cause: error,
  });
}

function errorChainText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof Error) {
      parts.push(`${current.name}: ${current.message}`);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(" | ");
}

function firstLine(text: string): string {
  return text.split("\n")[0]!.slice(0, 300);
}
