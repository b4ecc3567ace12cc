import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { connectRecording } from "../../../tests/helpers/recording.ts";
import { confirm, preview, previewAndConfirm } from "../../../tests/helpers/confirm.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { validateRequests } from "../../../tests/helpers/wsdl.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";

async function names(client: VSphereClient, type: string): Promise<string[]> {
  const out: string[] = [];
  for await (const o of retrieveView(client, { type, paths: ["name"] })) out.push(String(o.props.name));
  return out.sort();
}

Deno.test("network_list shows switches, portgroups with VLANs, and standard networks as vCenter has them", async () => {
  await using sim = await startVcsim();
  await using mcp = await connectRecording(sim.target(), ["network"]);
  const direct = new VSphereClient(sim.target());
  try {
    const dvs = await resolveEntity(direct, "DistributedVirtualSwitch", "DVS0");
    const members =
      (await retrieveOne(direct, dvs.ref, ["summary.hostMember"]))["summary.hostMember"] as MoRef[];
    const out = (await mcp.call("network_list", {})).structuredContent as {
      switches: { moref: string; name: string; hosts: string[]; portgroups: number }[];
      portgroups: { name: string; switch: string; vlan: string; vlan_id: number | null }[];
      standard_networks: { name: string; vlan_ids: number[] }[];
    };
    assert.deepEqual(out.switches.map((s) => [s.moref, s.name, s.hosts.length, s.portgroups]), [
      [dvs.ref.value, "DVS0", members.length, 2],
    ]);
    const pg = out.portgroups.find((p) => p.name === "DC0_DVPG0");
    assert.deepEqual(pg && [pg.switch, pg.vlan, pg.vlan_id], ["DVS0", "none", 0]);
    const uplinks = out.portgroups.find((p) => p.name.startsWith("DVS0-DVUplinks"));
    assert.equal(uplinks?.vlan, "trunk 0-4094");
    assert.deepEqual(out.standard_networks.map((n) => [n.name, n.vlan_ids]), [["VM Network", [0]]]);
    const paged = (await mcp.call("network_list", { kind: "distributed", limit: 1 })).structuredContent as {
      portgroups: { name: string }[];
      portgroups_total: number;
      next_cursor?: string;
    };
    assert.deepEqual([paged.portgroups.length, paged.portgroups_total], [1, 2]);
    const rest =
      (await mcp.call("network_list", { kind: "distributed", limit: 1, cursor: paged.next_cursor }))
        .structuredContent as { portgroups: { name: string }[]; next_cursor?: string };
    assert.deepEqual(
      [...paged.portgroups, ...rest.portgroups].map((p) => p.name),
      out.portgroups.map((p) => p.name),
    );
    assert.equal(rest.next_cursor, undefined);
    const standardOnly = (await mcp.call("network_list", { kind: "standard" })).structuredContent as {
      switches: unknown[];
      portgroups: unknown[];
    };
    assert.deepEqual([standardOnly.switches, standardOnly.portgroups], [[], []]);
    assert.deepEqual(await validateRequests(mcp.requests("RetrievePropertiesEx")), []);
  } finally {
    await direct.close();
  }
});

