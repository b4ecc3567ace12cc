import assert from "node:assert/strict";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { asArray, asObject, asObjects, str } from "../shared/vim_values.ts";
import { certificateFromPem } from "./host_config_get.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

const HOST: MoRef = { type: "HostSystem", value: "host-21" };

Deno.test("host_config_get reads the simulator's real host configuration, section by section", async () => {
  await using env = await simEnv(["host_config"]);
  const { mcp, direct } = env;
  const res = await mcp.call("host_config_get", { host: "DC0_H0" });
  assert.equal(res.isError, undefined, JSON.stringify(res.content));
  const got = res.structuredContent as Record<string, Record<string, unknown>>;
  const p = await retrieveOne(direct, HOST, [
    "config.network.dnsConfig",
    "config.network.ipRouteConfig",
    "config.powerSystemInfo",
    "config.lockdownMode",
    "config.autoStart",
    "config.activeDiagnosticPartition",
    "config.graphicsConfig",
    "config.virtualNicManagerInfo",
  ]);
  const dns = asObject(p["config.network.dnsConfig"]);
  assert.deepEqual(got.dns?.servers, asArray(dns.address));
  assert.equal(got.dns?.host_name, dns.hostName);
  assert.equal(got.dns?.vmknic, "vmk0");
  assert.equal(got.routing?.default_gateway, asObject(p["config.network.ipRouteConfig"]).defaultGateway);
  const current = asObject(asObject(p["config.powerSystemInfo"]).currentPolicy);
  assert.deepEqual(got.power_policy?.current, {
    key: current.key,
    short_name: "dynamic",
    name: current.name,
  });
  assert.equal(got.lockdown?.mode, p["config.lockdownMode"]);
  assert.equal(got.autostart?.start_delay, asObject(asObject(p["config.autoStart"]).defaults).startDelay);
  assert.deepEqual(got.coredump?.active, {
    disk: "mpx.vmhba0:C0:T0:L0",
    partition: 9,
    storage_type: "directAttached",
  });
  assert.equal(got.graphics?.default_type, asObject(p["config.graphicsConfig"]).hostDefaultGraphicsType);
  const services = got.vmknic_services as unknown as { service: string; selected: string[] }[];
  const management = asObjects(asObject(p["config.virtualNicManagerInfo"]).netConfig)
    .find((n) => n.nicType === "management");
  assert.ok(management);
  assert.deepEqual(services.find((s) => s.service === "management")?.selected, ["vmk0"]);
  assert.deepEqual(got.authentication?.active_directory, {
    enabled: false,
    domain: "",
    membership: "",
    trusted_domains: [],
  });
  // The simulator has no SNMP system object: that section is reported unavailable, the rest still answer.
  const unavailable = (got as unknown as { unavailable: { section: string }[] }).unavailable;
  assert.deepEqual(unavailable.map((u) => u.section), ["snmp"]);
  assert.equal(got.certificate, null, "vcsim's config.certificate is not a PEM certificate");
  assert.equal(got.lockdown?.exception_users, null, "vcsim lacks QueryLockdownExceptions");
  assert.equal(got.snmp, undefined);

  const only = (await mcp.call("host_config_get", { host: HOST.value, sections: ["dns"] }))
    .structuredContent as Record<string, unknown>;
  assert.deepEqual(Object.keys(only).sort(), ["dns", "host", "unavailable"]);
  assert.equal(str(asObject(p["config.network.dnsConfig"]).domainName), "localdomain");
});

Deno.test("certificateFromPem() reads a host certificate sent as bytes", async () => {
  const pem = await Deno.readTextFile(new URL("../../../.tools/pki/leaf.pem", import.meta.url));
  const bytes = [...new TextEncoder().encode(pem)].map((b) => (b > 127 ? b - 256 : b));
  const info = certificateFromPem(bytes)!;
  assert.match(info.subject, /CN=/);
  assert.match(info.issuer, /CN=/);
  assert.ok(Date.parse(info.not_after) > Date.parse(info.not_before));
  assert.equal(info.status, "good");
  assert.equal(certificateFromPem([10]), null);
});
