import assert from "node:assert/strict";
import { connect, textOf } from "../../../tests/helpers/mcp.ts";
import { preview, previewThenConfirm, structured } from "../../../tests/helpers/confirm.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { asArray, asObject, asObjects, bool, ref, refs, str } from "../shared/vim_values.ts";

const HOST: MoRef = { type: "HostSystem", value: "host-21" }; // DC0_H0, standalone
const CLUSTER_HOST = "DC0_C0_H0";

function setup() {
  return simEnv(["host"]);
}

async function manager(direct: VSphereClient, host: MoRef, name: string): Promise<MoRef> {
  return ref((await retrieveOne(direct, host, [`configManager.${name}`]))[`configManager.${name}`])!;
}

async function inMaintenance(direct: VSphereClient, host: MoRef) {
  return bool((await retrieveOne(direct, host, ["runtime.inMaintenanceMode"]))["runtime.inMaintenanceMode"]);
}

Deno.test("host_maintenance previews, enters and exits maintenance mode for real, and is idempotent", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  const args = { host: "DC0_H0", action: "enter" };
  const { first, done } = await previewThenConfirm(mcp, "host_maintenance", args, async () => {
    assert.equal(await inMaintenance(direct, HOST), false, "the preview changed nothing");
  });
  assert.equal(first.preview?.tier, "high");
  assert.equal(first.preview?.method, "EnterMaintenanceMode_Task");
  assert.equal(first.preview?.targets[0]?.ref.value, HOST.value);
  assert.equal(first.preview?.targets[0]?.state?.inMaintenanceMode, false);
  assert.equal(done.result?.in_maintenance_mode, true);
  assert.equal(await inMaintenance(direct, HOST), true, "the host really is in maintenance mode");

  const again = structured(await mcp.call("host_maintenance", args));
  assert.equal(again.status, "unchanged");

  await previewThenConfirm(mcp, "host_maintenance", { host: HOST.value, action: "exit" });
  assert.equal(await inMaintenance(direct, HOST), false);
});

Deno.test("host_power previews a critical reboot; vcsim lacks RebootHost_Task and the host stays up", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  const args = { host: "DC0_H0", action: "reboot" };
  const first = await preview(mcp, "host_power", args);
  assert.equal(first.preview?.tier, "critical");
  assert.equal(first.preview?.method, "RebootHost_Task");
  assert.match(first.preview?.summary ?? "", /NOT in maintenance mode/);
  const done = await mcp.call("host_power", {
    ...args,
    confirm: true,
    confirmation_handle: first.confirmation_handle,
  });
  assert.equal(done.isError, true, "the simulator has no RebootHost_Task");
  assert.match(textOf(done), /not supported/i);
  const state = await retrieveOne(direct, HOST, ["runtime.connectionState", "runtime.powerState"]);
  assert.equal(state["runtime.connectionState"], "connected");
  assert.equal(state["runtime.powerState"], "poweredOn");
});

Deno.test("host_add adds hosts to a cluster and standalone; host_connection removes one; password never shown", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  const cluster = (await retrieveOne(direct, { type: "HostSystem", value: "host-34" }, ["parent"]))
    .parent as MoRef;
  const clusterHosts = async () =>
    refs((await retrieveOne(direct, cluster, ["host"])).host).map((h) => h.value);
  const before = await clusterHosts();

  const addArgs = {
    host_name: "esx-new.example",
    password: "s3cret-pw",
    cluster: "DC0_C0",
    ssl_thumbprint: "AA:BB",
  };
  const { first, done } = await previewThenConfirm(mcp, "host_add", addArgs, async () => {
    assert.deepEqual(await clusterHosts(), before);
  });
  assert.equal(first.preview?.method, "AddHost_Task");
  assert.ok(!JSON.stringify(first).includes("s3cret-pw"), "the password is not in the preview");
  assert.ok(!JSON.stringify(done).includes("s3cret-pw"));
  const added = String(done.result?.host);
  assert.match(added, /^host-/);
  assert.deepEqual(await clusterHosts(), [...before, added], "the host really is in the cluster");
  assert.equal(
    str((await retrieveOne(direct, { type: "HostSystem", value: added }, ["name"])).name),
    "esx-new.example",
  );

  const standalone = await previewThenConfirm(mcp, "host_add", {
    host_name: "esx-solo.example",
    password: "pw",
    datacenter: "DC0",
  });
  assert.equal(standalone.first.preview?.method, "AddStandaloneHost_Task");
  const solo: MoRef = { type: "HostSystem", value: String(standalone.done.result?.host) };
  const parent = ref((await retrieveOne(direct, solo, ["parent"])).parent);
  assert.equal(parent?.type, "ComputeResource", "a standalone host gets its own compute resource");

  const missing = await mcp.call("host_add", { host_name: "x", password: "y" });
  assert.equal(missing.isError, true);
  assert.match(textOf(missing), /Say where to add the host/);

  const remove = await previewThenConfirm(mcp, "host_connection", { host: added, action: "remove" });
  assert.equal(remove.first.preview?.tier, "critical");
  assert.equal(remove.first.preview?.method, "Destroy_Task");
  assert.equal(remove.done.result?.connection_state, "removed");
  await assert.rejects(
    retrieveOne(direct, { type: "HostSystem", value: added }, ["name"]),
    /does not exist|deleted/,
    "the host really is gone from the inventory",
  );
  const soloDisconnect = await preview(mcp, "host_connection", { host: solo.value, action: "disconnect" });
  assert.equal(soloDisconnect.preview?.method, "DisconnectHost_Task");
});

