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
import { SoapEncoder } from "../../vsphere/soap/encode.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";
import { vim25Schema } from "../../vsphere/vim25/vim_schema.ts";
import { applyArgs, evcArgs } from "./cluster_drs.ts";

const CLUSTER = "DC0_C0";
const VMS = ["DC0_C0_RP0_VM0", "DC0_C0_RP0_VM1"];
const HOSTS = ["DC0_C0_H0", "DC0_C0_H1", "DC0_C0_H2"];

async function configEx(client: VSphereClient, ref: MoRef): Promise<VimObject> {
  return (await retrieveOne(client, ref, ["configurationEx"])).configurationEx as VimObject;
}

function items(value: unknown): VimObject[] {
  return Array.isArray(value) ? value as VimObject[] : [];
}

async function clusterNames(client: VSphereClient): Promise<string[]> {
  const names: string[] = [];
  for await (const c of retrieveView(client, { type: "ClusterComputeResource", paths: ["name"] })) {
    names.push(String(c.props.name));
  }
  return names.sort();
}

Deno.test("cluster_summary reports hosts, VMs, capacity and HA/DRS state as vCenter has them", async () => {
  await using sim = await startVcsim();
  await using mcp = await connectRecording(sim.target(), ["cluster"]);
  const direct = new VSphereClient(sim.target());
  try {
    const cluster = await resolveEntity(direct, "ClusterComputeResource", CLUSTER);
    const props = await retrieveOne(direct, cluster.ref, ["host", "summary.totalCpu", "configurationEx"]);
    const result = (await mcp.call("cluster_summary", { cluster: "DC0_*", detail: true }))
      .structuredContent as {
        clusters: {
          moref: string;
          name: string;
          hosts: number;
          vms: number;
          vms_powered_on: number;
          cpu: { capacity_mhz: number };
          drs: { enabled: boolean };
          host_names: string[];
          rules: unknown[];
          recommendations: unknown[];
          evc_mode: string | null;
        }[];
      };
    assert.equal(result.clusters.length, 1);
    const row = result.clusters[0]!;
    assert.equal(row.moref, cluster.ref.value);
    assert.equal(row.hosts, (props.host as MoRef[]).length);
    assert.deepEqual(row.host_names, HOSTS);
    assert.equal(row.vms, 2);
    assert.equal(row.vms_powered_on, 2);
    assert.equal(row.cpu.capacity_mhz, props["summary.totalCpu"]);
    assert.equal(row.drs.enabled, (props.configurationEx as VimObject).drsConfig !== undefined);
    assert.deepEqual(row.rules, []);
    assert.deepEqual(row.recommendations, [], "vCenter's recommendation list, empty here");
    assert.equal(row.evc_mode, null);
    const none = (await mcp.call("cluster_summary", { cluster: "nope*" })).structuredContent;
    assert.deepEqual(none, { clusters: [] });
    const alias = await mcp.call("list_drs_rules", { cluster: CLUSTER });
    assert.equal(alias.isError, undefined, "the seed's name resolves");
    assert.deepEqual(await validateRequests(mcp.requests("RetrievePropertiesEx")), []);
  } finally {
    await direct.close();
  }
});

