import assert from "node:assert/strict";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { asObject, asObjects } from "../shared/vim_values.ts";
import { pciHex, wwn } from "./host_hardware.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

const HOST = { type: "HostSystem", value: "host-21" };

Deno.test("host_hardware reads the simulator's hardware, sensors, PCI devices and HBAs", async () => {
  await using env = await simEnv(["host_config"]);
  const { mcp, direct } = env;
  const res = await mcp.call("host_hardware", {
    host: "DC0_H0",
    views: ["summary", "health", "cpu_features", "pci_devices", "passthrough", "gpu", "fc_hba"],
  });
  assert.equal(res.isError, undefined, JSON.stringify(res.content));
  const got = res.structuredContent as Record<string, unknown>;
  const p = await retrieveOne(direct, HOST, [
    "summary.hardware",
    "runtime.healthSystemRuntime",
    "hardware.pciDevice",
    "hardware.cpuFeature",
  ]);
  const hw = asObject(p["summary.hardware"]);
  const summary = got.summary as Record<string, unknown>;
  assert.equal(summary.model, hw.model);
  assert.equal(summary.cpu_cores, hw.numCpuCores);
  assert.equal(summary.memory_mb, Math.round(Number(hw.memorySize) / 1048576));
  assert.match(String(summary.esxi), /VMware ESXi/);

  const sensors = asObjects(
    asObject(asObject(p["runtime.healthSystemRuntime"]).systemHealthInfo).numericSensorInfo,
  );
  const health = got.health as { overall: string; sensors: { name: string }[]; problems: unknown[] };
  assert.equal(health.sensors.length, sensors.length);
  assert.equal(health.overall, "green");
  assert.ok(health.sensors.length > 3);

  const pci = asObjects(p["hardware.pciDevice"]);
  const devices = got.pci_devices as { id: string; vendor_id: string }[];
  assert.deepEqual(devices.map((d) => d.id), pci.map((d) => d.id));
  assert.equal(devices[0]?.vendor_id, "8086", "Intel's vendor id, from the signed short -32634");
  assert.equal(
    (got.cpu_features as { cpuid: unknown[] }).cpuid.length,
    asObjects(p["hardware.cpuFeature"]).length,
  );
  assert.deepEqual(got.passthrough, [], "the simulated host has no passthrough-capable device");
  assert.deepEqual(got.gpu, { devices: [], vgpu_profiles: [] });
  assert.deepEqual(got.fc_hba, [], "its HBAs are parallel SCSI and block adapters");

  const brief = (await mcp.call("host_hardware", { host: "DC0_H0" })).structuredContent as Record<
    string,
    unknown
  >;
  assert.deepEqual(Object.keys(brief).sort(), ["health", "host", "summary"]);
});

Deno.test("pciHex() and wwn() format vCenter's signed numbers", () => {
  assert.equal(pciHex(-32634), "8086");
  assert.equal(pciHex(4318), "10de");
  assert.equal(wwn("2305843009213693952"), "20:00:00:00:00:00:00:00");
  assert.equal(wwn("-6917529027641081856"), "a0:00:00:00:00:00:00:00");
  assert.equal(wwn(undefined), "");
});
