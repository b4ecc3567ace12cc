/**
 * main.ts over stdio driven by hand, line by line, for tests that must see the raw JSON-RPC stream (stdout
 * purity, cancellation, shutdown) rather than what an SDK client makes of it.
 */
const MAIN = new URL("../../main.ts", import.meta.url).pathname;
export const RUN_MAIN = ["run", "--allow-net", "--allow-env", "--allow-read", MAIN];

export interface RawServer {
  child: Deno.ChildProcess;
  send(message: unknown): Promise<void>;
  /** initialize + notifications/initialized, as id 1. */
  initialize(): Promise<void>;
  /** Everything stdout said so far, read until `done()` holds or stdout ends. */
  readUntil(done: (out: string) => boolean): Promise<string>;
  /** Closes stdin (EOF ends the server) and returns the rest of stdout. */
  finish(): Promise<string>;
  /** Releases the stdout reader so the stream can be cancelled. */
  releaseStdout(): void;
  /** Closes stdin if it is still open. */
  closeStdin(): Promise<void>;
}

export function spawnRawServer(
  env: Record<string, string>,
  options: { args?: string[]; stderr?: "piped" | "null" } = {},
): RawServer {
  const child = new Deno.Command(Deno.execPath(), {
    args: [...RUN_MAIN, ...(options.args ?? [])],
    env,
    stdin: "piped",
    stdout: "piped",
    stderr: options.stderr ?? "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  const send = (message: unknown) => writer.write(new TextEncoder().encode(JSON.stringify(message) + "\n"));
  return {
    child,
    send,
    async initialize() {
      await send({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: {
          protocolVersion: "2025-06-18",
          capabilities: {},
          clientInfo: { name: "raw", version: "1" },
        },
      });
      await send({ jsonrpc: "2.0", method: "notifications/initialized" });
    },
    async readUntil(done) {
      while (!done(out)) {
        const { value, done: ended } = await reader.read();
        if (ended) break;
        out += value;
      }
      return out;
    },
    async finish() {
      await writer.close().catch(() => {});
      for (let r = await reader.read(); !r.done; r = await reader.read()) out += r.value;
      return out;
    },
    releaseStdout() {
      reader.releaseLock();
    },
    async closeStdin() {
      await writer.close().catch(() => {});
    },
  };
}