Deno.test("cluster creates and renames a cluster for real, after a preview; create is idempotent", async () => {
  await using sim = await startVcsim();
  await using mcp = await connectRecording(sim.target(), ["cluster"]);
  const direct = new VSphereClient(sim.target());
  try {
    const create = { action: "create", cluster: "C-new" };
    const p = await preview(mcp, "cluster", create);
    assert.equal(p.preview?.method, "CreateClusterEx");
    assert.equal(p.preview?.tier, "critical");
    assert.deepEqual(await clusterNames(direct), [CLUSTER], "the preview changed nothing");
    const created = await confirm(mcp, "cluster", create, p.confirmation_handle);
    assert.deepEqual(await clusterNames(direct), ["C-new", CLUSTER], "the cluster really exists");
    const again = (await mcp.call("cluster", create)).structuredContent as { status: string };
    assert.equal(again.status, "unchanged");

    const rename = { action: "rename", cluster: String(created.moref), new_name: "C-renamed" };
    const r = await previewAndConfirm(mcp, "cluster", rename);
    assert.equal(r.preview.preview?.method, "Rename_Task");
    assert.deepEqual(await clusterNames(direct), ["C-renamed", CLUSTER]);

    const missing = await mcp.call("cluster", { action: "rename", cluster: "C-renamed" });
    assert.equal(missing.isError, true);
    assert.match(textOf(missing), /new_name/);

    // The simulator has no Destroy_Task for clusters: the preview is checked, the request is checked against
    // the WSDL, and the call's outcome is whatever vCenter (here: the simulator) says.
    const del = { action: "delete", cluster: "C-renamed" };
    const d = await preview(mcp, "cluster", del);
    assert.equal(d.preview?.method, "Destroy_Task");
    assert.deepEqual(d.preview?.targets[0]?.state, { hosts: 0 });
    assert.deepEqual(await clusterNames(direct), ["C-renamed", CLUSTER], "the preview changed nothing");
    const outcome = await mcp.call("cluster", {
      ...del,
      confirm: true,
      confirmation_handle: d.confirmation_handle,
    });
    assert.match(
      textOf(outcome),
      /MethodNotFound \(Destroy_Task\)/,
      "the simulator's known gap, reported typed",
    );
    const bodies = [
      ...mcp.requests("CreateClusterEx"),
      ...mcp.requests("Rename_Task"),
      ...mcp.requests("Destroy_Task"),
    ];
    assert.equal(bodies.length, 3);
    assert.deepEqual(await validateRequests(bodies), []);
  } finally {
    await direct.close();
  }
});

Deno.test("cluster create names the datacenters when there is more than one", async () => {
  await using sim = await startVcsim({ model: { dc: 2 } });
  await using mcp = await connectRecording(sim.target(), ["cluster"]);
  const result = await mcp.call("cluster", { action: "create", cluster: "C-x" });
  assert.equal(result.isError, true);
  assert.match(
    textOf(result),
    /Name the datacenter: there is not exactly one \(found: datacenter-\d+, datacenter-\d+\)/,
  );
  const ok = await preview(mcp, "cluster", { action: "create", cluster: "C-x", datacenter: "DC1" });
  assert.match(ok.preview?.summary ?? "", /in datacenter DC1/);
});

