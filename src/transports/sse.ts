/**
 * The legacy HTTP+SSE transport (MCP 2024-11-05) on web-standard Request/Response, for older clients:
 * `GET /sse` opens the event stream and announces `/messages?sessionId=…`; the client POSTs each JSON-RPC
 * message there and reads every answer from the stream. The SDK's SSEServerTransport needs Node's http
 * objects, so this is a small web-standard one.
 */
import { JSONRPCMessageSchema } from "../mcp_sdk.ts";
import type { JSONRPCMessage, MessageExtraInfo, Transport } from "../mcp_sdk.ts";

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const KEEPALIVE_MS = 15_000;
const RESPONSE_GAP_MS = 25;

export class WebSseServerTransport implements Transport {
  readonly sessionId: string = crypto.randomUUID();
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
  #controller?: ReadableStreamDefaultController<Uint8Array>;
  #keepAlive?: ReturnType<typeof setInterval>;
  #closed = false;
  #lastNotification = 0;
  readonly #encoder = new TextEncoder();

  constructor(private readonly endpoint: string) {}

  /** The `GET /sse` response: the event stream, opened with the endpoint event. */
  response(): Response {
    const stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
        this.#write(`event: endpoint\ndata: ${this.endpoint}?sessionId=${this.sessionId}\n\n`);
        this.#keepAlive = setInterval(() => this.#write(": keepalive\n\n"), KEEPALIVE_MS);
      },
      cancel: () => void this.close(),
    });
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
      },
    });
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  /** A `POST /messages` for this session: parse, hand to the server, answer 202 (replies go to the stream). */
  async handlePost(request: Request, extra: MessageExtraInfo = {}): Promise<Response> {
    if (this.#closed) return new Response("Session closed", { status: 404 });
    const type = request.headers.get("content-type") ?? "";
    if (!type.includes("application/json")) {
      return new Response("Unsupported content type", { status: 415 });
    }
    const length = Number(request.headers.get("content-length") ?? "0");
    if (length > MAX_BODY_BYTES) return new Response("Payload too large", { status: 413 });
    let body: unknown;
    try {
      const text = await request.text();
      if (text.length > MAX_BODY_BYTES) return new Response("Payload too large", { status: 413 });
      body = JSON.parse(text);
    } catch {
      return new Response("Invalid JSON", { status: 400 });
    }
    const messages = Array.isArray(body) ? body : [body];
    const parsed: JSONRPCMessage[] = [];
    for (const m of messages) {
      const result = JSONRPCMessageSchema.safeParse(m);
      if (!result.success) {
        this.onerror?.(new Error("Invalid JSON-RPC message"));
        return new Response("Invalid JSON-RPC message", { status: 400 });
      }
      parsed.push(result.data);
    }
    for (const message of parsed) this.onmessage?.(message, extra);
    return new Response("Accepted", { status: 202 });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.#closed) throw new Error("SSE session closed");
    // Clients dispatch notifications a microtask later than responses; when both arrive in one chunk the
    // response wins and the request's progress handler is gone. Let notifications reach the wire first.
    const isResponse = "id" in message && !("method" in message);
    if (isResponse) {
      const wait = this.#lastNotification + RESPONSE_GAP_MS - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    } else this.#lastNotification = Date.now();
    this.#write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    clearInterval(this.#keepAlive);
    try {
      this.#controller?.close();
    } catch {
      // already closed by the client
    }
    this.onclose?.();
    return Promise.resolve();
  }

  #write(chunk: string): void {
    try {
      this.#controller?.enqueue(this.#encoder.encode(chunk));
    } catch {
      void this.close();
    }
  }
}