Deno.test("host_connection disconnect is critical; vcsim lacks DisconnectHost_Task and nothing changes", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  const args = { host: CLUSTER_HOST, action: "disconnect" };
  const first = await preview(mcp, "host_connection", args);
  assert.equal(first.preview?.tier, "critical");
  const done = await mcp.call("host_connection", {
    ...args,
    confirm: true,
    confirmation_handle: first.confirmation_handle,
  });
  assert.equal(done.isError, true);
  const host = { type: "HostSystem", value: "host-34" };
  assert.equal(
    (await retrieveOne(direct, host, ["runtime.connectionState"]))["runtime.connectionState"],
    "connected",
  );
});

Deno.test("host_network adds and removes a vSwitch and a portgroup for real", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  const netSys = await manager(direct, HOST, "networkSystem");
  const read = async () => {
    const info = await retrieveOne(direct, netSys, ["networkInfo.vswitch", "networkInfo.portgroup"]);
    return {
      switches: asObjects(info["networkInfo.vswitch"]).map((v) => str(v.name)),
      groups: asObjects(info["networkInfo.portgroup"]).map((p) => asObject(p.spec)),
    };
  };
  const listed = structured(await mcp.call("host_network_list", { host: "DC0_H0" })) as unknown as {
    vswitches: { name: string; portgroups: string[] }[];
    portgroups: { name: string; vswitch: string }[];
  };
  assert.deepEqual(listed.vswitches.map((v) => v.name), (await read()).switches);
  assert.ok(listed.vswitches[0]?.portgroups.includes("VM Network"));
  const nics = listed as unknown as {
    physical_nics: { device: string; mac: string; link_speed_mb: number }[];
    vmkernel_adapters: { device: string; portgroup: string }[];
  };
  const config = await retrieveOne(direct, HOST, ["config.network.pnic", "config.network.vnic"]);
  assert.deepEqual(
    nics.physical_nics.map((n) => [n.device, n.mac]),
    asObjects(config["config.network.pnic"]).map((n) => [n.device, n.mac]),
  );
  assert.equal(nics.physical_nics[0]?.link_speed_mb, 10000);
  assert.deepEqual(nics.vmkernel_adapters.map((v) => [v.device, v.portgroup]), [[
    "vmk0",
    "Management Network",
  ]]);

  const add = { host: "DC0_H0", action: "add_vswitch", vswitch: "vSwitch9", num_ports: 64 };
  const { first } = await previewThenConfirm(mcp, "host_network", add, async () => {
    assert.ok(!(await read()).switches.includes("vSwitch9"));
  });
  assert.equal(first.preview?.method, "HostNetworkSystem.AddVirtualSwitch");
  assert.ok((await read()).switches.includes("vSwitch9"), "the vSwitch really exists");
  assert.equal(structured(await mcp.call("host_network", add)).status, "unchanged");

  const pg = {
    host: "DC0_H0",
    action: "add_portgroup",
    vswitch: "vSwitch9",
    portgroup: "pg-app",
    vlan_id: 42,
  };
  await previewThenConfirm(mcp, "host_network", pg);
  const group = (await read()).groups.find((g) => g.name === "pg-app");
  assert.equal(str(group?.vswitchName), "vSwitch9");
  assert.equal(Number(group?.vlanId), 42);

  const rmSwitch = await preview(mcp, "host_network", {
    host: "DC0_H0",
    action: "remove_vswitch",
    vswitch: "vSwitch9",
  });
  assert.deepEqual(
    rmSwitch.preview?.targets[0]?.state?.portgroupsOnSwitch,
    ["pg-app"],
    "the preview names what is cut off",
  );

  await previewThenConfirm(mcp, "host_network", {
    host: "DC0_H0",
    action: "remove_portgroup",
    portgroup: "pg-app",
  });
  assert.ok(!(await read()).groups.some((g) => g.name === "pg-app"));
  await previewThenConfirm(mcp, "host_network", {
    host: "DC0_H0",
    action: "remove_vswitch",
    vswitch: "vSwitch9",
  });
  assert.ok(!(await read()).switches.includes("vSwitch9"), "the vSwitch really is gone");

  const bad = await mcp.call("host_network", {
    host: "DC0_H0",
    action: "add_portgroup",
    vswitch: "vSwitch0",
  });
  assert.equal(bad.isError, true);
});

