/** Host requests the simulator lacks or does not validate, for the WSDL contract tests. */
import type { ContractCase } from "../shared/contract.ts";
import { updateOptionsRequest } from "./advanced_option.ts";
import { addHostRequest, hostConnectSpec } from "./host_add.ts";
import { hostConnectionRequest } from "./host_connection.ts";
import { maintenanceRequest } from "./host_maintenance.ts";
import { hostInventoryRequest } from "./host_inventory.ts";
import { hostNetworkRequest } from "./host_network.ts";
import { hostPowerRequest } from "./host_power.ts";
import { hostServiceRequest } from "./host_service.ts";
import { hostStorageRequest } from "./host_storage.ts";

const host = { type: "HostSystem", value: "host-21" };
const computeResource = { type: "ComputeResource", value: "domain-s20" };
const cluster = { type: "ClusterComputeResource", value: "domain-c7" };
const folder = { type: "Folder", value: "group-h4" };
const networkSystem = { type: "HostNetworkSystem", value: "networkSystem-21" };
const datastoreSystem = { type: "HostDatastoreSystem", value: "datastoreSystem-21" };
const optionManager = { type: "OptionManager", value: "EsxHostAdvSettings-21" };

const spec = hostConnectSpec({
  hostName: "esx01.example",
  port: 443,
  sslThumbprint: "AA:BB:CC",
  userName: "root",
  password: "secret",
  force: false,
});

function power(action: "reboot" | "shutdown", force: boolean): ContractCase {
  const r = hostPowerRequest(action, force);
  return { name: `host_power ${action} force=${force}`, method: r.method, this: host, args: r.args };
}

function connection(action: "disconnect" | "reconnect" | "remove", syncState?: boolean): ContractCase {
  const r = hostConnectionRequest(action, host, computeResource, syncState);
  return { name: `host_connection ${action}`, method: r.method, this: r.this, args: r.args };
}

const enter = maintenanceRequest("enter", {
  timeoutSeconds: 300,
  evacuatePoweredOffVms: true,
  vsanMode: "ensureObjectAccessibility",
});
const exit = maintenanceRequest("exit", { timeoutSeconds: 0 });
const addCluster = addHostRequest("cluster", spec, true, "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE");
const addStandalone = addHostRequest("standalone", spec, false);
const vswitch = hostNetworkRequest({
  action: "add_vswitch",
  vswitch: "vSwitch1",
  numPorts: 64,
  mtu: 9000,
  uplinks: ["vmnic1"],
});
const portgroup = hostNetworkRequest({
  action: "add_portgroup",
  vswitch: "vSwitch1",
  portgroup: "pg",
  vlanId: 10,
});
// A vSwitch and a portgroup spec as vcsim returns them (strings, one-element lists unwrapped).
const currentSwitch = {
  numPorts: "0",
  policy: { nicTeaming: { policy: "loadbalance_srcid", nicOrder: { activeNic: "vmnic0" } } },
};
const currentGroup = {
  name: "Management Network",
  vlanId: "0",
  vswitchName: "vSwitch0",
  policy: {
    security: "",
    nicTeaming: {
      policy: "loadbalance_srcid",
      notifySwitches: "true",
      rollingOrder: "false",
      failureCriteria: { checkBeacon: "false" },
      nicOrder: { activeNic: "vmnic0" },
    },
    offloadPolicy: "",
    shapingPolicy: "",
  },
};
const updateSwitch = hostNetworkRequest({
  action: "update_vswitch",
  vswitch: "vSwitch0",
  mtu: 9000,
  uplinks: ["vmnic0", "vmnic1"],
  standbyUplinks: ["vmnic2"],
  current: currentSwitch,
});
const updateGroup = hostNetworkRequest({
  action: "update_portgroup",
  portgroup: "Management Network",
  vlanId: 20,
  current: currentGroup,
});
const nfs = hostStorageRequest({
  action: "mount_nfs",
  name: "nfs01",
  remoteHost: "nfs",
  remotePath: "/x",
  nfsVersion: "NFS41",
});
const option = updateOptionsRequest("UserVars.SuppressShellWarning", 1);

function inventory(name: string, r: ReturnType<typeof hostInventoryRequest>): ContractCase {
  return { name, method: r.method, this: r.this, args: r.args };
}

const serviceSystem = { type: "HostServiceSystem", value: "serviceSystem-21" };
function service(r: ReturnType<typeof hostServiceRequest>): ContractCase {
  return {
    name: `host_service ${r.method} (vcsim lacks it)`,
    method: r.method,
    this: serviceSystem,
    args: r.args,
  };
}

export const HOST_CONTRACT_CASES: readonly ContractCase[] = [
  service(hostServiceRequest("start", "TSM-SSH")),
  service(hostServiceRequest("stop", "TSM-SSH")),
  service(hostServiceRequest("restart", "ntpd")),
  service(hostServiceRequest("set_policy", "TSM-SSH", "on")),
  inventory(
    "host_inventory move into a cluster",
    hostInventoryRequest("move", host, { destination: cluster, parent: computeResource }),
  ),
  inventory(
    "host_inventory move a standalone host to a folder",
    hostInventoryRequest("move", host, { destination: folder, parent: computeResource }),
  ),
  inventory("host_inventory rename", hostInventoryRequest("rename", host, { name: "esx-a" })),
  power("reboot", false),
  power("shutdown", true),
  connection("disconnect"),
  connection("reconnect"),
  connection("reconnect", true),
  connection("remove"),
  { name: "host_maintenance enter with vSAN mode", method: enter.method, this: host, args: enter.args },
  { name: "host_maintenance exit", method: exit.method, this: host, args: exit.args },
  { name: "host_add to cluster", method: addCluster.method, this: cluster, args: addCluster.args },
  { name: "host_add standalone", method: addStandalone.method, this: folder, args: addStandalone.args },
  {
    name: "host_network add_vswitch with uplink",
    method: vswitch.method,
    this: networkSystem,
    args: vswitch.args,
  },
  { name: "host_network add_portgroup", method: portgroup.method, this: networkSystem, args: portgroup.args },
  {
    name: "host_network update_vswitch (vcsim lacks it)",
    method: updateSwitch.method,
    this: networkSystem,
    args: updateSwitch.args,
  },
  {
    name: "host_network update_portgroup keeps its policy",
    method: updateGroup.method,
    this: networkSystem,
    args: updateGroup.args,
  },
  { name: "host_storage mount_nfs NFS41", method: nfs.method, this: datastoreSystem, args: nfs.args },
  { name: "advanced_option integer value", method: option.method, this: optionManager, args: option.args },
];
