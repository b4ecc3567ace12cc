import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { preview, previewThenConfirm, structured } from "../../../tests/helpers/confirm.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { asObjects, ref, str } from "../shared/vim_values.ts";

const HOST: MoRef = { type: "HostSystem", value: "host-21" };

function setup() {
  return simEnv(["host_config"]);
}

Deno.test("host_syslog previews, then really sets Syslog.global.logHost; the same value again changes nothing", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  const options = ref(
    (await retrieveOne(direct, HOST, ["configManager.advancedOption"]))["configManager.advancedOption"],
  )!;
  const logHost = async () =>
    str(
      asObjects((await retrieveOne(direct, options, ["setting"])).setting)
        .find((s) => s.key === "Syslog.global.logHost")?.value,
    );
  const args = { host: "DC0_H0", log_hosts: ["udp://10.0.0.5:514", "ssl://log.corp:1514"] };
  const { first, done } = await previewThenConfirm(mcp, "host_syslog", args, async () => {
    assert.equal(await logHost(), undefined, "the preview changed nothing");
  });
  assert.equal(first.preview?.tier, "medium");
  assert.equal(first.preview?.method, "OptionManager.UpdateOptions");
  assert.equal(
    await logHost(),
    "udp://10.0.0.5:514,ssl://log.corp:1514",
    "the host really has the new target",
  );
  assert.equal(done.result?.log_host, "udp://10.0.0.5:514,ssl://log.corp:1514");
  const again = structured(await mcp.call("host_syslog", args));
  assert.equal(again.status, "unchanged");

  const read = (await mcp.call("host_config_get", { host: "DC0_H0", sections: ["syslog"] }))
    .structuredContent as { syslog: { log_host: string } };
  assert.equal(read.syslog.log_host, "udp://10.0.0.5:514,ssl://log.corp:1514");
  await assert.rejects(
    mcp.call("host_syslog", { host: "DC0_H0", log_hosts: ["udp://x; rm -rf /"] }),
    /must match pattern/,
  );
});

/** Tools whose vSphere method vcsim lacks: the preview shows the real current state, the confirmed call fails
 * with vCenter's fault and the host is unchanged (their request bodies are WSDL-checked in contract_test.ts). */
Deno.test("host_dns, host_routing, host_time, host_lockdown, host_power_policy and host_vmkernel preview honestly", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  const before = await retrieveOne(direct, HOST, [
    "config.network.dnsConfig",
    "config.network.ipRouteConfig",
    "config.lockdownMode",
    "config.powerSystemInfo",
    "config.network.vnic",
  ]);
  const cases: [string, Record<string, unknown>, string, string, RegExp][] = [
    [
      "host_dns",
      { servers: ["10.0.0.53"] },
      "medium",
      "HostNetworkSystem.UpdateDnsConfig",
      /from DHCP to 10\.0\.0\.53/,
    ],
    [
      "host_routing",
      { default_gateway: "10.0.0.1" },
      "high",
      "HostNetworkSystem.UpdateIpRouteConfig",
      /127\.0\.0\.1 to 10\.0\.0\.1/,
    ],
    [
      "host_time",
      { action: "set_ntp", ntp_servers: ["pool.ntp.org"] },
      "medium",
      "HostDateTimeSystem.UpdateDateTimeConfig",
      /to pool\.ntp\.org/,
    ],
    [
      "host_time",
      { action: "sync" },
      "medium",
      "HostDateTimeSystem.RefreshDateTimeSystem",
      /Refresh the clock/,
    ],
    [
      "host_lockdown",
      { mode: "strict" },
      "high",
      "HostAccessManager.ChangeLockdownMode",
      /STRICT.*lockdownDisabled/,
    ],
    [
      "host_power_policy",
      { policy: "static" },
      "low",
      "HostPowerSystem.ConfigurePowerPolicy",
      /from dynamic to static/,
    ],
    [
      "host_vmkernel",
      { action: "add", portgroup: "VM Network", ip: "10.9.0.5", subnet_mask: "255.255.255.0" },
      "high",
      "HostNetworkSystem.AddVirtualNic",
      /portgroup VM Network with IP 10\.9\.0\.5/,
    ],
    [
      "host_vswitch_policy",
      { vswitch: "vSwitch0", load_balancing: "loadbalance_ip", beacon_probing: true },
      "high",
      "HostNetworkSystem.UpdateVirtualSwitch",
      /vSwitch0 on DC0_H0: load_balancing=loadbalance_ip, beacon_probing=true/,
    ],
    [
      "host_vmkernel",
      { action: "remove", device: "vmk0" },
      "high",
      "HostNetworkSystem.RemoveVirtualNic",
      /services: management/,
    ],
    [
      "host_vmkernel",
      { action: "enable_service", device: "vmk0", service: "vmotion" },
      "high",
      "HostVirtualNicManager.SelectVnicForNicType",
      /vmotion/,
    ],
  ];
  for (const [tool, extra, tier, method, summary] of cases) {
    const args = { host: "DC0_H0", ...extra };
    const first = await preview(mcp, tool, args);
    assert.equal(first.preview?.tier, tier, tool);
    assert.equal(first.preview?.method, method, tool);
    assert.match(first.preview?.summary ?? "", summary, `${tool}: ${first.preview?.summary}`);
    const done = await mcp.call(tool, {
      ...args,
      confirm: true,
      confirmation_handle: first.confirmation_handle,
    });
    assert.equal(done.isError, true, `${tool}: vcsim lacks ${method}`);
    assert.match(
      textOf(done),
      /not (supported|found|implemented)|NotImplemented|NotSupported|ManagedObjectNotFound/i,
    );
  }
  const after = await retrieveOne(direct, HOST, Object.keys(before));
  assert.deepEqual(after, before, "nothing changed on the host");

  // Already so: no preview, nothing to confirm.
  const same = structured(await mcp.call("host_power_policy", { host: "DC0_H0", policy: "dynamic" }));
  assert.equal(same.status, "unchanged");
  const sameLock = structured(await mcp.call("host_lockdown", { host: "DC0_H0", mode: "disabled" }));
  assert.equal(sameLock.status, "unchanged");
  const already = structured(
    await mcp.call("host_vmkernel", {
      host: "DC0_H0",
      action: "enable_service",
      device: "vmk0",
      service: "management",
    }),
  );
  assert.equal(already.status, "unchanged");
  const sameTeaming = structured(
    await mcp.call("host_vswitch_policy", { host: "DC0_H0", vswitch: "vSwitch0" }),
  );
  assert.equal(sameTeaming.status, "unchanged", "nothing asked, nothing to change");
  const unknown = await mcp.call("host_power_policy", { host: "DC0_H0", policy: "turbo" });
  assert.match(textOf(unknown), /Available: static, dynamic, low, custom/);
  const missing = await mcp.call("host_vmkernel", { host: "DC0_H0", action: "remove", device: "vmk7" });
  assert.match(textOf(missing), /no VMkernel adapter vmk7/);
});