Deno.test("cluster_group and cluster_rule really create, change and delete groups and rules", async () => {
  await using sim = await startVcsim();
  await using mcp = await connectRecording(sim.target(), ["cluster"]);
  const direct = new VSphereClient(sim.target());
  try {
    const cluster = (await resolveEntity(direct, "ClusterComputeResource", CLUSTER)).ref;
    const vms = await Promise.all(VMS.map((n) => resolveEntity(direct, "VirtualMachine", n)));
    const hosts = await Promise.all(HOSTS.map((n) => resolveEntity(direct, "HostSystem", n)));

    const vmGroup = { action: "create", cluster: CLUSTER, group: "app", type: "vm", members: VMS };
    const p = await preview(mcp, "cluster_group", vmGroup);
    assert.equal(p.preview?.tier, "high");
    assert.deepEqual(items((await configEx(direct, cluster)).group), [], "the preview changed nothing");
    await confirm(mcp, "cluster_group", vmGroup, p.confirmation_handle);
    await previewAndConfirm(mcp, "cluster_group", {
      action: "create",
      cluster: CLUSTER,
      group: "edge",
      type: "host",
      members: [hosts[0]!.ref.value, HOSTS[1]],
    });
    let groups = items((await configEx(direct, cluster)).group);
    assert.deepEqual(groups.map((g) => [g._type, g.name]), [["ClusterVmGroup", "app"], [
      "ClusterHostGroup",
      "edge",
    ]]);
    assert.deepEqual((groups[0]!.vm as MoRef[]).map((r) => r.value), vms.map((v) => v.ref.value));
    assert.deepEqual((groups[1]!.host as MoRef[]).map((r) => r.value), [
      hosts[0]!.ref.value,
      hosts[1]!.ref.value,
    ]);

    const same = (await mcp.call("cluster_group", { ...vmGroup, action: "update" })).structuredContent as {
      status: string;
    };
    assert.equal(same.status, "unchanged", "the same members change nothing");
    await previewAndConfirm(mcp, "cluster_group", {
      action: "update",
      cluster: CLUSTER,
      group: "edge",
      type: "host",
      members: [HOSTS[2]],
    });
    groups = items((await configEx(direct, cluster)).group);
    assert.deepEqual(
      (groups[1]!.host as MoRef[]).map((r) => r.value),
      [hosts[2]!.ref.value],
      "members replaced",
    );

    const anti = { action: "create", cluster: CLUSTER, rule: "spread", type: "vm_anti_affinity", vms: VMS };
    const rp = await preview(mcp, "cluster_rule", anti);
    assert.deepEqual(items((await configEx(direct, cluster)).rule), [], "the preview changed nothing");
    const created = await confirm(mcp, "cluster_rule", anti, rp.confirmation_handle);
    await previewAndConfirm(mcp, "cluster_rule", {
      action: "create",
      cluster: CLUSTER,
      rule: "pin",
      type: "vm_host",
      vm_group: "app",
      host_group: "edge",
      affine: false,
      mandatory: true,
    });
    const rules = items((await configEx(direct, cluster)).rule);
    assert.deepEqual(rules.map((r) => [r._type, r.name, r.enabled, r.mandatory]), [
      ["ClusterAntiAffinityRuleSpec", "spread", true, false],
      ["ClusterVmHostRuleInfo", "pin", true, true],
    ]);
    assert.equal(created.key, rules[0]!.key);
    assert.deepEqual((rules[0]!.vm as MoRef[]).map((r) => r.value), vms.map((v) => v.ref.value));
    assert.equal(rules[1]!.vmGroupName, "app");
    assert.equal(rules[1]!.antiAffineHostGroupName, "edge");
    assert.equal(rules[1]!.affineHostGroupName, undefined);

    const again = (await mcp.call("cluster_rule", anti)).structuredContent as { status: string };
    assert.equal(again.status, "unchanged");
    const inUse = await mcp.call("cluster_group", {
      action: "delete",
      cluster: CLUSTER,
      group: "app",
      type: "vm",
    });
    assert.equal(inUse.isError, true);
    assert.match(textOf(inUse), /used by rule\(s\) pin/);
    const noGroup = await mcp.call("cluster_rule", {
      action: "create",
      cluster: CLUSTER,
      rule: "x",
      type: "vm_host",
      vm_group: "nope",
      host_group: "edge",
    });
    assert.equal(noGroup.isError, true);

    const summary = (await mcp.call("cluster_summary", { cluster: CLUSTER, detail: true }))
      .structuredContent as {
        clusters: {
          rules: { name: string; type: string; vms?: string[]; affine?: boolean }[];
          groups: unknown[];
        }[];
      };
    assert.deepEqual(summary.clusters[0]!.rules.map((r) => [r.name, r.type, r.vms ?? r.affine]), [
      ["spread", "vm_anti_affinity", VMS],
      ["pin", "vm_host", false],
    ]);
    assert.deepEqual(summary.clusters[0]!.groups, [
      { name: "app", type: "vm", members: VMS },
      { name: "edge", type: "host", members: [HOSTS[2]] },
    ]);

    for (const rule of ["pin", "spread"]) {
      await previewAndConfirm(mcp, "cluster_rule", { action: "delete", cluster: CLUSTER, rule });
    }
    assert.deepEqual(items((await configEx(direct, cluster)).rule), [], "the rules are really gone");
    await previewAndConfirm(mcp, "cluster_group", {
      action: "delete",
      cluster: CLUSTER,
      group: "app",
      type: "vm",
    });
    groups = items((await configEx(direct, cluster)).group);
    assert.deepEqual(groups.map((g) => g.name), ["edge"], "the group is really gone");
    const gone = (await mcp.call("cluster_rule", { action: "delete", cluster: CLUSTER, rule: "spread" }))
      .structuredContent as { status: string };
    assert.equal(gone.status, "unchanged");

    const reconfigs = mcp.requests("ReconfigureComputeResource_Task");
    assert.equal(reconfigs.length, 8);
    assert.deepEqual(await validateRequests(reconfigs), []);
  } finally {
    await direct.close();
  }
});