Deno.test("host_firewall lists rulesets and disables and enables one for real", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  const fw = await manager(direct, HOST, "firewallSystem");
  const enabled = async (key: string) =>
    bool(
      asObjects((await retrieveOne(direct, fw, ["firewallInfo.ruleset"]))["firewallInfo.ruleset"])
        .find((r) => r.key === key)?.enabled,
    );
  const list = structured(
    await mcp.call("host_firewall_list", { host: "DC0_H0", name: "CIM*" }),
  ) as unknown as {
    rulesets: { key: string; enabled: boolean; ports: string[] }[];
  };
  assert.deepEqual(list.rulesets.map((r) => r.key), ["CIMHttpServer", "CIMHttpsServer", "CIMSLP"]);
  assert.deepEqual(list.rulesets[0]?.ports, ["5988/tcp/in"]);
  assert.equal(await enabled("CIMHttpServer"), true);

  const args = { host: "DC0_H0", action: "disable", ruleset: "CIMHttpServer" };
  const { first } = await previewThenConfirm(mcp, "host_firewall", args, async () => {
    assert.equal(await enabled("CIMHttpServer"), true, "the preview changed nothing");
  });
  assert.equal(first.preview?.tier, "medium");
  assert.equal(await enabled("CIMHttpServer"), false, "the ruleset really is disabled");
  assert.equal(structured(await mcp.call("host_firewall", args)).status, "unchanged");
  await previewThenConfirm(mcp, "host_firewall", { ...args, action: "enable" });
  assert.equal(await enabled("CIMHttpServer"), true);

  const unknown = await mcp.call("host_firewall", { ...args, ruleset: "nope" });
  assert.equal(unknown.isError, true);
  assert.match(textOf(unknown), /no firewall ruleset "nope"/);
});

Deno.test("advanced_option lists and changes host and vCenter settings for real", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  const opt = await manager(direct, HOST, "advancedOption");
  const value = async (m: MoRef, key: string) =>
    asObjects(await direct.call("QueryOptions", m, { name: key })).find((o) => o.key === key)?.value;

  const list = structured(
    await mcp.call("advanced_option_list", { host: "DC0_H0", prefix: "Config.HostAgent." }),
  );
  const options = (list as unknown as { options: { key: string; value: unknown }[] }).options;
  assert.ok(options.some((o) => o.key === "Config.HostAgent.log.level"));

  const args = { host: "DC0_H0", key: "Config.HostAgent.log.level", value: "verbose" };
  const { first, done } = await previewThenConfirm(mcp, "advanced_option", args, async () => {
    assert.equal(await value(opt, args.key), "info", "the preview changed nothing");
  });
  assert.equal(first.preview?.tier, "high");
  assert.equal(done.result?.value, "verbose");
  assert.equal(await value(opt, args.key), "verbose", "the setting really changed");
  assert.equal(structured(await mcp.call("advanced_option", args)).status, "unchanged");

  const vc = structured(await mcp.call("advanced_option_list", { key: "event.maxAge" })) as unknown as {
    owner: string;
    options: { key: string; value: unknown }[];
  };
  assert.equal(vc.owner, "vCenter");
  const current = vc.options[0]?.value;
  assert.equal(typeof current, "number", JSON.stringify(vc));
  await previewThenConfirm(mcp, "advanced_option", { key: "event.maxAge", value: "45" });
  const setting = (await direct.serviceContent()).setting as MoRef;
  assert.equal(Number(await value(setting, "event.maxAge")), 45, "vCenter's setting really changed");

  const unknown = await mcp.call("advanced_option", { host: "DC0_H0", key: "No.Such.Key", value: 1 });
  assert.equal(unknown.isError, true);
  assert.match(textOf(unknown), /no advanced setting "No.Such.Key"/);
});