Deno.test("dvswitch creates, adds and removes hosts and deletes a switch for real, after previews", async () => {
  await using sim = await startVcsim();
  await using mcp = await connectRecording(sim.target(), ["network"]);
  const direct = new VSphereClient(sim.target());
  try {
    const create = { action: "create", switch: "DSwitch-prod", uplinks: 2, mtu: 9000, description: "prod" };
    const p = await preview(mcp, "dvswitch", create);
    assert.equal(p.preview?.method, "CreateDVS_Task");
    assert.equal(p.preview?.tier, "critical");
    assert.deepEqual(
      await names(direct, "DistributedVirtualSwitch"),
      ["DVS0"],
      "the preview changed nothing",
    );
    const created = await confirm(mcp, "dvswitch", create, p.confirmation_handle);
    const ref = { type: "DistributedVirtualSwitch", value: String(created.moref) };
    const config = (await retrieveOne(direct, ref, ["config"])).config as VimObject;
    assert.equal(config.name, "DSwitch-prod", "the switch really exists");
    assert.deepEqual((config.uplinkPortPolicy as VimObject).uplinkPortName, ["uplink1", "uplink2"]);
    assert.equal(config.description, "prod");
    assert.equal((await mcp.call("dvswitch", create)).structuredContent?.status, "unchanged");

    const hosts = ["DC0_C0_H0", "DC0_C0_H1"];
    const add = { action: "update", switch: "DSwitch-prod", add_hosts: hosts };
    const a = await preview(mcp, "dvswitch", add);
    assert.equal(a.preview?.method, "ReconfigureDvs_Task");
    assert.deepEqual(a.preview?.targets.map((t) => t.name), ["DSwitch-prod", ...hosts]);
    await confirm(mcp, "dvswitch", add, a.confirmation_handle);
    const memberNames = async () => {
      const refs =
        (await retrieveOne(direct, ref, ["summary.hostMember"]))["summary.hostMember"] as MoRef[] ?? [];
      return (await Promise.all(refs.map(async (r) => String((await retrieveOne(direct, r, ["name"])).name))))
        .sort();
    };
    assert.deepEqual(await memberNames(), hosts, "the hosts really joined");
    assert.equal((await mcp.call("dvswitch", add)).structuredContent?.status, "unchanged", "members already");

    const remove = await previewAndConfirm(mcp, "dvswitch", {
      action: "update",
      switch: String(created.moref),
      remove_hosts: ["DC0_C0_H0"],
    });
    assert.deepEqual(remove.result.hosts, ["DC0_C0_H1"]);
    assert.deepEqual(await memberNames(), ["DC0_C0_H1"], "the host really left");

    // vcsim keeps only host membership on reconfigure; the rest is checked against the WSDL below.
    await previewAndConfirm(mcp, "dvswitch", {
      action: "update",
      switch: "DSwitch-prod",
      uplinks: 4,
      mtu: 1500,
      discovery_protocol: "lldp",
      discovery_operation: "both",
    });

    const del = { action: "delete", switch: "DSwitch-prod" };
    const d = await preview(mcp, "dvswitch", del);
    assert.deepEqual(d.preview?.targets[0]?.state, { hosts: 1, portgroups: 1 });
    await confirm(mcp, "dvswitch", del, d.confirmation_handle);
    assert.deepEqual(await names(direct, "DistributedVirtualSwitch"), ["DVS0"], "the switch is really gone");

    const bodies = [
      ...mcp.requests("CreateDVS_Task"),
      ...mcp.requests("ReconfigureDvs_Task"),
      ...mcp.requests("Destroy_Task"),
    ];
    assert.equal(bodies.length, 5);
    assert.match(bodies[0]!.xml, /<configSpec xsi:type="VMwareDVSConfigSpec">/);
    assert.match(bodies[3]!.xml, /<maxMtu>1500<\/maxMtu>/);
    assert.match(bodies[3]!.xml, /<linkDiscoveryProtocolConfig><protocol>lldp<\/protocol><operation>both</);
    assert.deepEqual(await validateRequests(bodies), []);
  } finally {
    await direct.close();
  }
});