Deno.test("cluster_vm_override sets and removes DRS and HA overrides for real", async () => {
  await using sim = await startVcsim();
  await using mcp = await connectRecording(sim.target(), ["cluster"]);
  const direct = new VSphereClient(sim.target());
  try {
    const cluster = (await resolveEntity(direct, "ClusterComputeResource", CLUSTER)).ref;
    const vm = (await resolveEntity(direct, "VirtualMachine", VMS[0]!)).ref;
    const set = {
      action: "set",
      cluster: CLUSTER,
      vm: VMS[0],
      drs_behavior: "manual",
      ha_restart_priority: "high",
      ha_isolation_response: "shutdown",
    };
    const p = await preview(mcp, "cluster_vm_override", set);
    assert.equal(p.preview?.tier, "high");
    assert.deepEqual(items((await configEx(direct, cluster)).drsVmConfig), [], "the preview changed nothing");
    const done = await confirm(mcp, "cluster_vm_override", set, p.confirmation_handle);
    assert.deepEqual(done.after, {
      drs_behavior: "manual",
      ha_restart_priority: "high",
      ha_isolation_response: "shutdown",
    });
    let config = await configEx(direct, cluster);
    const drs = items(config.drsVmConfig);
    const das = items(config.dasVmConfig);
    assert.deepEqual(drs.map((d) => [(d.key as MoRef).value, d.enabled, d.behavior]), [[
      vm.value,
      true,
      "manual",
    ]]);
    assert.deepEqual(das.map((d) => [(d.key as MoRef).value, (d.dasSettings as VimObject).restartPriority]), [
      [vm.value, "high"],
    ]);
    const again = (await mcp.call("cluster_vm_override", set)).structuredContent as { status: string };
    assert.equal(again.status, "unchanged");

    await previewAndConfirm(mcp, "cluster_vm_override", {
      action: "set",
      cluster: CLUSTER,
      vm: vm.value,
      drs_behavior: "disabled",
      ha_restart_priority: "low",
    });
    config = await configEx(direct, cluster);
    assert.equal(items(config.drsVmConfig)[0]!.enabled, false, "DRS is really disabled for the VM");
    assert.equal((items(config.dasVmConfig)[0]!.dasSettings as VimObject).restartPriority, "low");

    await previewAndConfirm(mcp, "cluster_vm_override", { action: "remove", cluster: CLUSTER, vm: VMS[0] });
    config = await configEx(direct, cluster);
    assert.deepEqual(items(config.drsVmConfig), [], "the overrides are really gone");
    assert.deepEqual(items(config.dasVmConfig), []);
    const none = (await mcp.call("cluster_vm_override", { action: "remove", cluster: CLUSTER, vm: VMS[0] }))
      .structuredContent as { status: string };
    assert.equal(none.status, "unchanged");
    assert.deepEqual(await validateRequests(mcp.requests("ReconfigureComputeResource_Task")), []);
  } finally {
    await direct.close();
  }
});