Deno.test("host_storage rescans HBAs and mounts NFS and local datastores for real", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  const hbas = async () =>
    asArray(
      asObject((await retrieveOne(direct, HOST, ["config.storageDevice"]))["config.storageDevice"])
        .hostBusAdapter,
    )
      .length;
  const hbaBefore = await hbas();
  await previewThenConfirm(mcp, "host_storage", { host: "DC0_H0", action: "rescan_hba" }, async () => {
    assert.equal(await hbas(), hbaBefore);
  });
  assert.notEqual(await hbas(), hbaBefore, "vcsim swaps its HBA list on a rescan: the rescan really ran");
  await previewThenConfirm(mcp, "host_storage", { host: "DC0_H0", action: "rescan_vmfs" });
  await previewThenConfirm(mcp, "host_storage", { host: "DC0_H0", action: "refresh" });

  const dir = await Deno.makeTempDir();
  try {
    const names = async () => {
      const list = refs((await retrieveOne(direct, HOST, ["datastore"])).datastore);
      const out: string[] = [];
      for (const ds of list) out.push(String((await retrieveOne(direct, ds, ["name"])).name));
      return out;
    };
    await Deno.mkdir(`${dir}/nfs01`);
    const nfs = {
      host: "DC0_H0",
      action: "mount_nfs",
      datastore_name: `${dir}/nfs01`, // vcsim mounts the local path it is given and names it by its base name
      remote_host: "nfs.example",
      remote_path: "/exports/iso",
    };
    const { first, done } = await previewThenConfirm(mcp, "host_storage", nfs, async () => {
      assert.ok(!(await names()).includes("nfs01"));
    });
    assert.equal(first.preview?.method, "HostDatastoreSystem.CreateNasDatastore");
    assert.ok((await names()).includes("nfs01"), "the NFS datastore really is mounted");
    const ds = { type: "Datastore", value: String(done.result?.datastore) };
    assert.equal(str(asObject((await retrieveOne(direct, ds, ["summary"])).summary).type), "NFS");

    await Deno.mkdir(`${dir}/local01`);
    const local = {
      host: "DC0_H0",
      action: "create_local",
      datastore_name: "local01",
      path: `${dir}/local01`,
    };
    await previewThenConfirm(mcp, "host_storage", local);
    assert.ok((await names()).includes("local01"));
    assert.equal(structured(await mcp.call("host_storage", local)).status, "unchanged");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("host tools preview every vCenter-only request without changing the host", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  const before = await retrieveOne(direct, HOST, ["runtime.connectionState", "runtime.inMaintenanceMode"]);
  const reconnect = await preview(mcp, "host_connection", {
    host: "DC0_H0",
    action: "reconnect",
    sync_state: true,
  });
  assert.equal(reconnect.preview?.method, "ReconnectHost_Task");
  assert.deepEqual(reconnect.preview?.args, {
    reconnectSpec: { _type: "HostSystemReconnectSpec", syncState: true },
  });
  const shutdown = await preview(mcp, "host_power", { host: "DC0_H0", action: "shutdown", force: true });
  assert.equal(shutdown.preview?.method, "ShutdownHost_Task");
  assert.deepEqual(shutdown.preview?.args, { force: true });
  assert.equal(shutdown.preview?.targets[0]?.state?.poweredOnVms, 2);
  const vsan = await preview(mcp, "host_maintenance", {
    host: "DC0_H0",
    action: "enter",
    vsan_mode: "evacuateAllData",
    evacuate_powered_off_vms: true,
    timeout_seconds: 600,
  });
  assert.equal(vsan.preview?.args?.vsan_mode, "evacuateAllData");
  assert.match(vsan.preview?.summary ?? "", /2 powered-on VMs/);
  assert.deepEqual(
    await retrieveOne(direct, HOST, ["runtime.connectionState", "runtime.inMaintenanceMode"]),
    before,
    "previews changed nothing",
  );
});

Deno.test("host_inventory moves a standalone host between folders for real; move-into-cluster and rename are built for vCenter", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  const clusterHost: MoRef = { type: "HostSystem", value: "host-34" };
  const cluster = ref((await retrieveOne(direct, clusterHost, ["parent"])).parent)!;

  // A standalone host moves with its compute resource into another host folder.
  const dc = ref((await retrieveOne(direct, cluster, ["parent"])).parent)!; // the datacenter's host folder
  const rack = await direct.call("CreateFolder", dc, { name: "rack-2" }) as MoRef;
  const computeResource = ref((await retrieveOne(direct, HOST, ["parent"])).parent)!;
  const { first } = await previewThenConfirm(mcp, "host_inventory", {
    host: "DC0_H0",
    action: "move",
    destination: "rack-2",
  }, async () => {
    assert.equal(ref((await retrieveOne(direct, computeResource, ["parent"])).parent)?.value, dc.value);
  });
  assert.equal(first.preview?.method, "MoveIntoFolder_Task");
  assert.equal(
    ref((await retrieveOne(direct, computeResource, ["parent"])).parent)?.value,
    rack.value,
    "the host really moved",
  );
  const again = structured(
    await mcp.call("host_inventory", { host: "DC0_H0", action: "move", destination: rack.value }),
  );
  assert.equal(again.status, "unchanged");

  const intoCluster = await preview(mcp, "host_inventory", {
    host: "DC0_H0",
    action: "move",
    destination: "DC0_C0",
  });
  assert.equal(intoCluster.preview?.method, "MoveInto_Task");
  assert.equal(intoCluster.preview?.targets[1]?.ref.value, cluster.value);
  const same = structured(
    await mcp.call("host_inventory", { host: CLUSTER_HOST, action: "move", destination: cluster.value }),
  );
  assert.equal(same.status, "unchanged", "a host already in that cluster is not moved");

  const rename = await preview(mcp, "host_inventory", {
    host: CLUSTER_HOST,
    action: "rename",
    name: "esx-a",
  });
  assert.equal(rename.preview?.method, "Rename_Task");
  const renamed = await mcp.call("host_inventory", {
    host: CLUSTER_HOST,
    action: "rename",
    name: "esx-a",
    confirm: true,
    confirmation_handle: rename.confirmation_handle,
  });
  assert.equal(
    renamed.isError,
    true,
    "vcsim lacks HostSystem Rename_Task (checked against the WSDL instead)",
  );
  assert.equal(str((await retrieveOne(direct, clusterHost, ["name"])).name), CLUSTER_HOST);
});

