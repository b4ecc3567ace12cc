/**
 * Where the time and memory of one 10k listing go: HTTP exchange, XML parse (fast-xml-parser tree),
 * schema decode, row mapping, JSON encoding. `deno run -A --v8-flags=--expose-gc bench/profile_list.ts [vms]`
 */
import { startVcsim } from "../tests/helpers/vcsim.ts";
import { VSphereClient } from "../src/vsphere/client.ts";
import { retrieveView, toObjectProps } from "../src/vsphere/objects/property_collector.ts";
import type { VimObject } from "../src/vsphere/soap/types.ts";
import { connect } from "../tests/helpers/mcp.ts";

const wanted = Number(Deno.args[0] ?? 10000);
const PATHS = [
  "name",
  "config.template",
  "runtime.powerState",
  "config.hardware.numCPU",
  "config.hardware.memoryMB",
  "guest.ipAddress",
  "runtime.host",
];
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
const mem = (label: string) => {
  const m = Deno.memoryUsage();
  console.log(`  [mem] ${label}: rss ${mb(m.rss)}, heap ${mb(m.heapUsed)}`);
};

await using sim = await startVcsim({
  model: {
    cluster: Math.ceil(wanted / 1000),
    "cluster-host": 1,
    host: 0,
    pool: 0,
    vm: 1000,
    autostart: false,
  },
});
console.log(`simulator: ${sim.vms} VMs`);
const client = new VSphereClient(sim.target({ timeoutMs: 120_000 }));
await client.ensureSession();
const content = await client.serviceContent();
gc();
mem("after login");

// Capture the raw XML of each page by intercepting the HTTP layer.
const view = await client.call("CreateContainerView", content.viewManager, {
  container: content.rootFolder,
  type: ["VirtualMachine"],
  recursive: true,
}) as { type: string; value: string };
const spec = {
  _type: "PropertyFilterSpec",
  propSet: [{ _type: "PropertySpec", type: "VirtualMachine", pathSet: PATHS }],
  objectSet: [{
    _type: "ObjectSpec",
    obj: view,
    skip: true,
    selectSet: [{ _type: "TraversalSpec", name: "view", type: "ContainerView", path: "view", skip: false }],
  }],
};
for (const pageSize of [1000, 10000]) {
  console.log(`page size ${pageSize}:`);
  const t0 = performance.now();
  let n = 0;
  for await (const _ of retrieveView(client, { type: "VirtualMachine", paths: PATHS, pageSize })) n++;
  console.log(`  retrieveView: ${n} VMs in ${(performance.now() - t0).toFixed(0)} ms`);
  mem("after retrieveView");
}
// One big page: time the stages separately.
{
  const body = client.soap.encoder.envelope("RetrievePropertiesEx", content.propertyCollector, {
    specSet: [spec],
    options: { _type: "RetrieveOptions", maxObjects: 10000 },
  });
  const cookie = client.sessionCookie!;
  const caPem = Deno.readTextFileSync(sim.caFile);
  const http = Deno.createHttpClient({ caCerts: [caPem] });
  for (let run = 0; run < 3; run++) {
    gc();
    const t0 = performance.now();
    const res = await fetch(new URL("/sdk", sim.url.origin), {
      method: "POST",
      client: http,
      headers: { "content-type": "text/xml", soapaction: `urn:vim25/${client.apiVersion}`, cookie },
      body,
    });
    const text = await res.text();
    const t1 = performance.now();
    const dump = Deno.env.get("PROFILE_DUMP");
    if (dump && run === 0) Deno.writeTextFileSync(dump, text);
    const doc = client.soap.decoder.parse(text);
    const t2 = performance.now();
    mem("after parse (tree alive)");
    const bodyEl = client.soap.decoder.body(doc)!;
    const [, nodes] = Object.entries(bodyEl).find(([k]) => k.endsWith("RetrievePropertiesExResponse"))!;
    const value = client.soap.decoder.returnValue(
      "RetrievePropertiesEx",
      (nodes as never[])[0]!,
    ) as VimObject;
    const t3 = performance.now();
    mem("after decode (tree + values alive)");
    const t3b = performance.now();
    const direct = client.soap.decoder.decodeResponse(text, "RetrievePropertiesEx")!.value as VimObject;
    const t3c = performance.now();
    console.log(`  direct decode (no tree, what the client uses): ${(t3c - t3b).toFixed(0)} ms`);
    const objs = (direct.objects as VimObject[]).map(toObjectProps);
    void value;
    const t4 = performance.now() - (t3c - t3b);
    const json = JSON.stringify(objs);
    const t5 = performance.now();
    console.log(
      `  run ${run}: ${(text.length / 1048576).toFixed(1)} MB XML; http ${(t1 - t0).toFixed(0)} ms, parse ${
        (t2 - t1).toFixed(0)
      } ms, decode ${(t3 - t2).toFixed(0)} ms, props ${(t4 - t3).toFixed(0)} ms, json ${
        (t5 - t4).toFixed(0)
      } ms (${(json.length / 1048576).toFixed(1)} MB), ${objs.length} objects`,
    );
  }
  http.close();
}
await client.close();

// The tool end to end, in-process.
{
  await using mcp = await connect({ target: sim.target({ timeoutMs: 120_000 }) });
  await mcp.call("vm_list", { limit: 1 });
  for (let run = 0; run < 3; run++) {
    gc();
    const t0 = performance.now();
    const r = await mcp.call("vm_list", { limit: 1000 });
    const t1 = performance.now();
    const t2 = performance.now();
    const f = await mcp.call("vm_list", { name: "*VM1?", power_state: "poweredOff", limit: 1000 });
    const t3 = performance.now();
    console.log(
      `  vm_list limit 1000: ${(t1 - t0).toFixed(0)} ms (${JSON.stringify(r).length} chars); filtered ${
        (t3 - t2).toFixed(0)
      } ms (${(f.structuredContent as { total: number }).total} hits)`,
    );
    mem("after vm_list");
  }
}
