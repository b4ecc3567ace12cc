/** The server logs its vCenter session out when it ends: on stdin EOF, SIGTERM and SIGINT. */
import assert from "node:assert/strict";
import { VSphereClient } from "../src/vsphere/client.ts";
import { retrieveOne } from "../src/vsphere/objects/retrieve.ts";
import type { VimObject } from "../src/vsphere/soap/types.ts";
import { startVcsim, type Vcsim } from "./helpers/vcsim.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const RUN = ["run", "--allow-net", "--allow-env", "--allow-read", MAIN];

/** User agents of the sessions the simulator holds, seen from an observer session. */
async function sessionAgents(observer: VSphereClient): Promise<string[]> {
  const content = await observer.serviceContent();
  const list = (await retrieveOne(observer, content.sessionManager, ["sessionList"])).sessionList;
  return (Array.isArray(list) ? list : list ? [list] : []).map((s) => String((s as VimObject).userAgent));
}

async function runServerUntil(sim: Vcsim, end: "eof" | "SIGTERM" | "SIGINT"): Promise<number> {
  const child = new Deno.Command(Deno.execPath(), {
    args: RUN,
    env: sim.env(),
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const writer = child.stdin.getWriter();
  const send = (m: unknown) => writer.write(new TextEncoder().encode(JSON.stringify(m) + "\n"));
  await send({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
  });
  await send({ jsonrpc: "2.0", method: "notifications/initialized" });
  await send({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "vm_list", arguments: {} } });
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  while (!out.includes(`"id":2`)) {
    const { value, done } = await reader.read();
    if (done) break;
    out += value;
  }
  const observer = new VSphereClient(sim.target());
  try {
    assert.equal((await sessionAgents(observer)).filter((a) => a.startsWith("vsphere-mcp")).length, 2);
    if (end === "eof") await writer.close();
    else child.kill(end);
    reader.releaseLock();
    await child.stdout.cancel().catch(() => {});
    const status = await child.status;
    const left = (await sessionAgents(observer)).filter((a) => a.startsWith("vsphere-mcp"));
    assert.equal(left.length, 1, `only the observer's session is left after ${end}`);
    return status.code;
  } finally {
    await observer.close();
    await writer.close().catch(() => {});
  }
}

for (const end of ["eof", "SIGTERM", "SIGINT"] as const) {
  Deno.test(`main.ts logs out of vCenter on ${end}`, async () => {
    await using sim = await startVcsim();
    assert.equal(await runServerUntil(sim, end), 0);
  });
}