Deno.test("cluster_settings sends a WSDL-valid HA/DRS change (the simulator accepts and ignores it)", async () => {
  await using sim = await startVcsim();
  await using mcp = await connectRecording(sim.target(), ["cluster"]);
  const args = {
    cluster: CLUSTER,
    ha_enabled: true,
    ha_host_monitoring: true,
    ha_vm_monitoring: "vmMonitoringOnly",
    ha_admission_control: true,
    ha_failover_level: 1,
    drs_enabled: true,
    drs_behavior: "fullyAutomated",
    drs_vmotion_rate: 3,
    dpm_enabled: true,
    dpm_behavior: "automated",
  };
  const p = await preview(mcp, "cluster_settings", args);
  assert.equal(p.preview?.tier, "high");
  assert.equal(p.preview?.method, "ReconfigureComputeResource_Task");
  assert.equal(mcp.requests("ReconfigureComputeResource_Task").length, 0, "the preview sent nothing");
  const done = await confirm(mcp, "cluster_settings", args, p.confirmation_handle);
  assert.equal(done.task_state, "success");
  assert.ok((done.changed as string[]).includes("drs_behavior"));
  const sent = mcp.requests("ReconfigureComputeResource_Task");
  assert.equal(sent.length, 1);
  assert.match(sent[0]!.xml, /<drsConfig><enabled>true<\/enabled><defaultVmBehavior>fullyAutomated</);
  assert.match(
    sent[0]!.xml,
    /<admissionControlPolicy xsi:type="ClusterFailoverLevelAdmissionControlPolicy">/,
  );
  assert.match(sent[0]!.xml, /<modify>true<\/modify>/);
  assert.match(sent[0]!.xml, /<dpmConfig><enabled>true<\/enabled><defaultDpmBehavior>automated</);

  const pct = {
    cluster: CLUSTER,
    ha_failover_cpu_percent: 25,
    ha_failover_memory_percent: 30,
    ha_heartbeat_datastores: ["LocalDS_0"],
  };
  const pp = await preview(mcp, "cluster_settings", pct);
  assert.deepEqual(pp.preview?.args, {
    ha_failover_cpu_percent: 25,
    ha_failover_memory_percent: 30,
    ha_heartbeat_datastores: ["LocalDS_0"],
  });
  await confirm(mcp, "cluster_settings", pct, pp.confirmation_handle);
  const second = mcp.requests("ReconfigureComputeResource_Task")[1]!;
  assert.match(second.xml, /xsi:type="ClusterFailoverResourcesAdmissionControlPolicy"/);
  assert.match(second.xml, /<heartbeatDatastore type="Datastore">/);
  assert.match(second.xml, /<hBDatastoreCandidatePolicy>userSelectedDs</);
  assert.deepEqual(await validateRequests([second]), []);
  const half = await mcp.call("cluster_settings", { cluster: CLUSTER, ha_failover_cpu_percent: 25 });
  assert.equal(half.isError, true);
  assert.deepEqual(await validateRequests(sent), []);

  const nothing = await mcp.call("cluster_settings", { cluster: CLUSTER });
  assert.equal(nothing.isError, true);
  const same = (await mcp.call("cluster_settings", { cluster: CLUSTER, drs_enabled: true }))
    .structuredContent as {
      status: string;
    };
  assert.equal(same.status, "unchanged", "DRS already on: nothing to do");
});