Deno.test("dvportgroup adds a VLAN portgroup, changes its VLAN and deletes it for real", async () => {
  await using sim = await startVcsim();
  await using mcp = await connectRecording(sim.target(), ["network"]);
  const direct = new VSphereClient(sim.target());
  try {
    const create = {
      action: "create",
      portgroup: "PG-120",
      switch: "DVS0",
      vlan_id: 120,
      ports: 16,
      allow_promiscuous: false,
      mac_changes: false,
    };
    const p = await preview(mcp, "dvportgroup", create);
    assert.equal(p.preview?.method, "AddDVPortgroup_Task");
    assert.equal(p.preview?.tier, "high");
    assert.ok(
      !(await names(direct, "DistributedVirtualPortgroup")).includes("PG-120"),
      "the preview changed nothing",
    );
    const created = await confirm(mcp, "dvportgroup", create, p.confirmation_handle);
    const ref = { type: "DistributedVirtualPortgroup", value: String(created.moref) };
    const read = async () => (await retrieveOne(direct, ref, ["config"])).config as VimObject;
    let config = await read();
    assert.equal(config.name, "PG-120", "the portgroup really exists");
    assert.equal(config.numPorts, 16);
    assert.deepEqual(((config.defaultPortConfig as VimObject).vlan as VimObject).vlanId, 120);
    const security = (config.defaultPortConfig as VimObject).securityPolicy as VimObject;
    assert.deepEqual([
      (security.allowPromiscuous as VimObject).value,
      (security.macChanges as VimObject).value,
    ], [
      false,
      false,
    ]);
    assert.equal(security.forgedTransmits, undefined, "only what was asked for is set");
    assert.equal((await mcp.call("dvportgroup", create)).structuredContent?.status, "unchanged");

    const trunk = {
      action: "update",
      portgroup: "PG-120",
      vlan_trunk: "100-200,300",
      forged_transmits: false,
    };
    const t = await preview(mcp, "dvportgroup", trunk);
    assert.deepEqual(t.preview?.targets[0]?.state, { vlan: "120", vms: 0, ports: 16 });
    await confirm(mcp, "dvportgroup", trunk, t.confirmation_handle);
    config = await read();
    const vlan = (config.defaultPortConfig as VimObject).vlan as VimObject;
    assert.equal(vlan._type, "VmwareDistributedVirtualSwitchTrunkVlanSpec", "the VLAN really changed");
    assert.deepEqual(vlan.vlanId, [{ start: 100, end: 200 }, { start: 300, end: 300 }]);
    assert.equal(config.name, "PG-120", "the name was kept");
    assert.equal(config.numPorts, 16, "the port count was kept");
    const kept = (config.defaultPortConfig as VimObject).securityPolicy as VimObject;
    assert.deepEqual(
      [kept.allowPromiscuous, kept.macChanges, kept.forgedTransmits].map((p) => (p as VimObject).value),
      [false, false, false],
      "the security policy was merged, not replaced",
    );
    assert.equal((await mcp.call("dvportgroup", trunk)).structuredContent?.status, "unchanged");

    const listed = (await mcp.call("network_list", { kind: "distributed", name: "PG-*" }))
      .structuredContent as {
        portgroups: { name: string; vlan: string }[];
      };
    assert.deepEqual(listed.portgroups, [{
      ...listed.portgroups[0]!,
      name: "PG-120",
      vlan: "trunk 100-200,300",
      security: { allow_promiscuous: false, mac_changes: false, forged_transmits: false },
    }]);

    const ports = (await mcp.call("dvswitch_port_list", { switch: "DVS0", limit: 1000 }))
      .structuredContent as {
        ports: { key: string; vlan: string }[];
        total: number;
      };
    assert.ok(ports.total >= 16, "the 16 ports of the new portgroup are listed by vCenter");
    assert.ok(ports.ports.some((p) => p.vlan === "trunk 100-200,300"));
    assert.deepEqual(await validateRequests(mcp.requests("FetchDVPorts")), []);

    const bad = await mcp.call("dvportgroup", { action: "update", portgroup: "PG-120", vlan_trunk: "5000" });
    assert.equal(bad.isError, true);
    assert.match(textOf(bad), /not a VLAN range/);

    await previewAndConfirm(mcp, "dvportgroup", { action: "delete", portgroup: String(created.moref) });
    assert.ok(!(await names(direct, "DistributedVirtualPortgroup")).includes("PG-120"), "really gone");
    const bodies = [
      ...mcp.requests("AddDVPortgroup_Task"),
      ...mcp.requests("ReconfigureDVPortgroup_Task"),
      ...mcp.requests("Destroy_Task"),
    ];
    assert.equal(bodies.length, 3);
    assert.deepEqual(await validateRequests(bodies), []);
  } finally {
    await direct.close();
  }
});