Deno.test("host_snmp, host_autostart, host_coredump, host_graphics and host_swap preview honestly; SNMP communities stay secret", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  Deno.env.set("VSPHERE_SECRET_TEST_SNMP", "c0mmunity-s3cret,second");
  try {
    const before = await retrieveOne(direct, HOST, [
      "config.autoStart",
      "config.activeDiagnosticPartition",
      "config.graphicsConfig",
      "config.localSwapDatastore",
    ]);
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      [
        "host_snmp",
        { enabled: true, communities_ref: "env:TEST_SNMP", trap_targets: [{ host: "nms.corp" }] },
        "HostSnmpSystem.ReconfigureSnmpAgent",
        /nms\.corp:162/,
      ],
      [
        "host_autostart",
        { enabled: true, vms: [{ vm: "DC0_H0_VM0", start_order: 1 }] },
        "HostAutoStartManager.ReconfigureAutostart",
        /DC0_H0_VM0 #1/,
      ],
      [
        "host_coredump",
        { action: "deactivate" },
        "HostDiagnosticSystem.SelectActivePartition",
        /mpx\.vmhba0:C0:T0:L0:9.*no dump/,
      ],
      [
        "host_graphics",
        { default_type: "sharedDirect" },
        "HostGraphicsManager.UpdateGraphicsConfig",
        /shared\/performance to sharedDirect\/performance/,
      ],
      [
        "host_swap",
        { action: "set_swap_datastore", datastore: "LocalDS_0" },
        "HostDatastoreSystem.UpdateLocalSwapDatastore",
        /LocalDS_0/,
      ],
    ];
    for (const [tool, extra, method, summary] of cases) {
      const args = { host: "DC0_H0", ...extra };
      const first = await preview(mcp, tool, args);
      assert.equal(first.preview?.method, method, tool);
      assert.match(first.preview?.summary ?? "", summary, `${tool}: ${first.preview?.summary}`);
      const done = await mcp.call(tool, {
        ...args,
        confirm: true,
        confirmation_handle: first.confirmation_handle,
      });
      assert.equal(done.isError, true, `${tool}: vcsim lacks ${method}`);
      assert.ok(!JSON.stringify([first, done]).includes("c0mmunity-s3cret"), "the community never shows");
    }
    assert.deepEqual(
      await retrieveOne(direct, HOST, Object.keys(before)),
      before,
      "nothing changed on the host",
    );
    const snmp = await preview(mcp, "host_snmp", {
      host: "DC0_H0",
      enabled: true,
      communities_ref: "env:TEST_SNMP",
    });
    assert.equal(
      snmp.preview?.args?.communities_ref,
      "env:TEST_SNMP",
      "the preview names the reference only",
    );

    const noRef = await mcp.call("host_snmp", {
      host: "DC0_H0",
      enabled: true,
      communities_ref: "env:NOT_SET",
    });
    assert.equal(noRef.isError, true);
    assert.match(textOf(noRef), /VSPHERE_SECRET_NOT_SET is missing/);
    // vcsim hosts have no ESX agent manager: the tool says so before any preview.
    const agent = await mcp.call("host_agent_vm", { host: "DC0_H0", datastore: "LocalDS_0" });
    assert.equal(agent.isError, true);
    assert.match(textOf(agent), /has no esxAgentHostManager/);
  } finally {
    Deno.env.delete("VSPHERE_SECRET_TEST_SNMP");
  }
});
