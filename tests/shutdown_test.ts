/** The server logs its vCenter session out when it ends: on stdin EOF, SIGTERM and SIGINT. */
import assert from "node:assert/strict";
import { VSphereClient } from "../src/vsphere/client.ts";
import { retrieveOne } from "../src/vsphere/objects/retrieve.ts";
import type { VimObject } from "../src/vsphere/soap/types.ts";
import { spawnRawServer } from "./helpers/raw_stdio.ts";
import { startVcsim, type Vcsim } from "./helpers/vcsim.ts";

/** User agents of the sessions the simulator holds, seen from an observer session. */
async function sessionAgents(observer: VSphereClient): Promise<string[]> {
  const content = await observer.serviceContent();
  const list = (await retrieveOne(observer, content.sessionManager, ["sessionList"])).sessionList;
  return (Array.isArray(list) ? list : list ? [list] : []).map((s) => String((s as VimObject).userAgent));
}

async function runServerUntil(sim: Vcsim, end: "eof" | "SIGTERM" | "SIGINT"): Promise<number> {
  const server = spawnRawServer(sim.env(), { stderr: "null" });
  await server.initialize();
  await server.send({
    jsonrpc: "2.0",
    id: 2,
    method: "tools/call",
    params: { name: "vm_list", arguments: {} },
  });
  await server.readUntil((out) => out.includes(`"id":2`));
  const child = server.child;
  const observer = new VSphereClient(sim.target());
  try {
    assert.equal((await sessionAgents(observer)).filter((a) => a.startsWith("vsphere-mcp")).length, 2);
    if (end === "eof") await server.finish();
    else child.kill(end);
    server.releaseStdout();
    await child.stdout.cancel().catch(() => {});
    const status = await child.status;
    const left = (await sessionAgents(observer)).filter((a) => a.startsWith("vsphere-mcp"));
    assert.equal(left.length, 1, `only the observer's session is left after ${end}`);
    return status.code;
  } finally {
    await observer.close();
    await server.closeStdin();
  }
}

for (const end of ["eof", "SIGTERM", "SIGINT"] as const) {
  Deno.test(`main.ts logs out of vCenter on ${end}`, async () => {
    await using sim = await startVcsim();
    assert.equal(await runServerUntil(sim, end), 0);
  });
}