Deno.test("host previews and errors speak Japanese when the server language is ja", async () => {
  await using sim = await startVcsim();
  await using mcp = await connect({ target: sim.target(), toolsets: ["host"] }, { lang: "ja" });
  const first = await preview(mcp, "host_maintenance", { host: "DC0_H0", action: "enter" });
  assert.match(first.preview?.summary ?? "", /メンテナンスモードにします/);
  const unknown = await mcp.call("host_firewall", { host: "DC0_H0", action: "enable", ruleset: "nope" });
  assert.match(textOf(unknown), /ファイアウォールルールセット「nope」はありません/);
});

Deno.test("host_service_list reads the host's services; host_service is built for vCenter and changes nothing on vcsim", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  const listed = structured(
    await mcp.call("host_service_list", { host: "DC0_H0", name: "TSM*" }),
  ) as unknown as {
    services: { key: string; running: boolean; policy: string }[];
  };
  const direct_ = asObjects(
    asObject((await retrieveOne(direct, HOST, ["config.service"]))["config.service"]).service,
  )
    .filter((s) => String(s.key).startsWith("TSM"));
  assert.deepEqual(
    listed.services.map((s) => [s.key, s.running]),
    direct_.map((s) => [s.key, bool(s.running)]),
  );

  const ssh = await preview(mcp, "host_service", { host: "DC0_H0", action: "start", service: "TSM-SSH" });
  assert.equal(ssh.preview?.tier, "high");
  assert.equal(ssh.preview?.method, "HostServiceSystem.StartService");
  const started = await mcp.call("host_service", {
    host: "DC0_H0",
    action: "start",
    service: "TSM-SSH",
    confirm: true,
    confirmation_handle: ssh.confirmation_handle,
  });
  assert.equal(started.isError, true, "vcsim has no HostServiceSystem (checked against the WSDL instead)");
  const stop = structured(
    await mcp.call("host_service", { host: "DC0_H0", action: "stop", service: "TSM-SSH" }),
  );
  assert.equal(stop.status, "unchanged", "a stopped service is not stopped again");
  const unknown = await mcp.call("host_service", { host: "DC0_H0", action: "start", service: "nope" });
  assert.match(textOf(unknown), /no service "nope"/);
});