Deno.test("cluster_host_move previews the hosts and sends a WSDL-valid MoveInto_Task", async () => {
  await using sim = await startVcsim({ model: { cluster: 2 } });
  await using mcp = await connectRecording(sim.target(), ["cluster"]);
  const direct = new VSphereClient(sim.target());
  try {
    const host = (await resolveEntity(direct, "HostSystem", "DC0_C1_H0")).ref;
    const args = { cluster: CLUSTER, hosts: ["DC0_C1_H0", "DC0_C0_H0"] };
    const p = await preview(mcp, "cluster_host_move", args);
    assert.equal(p.preview?.method, "MoveInto_Task");
    assert.deepEqual(
      p.preview?.targets.map((t) => t.name),
      [CLUSTER, "DC0_C1_H0"],
      "hosts already there are skipped",
    );
    assert.deepEqual(p.preview?.targets[1]?.state, { parent: "DC0_C1", in_maintenance: false });
    const parent = (await retrieveOne(direct, host, ["parent"])).parent as MoRef;
    const outcome = await mcp.call("cluster_host_move", {
      ...args,
      confirm: true,
      confirmation_handle: p.confirmation_handle,
    });
    assert.match(
      textOf(outcome),
      /MethodNotFound \(MoveInto_Task\)/,
      "the simulator's known gap, reported typed",
    );
    const sent = mcp.requests("MoveInto_Task");
    assert.equal(sent.length, 1);
    assert.match(sent[0]!.xml, new RegExp(`<host type="HostSystem">${host.value}</host>`));
    assert.deepEqual(await validateRequests(sent), []);
    assert.deepEqual(
      (await retrieveOne(direct, host, ["parent"])).parent,
      parent,
      "a refused move leaves the host",
    );

    const already = (await mcp.call("cluster_host_move", { cluster: CLUSTER, hosts: ["DC0_C0_H1"] }))
      .structuredContent as { status: string; result: { already_in_cluster: string[] } };
    assert.equal(already.status, "unchanged");
    assert.deepEqual(already.result.already_in_cluster, ["DC0_C0_H1"]);
  } finally {
    await direct.close();
  }
});

Deno.test("cluster_drs: recommendations and EVC go through preview and WSDL-valid requests", async () => {
  await using sim = await startVcsim();
  await using mcp = await connectRecording(sim.target(), ["cluster"]);
  const encoder = new SoapEncoder(vim25Schema);

  const noKey = await mcp.call("cluster_drs", { action: "apply_recommendation", cluster: CLUSTER, key: "1" });
  assert.equal(noKey.isError, true);
  assert.match(textOf(noKey), /no pending recommendation 1/);
  assert.equal(mcp.requests("ApplyRecommendation").length, 0);

  const refresh = { action: "refresh_recommendations", cluster: CLUSTER };
  const r = await preview(mcp, "cluster_drs", refresh);
  assert.equal(r.preview?.method, "RefreshRecommendation");
  assert.equal(mcp.requests("RefreshRecommendation").length, 0, "the preview sent nothing");
  const refreshed = await mcp.call("cluster_drs", {
    ...refresh,
    confirm: true,
    confirmation_handle: r.confirmation_handle,
  });
  assert.match(textOf(refreshed), /MethodNotFound \(RefreshRecommendation\)/, "the simulator's gap, typed");

  const unchanged = (await mcp.call("cluster_drs", { action: "disable_evc", cluster: CLUSTER }))
    .structuredContent as {
      status: string;
    };
  assert.equal(unchanged.status, "unchanged", "EVC is already off");
  const evc = { action: "set_evc", cluster: CLUSTER, evc_mode: "intel-broadwell" };
  const e = await preview(mcp, "cluster_drs", evc);
  assert.deepEqual(e.preview?.targets[0]?.state, { evc_mode: null });
  const set = await mcp.call("cluster_drs", {
    ...evc,
    confirm: true,
    confirmation_handle: e.confirmation_handle,
  });
  assert.match(textOf(set), /MethodNotFound \(EvcManager\)/);

  const cluster = mcp.requests("RefreshRecommendation")[0]!.xml.match(
    /<_this type="ClusterComputeResource">([^<]+)/,
  )![1]!;
  const ref = { type: "ClusterComputeResource", value: cluster };
  const evcManager = { type: "ClusterEVCManager", value: "evcmanager-1" };
  const bodies = [
    ...mcp.requests("RefreshRecommendation"),
    ...mcp.requests("EvcManager"),
    { name: "ApplyRecommendation", xml: encoder.body("ApplyRecommendation", ref, applyArgs("12")) },
    {
      name: "ConfigureEvcMode_Task",
      xml: encoder.body("ConfigureEvcMode_Task", evcManager, evcArgs("intel-broadwell")),
    },
    { name: "DisableEvcMode_Task", xml: encoder.body("DisableEvcMode_Task", evcManager, {}) },
  ];
  assert.equal(bodies.length, 5);
  assert.deepEqual(await validateRequests(bodies), []);
});
