/**
 * The cost of listing 1,000 VMs through the client: wall time, bytes on the wire and round trips, for the
 * property-collector listing alone and for the vm_list tool end to end (in-process MCP client).
 *
 *   deno run -A bench/list_vms.ts            # 1,000 VMs (2 clusters × 500)
 *   deno run -A bench/list_vms.ts 5000       # any multiple of 500
 */
import { connect } from "../tests/helpers/mcp.ts";
import { startVcsim } from "../tests/helpers/vcsim.ts";
import { VSphereClient } from "../src/vsphere/client.ts";
import { retrieveView } from "../src/vsphere/objects/property_collector.ts";
import { callCount } from "../src/vsphere/soap/stats.ts";

const wanted = Number(Deno.args[0] ?? 1000);
const PATHS = [
  "name",
  "config.template",
  "runtime.powerState",
  "config.hardware.numCPU",
  "config.hardware.memoryMB",
  "guest.ipAddress",
  "runtime.host",
];
const RUNS = 7;

await using sim = await startVcsim({
  model: { dc: 1, cluster: Math.ceil(wanted / 500), "cluster-host": 1, host: 0, vm: 500, pool: 0 },
});
console.log(`simulator: ${sim.vms} VMs`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const client = new VSphereClient(sim.target());
await client.ensureSession();
const times: number[] = [];
let bytes = 0;
let trips = 0;
let count = 0;
for (let run = 0; run < RUNS; run++) {
  const before = {
    bytes: client.stats.bytesReceived,
    sent: client.stats.bytesSent,
    calls: callCount(client.stats),
  };
  const started = performance.now();
  count = 0;
  for await (const _ of retrieveView(client, { type: "VirtualMachine", paths: PATHS })) count++;
  times.push(performance.now() - started);
  bytes = client.stats.bytesReceived - before.bytes + client.stats.bytesSent - before.sent;
  trips = callCount(client.stats) - before.calls;
}
await client.close();
console.log(
  `retrieveView (${PATHS.length} paths): ${count} VMs, median ${median(times).toFixed(0)} ms ` +
    `(min ${Math.min(...times).toFixed(0)}), ${
      (bytes / 1024).toFixed(0)
    } KiB on the wire, ${trips} round trips ` +
    `(RetrievePropertiesEx on the reused view)`,
);

await using mcp = await connect({ target: sim.target() });
const toolTimes: number[] = [];
await mcp.call("vm_list", { limit: 1 }); // log in, negotiate
const stats = mcp.app.vsphere().stats;
let toolTrips = 0;
let toolBytes = 0;
for (let run = 0; run < RUNS; run++) {
  const before = { calls: callCount(stats), bytes: stats.bytesReceived + stats.bytesSent };
  const started = performance.now();
  const result = await mcp.call("vm_list", { limit: 1000 });
  toolTimes.push(performance.now() - started);
  toolTrips = callCount(stats) - before.calls;
  toolBytes = stats.bytesReceived + stats.bytesSent - before.bytes;
  if (result.isError) throw new Error("vm_list failed");
}
console.log(
  `vm_list tool (limit 1000, through MCP in-process): median ${median(toolTimes).toFixed(0)} ms ` +
    `(min ${Math.min(...toolTimes).toFixed(0)}), ${
      (toolBytes / 1024).toFixed(0)
    } KiB from vCenter, ${toolTrips} round trips`,
);
