/** Host configuration requests the simulator lacks, for the WSDL contract tests (built by the tools' own functions). */
import type { ContractCase } from "../shared/contract.ts";
import type { HostRequest } from "./common.ts";
import { agentVmRequest } from "./host_agent_vm.ts";
import { autostartRequest } from "./host_autostart.ts";
import { coredumpRequest } from "./host_coredump.ts";
import { dnsRequest } from "./host_dns.ts";
import { vswitchPolicyRequest } from "./host_vswitch_policy.ts";
import { certificateRequest } from "./host_certificate.ts";
import { firmwareRequest } from "./host_firmware.ts";
import { SOFTWARE_READS } from "./host_software.ts";
import { softwareConfigRequest } from "./host_software_config.ts";
import { applyHostConfigRequest, hostProfileRequest } from "./host_profile.ts";
import { passthroughRequest } from "./host_passthrough.ts";
import { pciDeviceSpec } from "./vm_pci_device.ts";
import { domainRequest } from "./host_domain.ts";
import { localUserRequest } from "./host_local_user.ts";
import { graphicsRequest } from "./host_graphics.ts";
import { snmpRequest } from "./host_snmp.ts";
import { swapRequest } from "./host_swap.ts";
import { lockdownRequest } from "./host_lockdown.ts";
import { powerPolicyRequest } from "./host_power_policy.ts";
import { routingRequest } from "./host_routing.ts";
import { syslogRequest } from "./host_syslog.ts";
import { timeRequest } from "./host_time.ts";
import { vmkernelRequest } from "./host_vmkernel.ts";

/** The managed object type behind each `configManager` property (what `this` is on the wire). */
const MANAGER_TYPES: Record<string, string> = {
  host: "HostSystem",
  networkSystem: "HostNetworkSystem",
  dateTimeSystem: "HostDateTimeSystem",
  advancedOption: "OptionManager",
  hostAccessManager: "HostAccessManager",
  powerSystem: "HostPowerSystem",
  virtualNicManager: "HostVirtualNicManager",
  snmpSystem: "HostSnmpSystem",
  autoStartManager: "HostAutoStartManager",
  diagnosticSystem: "HostDiagnosticSystem",
  graphicsManager: "HostGraphicsManager",
  datastoreSystem: "HostDatastoreSystem",
  cacheConfigurationManager: "HostCacheConfigurationManager",
  esxAgentHostManager: "HostEsxAgentHostManager",
  pciPassthruSystem: "HostPciPassthruSystem",
  firmwareSystem: "HostFirmwareSystem",
  bootDeviceSystem: "HostBootDeviceSystem",
  imageConfigManager: "HostImageConfigManager",
  kernelModuleSystem: "HostKernelModuleSystem",
  certificateManager: "HostCertificateManager",
};

export function contractCase(name: string, request: HostRequest): ContractCase {
  const type = MANAGER_TYPES[request.manager] ?? request.manager;
  return { name, method: request.method, this: { type, value: `${request.manager}-21` }, args: request.args };
}

const datastore = { type: "Datastore", value: "datastore-61" };
const network = { type: "Network", value: "network-7" };

function accounts(name: string, r: { method: string; args: ContractCase["args"] }): ContractCase {
  return {
    name,
    method: r.method,
    this: { type: "HostLocalAccountManager", value: "ha-localacctmgr" },
    args: r.args,
  };
}

function domain(name: string, r: { method: string; args: ContractCase["args"] }): ContractCase {
  return {
    name,
    method: r.method,
    this: { type: "HostActiveDirectoryAuthentication", value: "ad-21" },
    args: r.args,
  };
}

const vm = { type: "VirtualMachine", value: "vm-42" };
const existingPci = {
  _type: "VirtualPCIPassthrough",
  key: 13000,
  backing: { _type: "VirtualPCIPassthroughVmiopBackingInfo", vgpu: "grid_t4-4q" },
};

const profile = { type: "HostProfile", value: "hostprofile-1" };
const profileManager = { type: "HostProfileManager", value: "HostProfileManager" };
const host = { type: "HostSystem", value: "host-21" };

function profileCase(
  name: string,
  thisRef: ContractCase["this"],
  r: { method: string; args: ContractCase["args"] },
) {
  return { name, method: r.method, this: thisRef, args: r.args };
}

const certificateManager = { type: "CertificateManager", value: "certificateManager" };

/** A vSwitch and a portgroup as vCenter returns them (decoded, typed). */
const CURRENT_SWITCH = {
  numPorts: 128,
  bridge: { _type: "HostVirtualSwitchBondBridge", nicDevice: ["vmnic0", "vmnic1"] },
  policy: {
    _type: "HostNetworkPolicy",
    security: { allowPromiscuous: false, macChanges: true, forgedTransmits: true },
    nicTeaming: {
      policy: "loadbalance_srcid",
      notifySwitches: true,
      rollingOrder: false,
      failureCriteria: { checkBeacon: false, checkSpeed: "minimum", speed: 10 },
      nicOrder: { activeNic: ["vmnic0"], standbyNic: ["vmnic1"] },
    },
    offloadPolicy: { csumOffload: true },
    shapingPolicy: { enabled: false },
  },
  mtu: 1500,
};
const CURRENT_GROUP = {
  name: "VM Network",
  vlanId: 10,
  vswitchName: "vSwitch0",
  policy: { _type: "HostNetworkPolicy" },
};

export const HOST_CONFIG_CONTRACT_CASES: readonly ContractCase[] = [
  contractCase(
    "host_vswitch_policy on a vSwitch keeps uplinks, MTU and the other policies",
    vswitchPolicyRequest({ vswitch: "vSwitch0", spec: CURRENT_SWITCH }, {
      loadBalancing: "loadbalance_ip",
      failback: false,
      beaconProbing: true,
    }),
  ),
  contractCase(
    "host_vswitch_policy security override on a portgroup",
    vswitchPolicyRequest({ portgroup: "VM Network", spec: CURRENT_GROUP }, { allowPromiscuous: true }),
  ),
  ...Object.entries(SOFTWARE_READS).map(([view, request]) => contractCase(`host_software ${view}`, request)),
  contractCase(
    "host_software_config set_boot_device",
    softwareConfigRequest("set_boot_device", { key: "disk-1" }),
  ),
  contractCase(
    "host_software_config set_acceptance_level",
    softwareConfigRequest("set_acceptance_level", { level: "partner" }),
  ),
  contractCase(
    "host_software_config set_module_options",
    softwareConfigRequest("set_module_options", { module: "ixgben", options: "max_vfs=8,8" }),
  ),
  contractCase("host_firmware_backup backup", firmwareRequest("backup")),
  contractCase("host_firmware_backup upload_url", firmwareRequest("upload_url")),
  contractCase("host_firmware restore forced", firmwareRequest("restore", true)),
  contractCase("host_firmware reset", firmwareRequest("reset")),
  {
    name: "host_certificate refresh_ca",
    method: "CertMgrRefreshCACertificatesAndCRLs_Task",
    this: certificateManager,
    args: certificateRequest("refresh_ca", [host]).args,
  },
  {
    name: "host_certificate renew",
    method: "CertMgrRefreshCertificates_Task",
    this: certificateManager,
    args: certificateRequest("renew", [host]).args,
  },
  profileCase(
    "host_profile create from a host",
    profileManager,
    hostProfileRequest("create", { name: "gold", description: "Gold build", host }),
  ),
  profileCase("host_profile delete", profile, hostProfileRequest("delete", {})),
  profileCase("host_profile associate", profile, hostProfileRequest("associate", { entities: [host] })),
  profileCase("host_profile dissociate", profile, hostProfileRequest("dissociate", { entities: [host] })),
  { name: "host_profile remediate: execute", method: "ExecuteHostProfile", this: profile, args: { host } },
  profileCase(
    "host_profile remediate: apply the computed config",
    profileManager,
    applyHostConfigRequest(host, {
      _type: "HostConfigSpec",
      datetime: {
        _type: "HostDateTimeConfig",
        ntpConfig: { _type: "HostNtpConfig", server: ["10.0.0.123"] },
      },
    }),
  ),
  {
    name: "host_profile_list check_compliance",
    method: "CheckCompliance_Task",
    this: { type: "ProfileComplianceManager", value: "MoComplianceManager" },
    args: { profile: [profile], entity: [host] },
  },
  { name: "host_profile_list export", method: "ExportProfile", this: profile, args: {} },
  contractCase("host_passthrough enable", passthroughRequest("enable", ["0000:3b:00.0", "0000:3b:00.1"])),
  contractCase("host_passthrough enable_sriov", passthroughRequest("enable_sriov", ["0000:5e:00.0"], 8)),
  contractCase("host_passthrough disable_sriov", passthroughRequest("disable_sriov", ["0000:5e:00.0"])),
  {
    name: "vm_pci_device add_pci (Dynamic DirectPath)",
    method: "ReconfigVM_Task",
    this: vm,
    args: { spec: pciDeviceSpec("add_pci", { vendorId: 0x10de, deviceId: 0x1eb8 }) },
  },
  {
    name: "vm_pci_device add_vgpu",
    method: "ReconfigVM_Task",
    this: vm,
    args: { spec: pciDeviceSpec("add_vgpu", { profile: "grid_t4-4q" }) },
  },
  {
    name: "vm_pci_device remove",
    method: "ReconfigVM_Task",
    this: vm,
    args: { spec: pciDeviceSpec("remove", { device: existingPci }) },
  },
  accounts(
    "host_local_user create (POSIX spec)",
    localUserRequest("create", { user: "svc", password: "pw", description: "d", shellAccess: false }),
  ),
  accounts(
    "host_local_user update without password",
    localUserRequest("update", { user: "svc", description: "x" }),
  ),
  accounts("host_local_user remove", localUserRequest("remove", { user: "svc" })),
  domain(
    "host_domain join",
    domainRequest("join", { domain: "corp.example", user: "joiner", password: "pw" }),
  ),
  domain("host_domain leave", domainRequest("leave", { force: true })),
  contractCase(
    "host_snmp on with communities and a trap target",
    snmpRequest({
      enabled: true,
      port: 161,
      communities: ["c1", "c2"],
      targets: [{ host: "nms.corp", port: 162 }],
    }),
  ),
  contractCase("host_snmp off", snmpRequest({ enabled: false })),
  contractCase(
    "host_autostart defaults and one VM",
    autostartRequest({ enabled: true, startDelay: 60, stopAction: "guestShutdown" }, [{
      vm: { type: "VirtualMachine", value: "vm-42" },
      startOrder: 1,
      startDelay: -1,
      startAction: "powerOn",
      stopDelay: -1,
      stopAction: "systemDefault",
      waitForHeartbeat: "systemDefault",
    }]),
  ),
  contractCase("host_autostart only turns it off", autostartRequest({ enabled: false }, [])),
  contractCase("host_autostart without defaults", autostartRequest({}, [])),
  contractCase("host_coredump select", coredumpRequest({ disk: "naa.600508b1", partition: 7 })),
  contractCase("host_coredump deactivate", coredumpRequest()),
  contractCase(
    "host_graphics with a device type",
    graphicsRequest({
      defaultType: "sharedDirect",
      policy: "consolidation",
      devices: [{ pciId: "0000:3b:00.0", type: "sharedDirect" }],
    }),
  ),
  contractCase("host_swap set_swap_datastore", swapRequest("set_swap_datastore", datastore)),
  contractCase("host_swap clear_swap_datastore", swapRequest("clear_swap_datastore")),
  contractCase("host_swap configure_cache", swapRequest("configure_cache", datastore, 40960)),
  contractCase("host_agent_vm", agentVmRequest(datastore, network)),
  contractCase(
    "host_dns static servers",
    dnsRequest({
      dhcp: false,
      hostName: "esx01",
      domainName: "corp.example",
      servers: ["10.0.0.53", "10.0.1.53"],
      searchDomains: ["corp.example"],
    }),
  ),
  contractCase(
    "host_dns from DHCP",
    dnsRequest({
      dhcp: true,
      vmknic: "vmk0",
      hostName: "esx01",
      domainName: "corp",
      servers: [],
      searchDomains: [],
    }),
  ),
  contractCase(
    "host_routing",
    routingRequest({ gateway: "10.0.0.1", device: "vmk0", ipv6Gateway: "fe80::1", ipv6Device: "" }),
  ),
  contractCase("host_time set_ntp", timeRequest("set_ntp", ["0.pool.ntp.org", "10.0.0.123"])),
  contractCase("host_time set_ntp off", timeRequest("set_ntp", [])),
  contractCase("host_time sync", timeRequest("sync")),
  contractCase("host_syslog", syslogRequest({ "Syslog.global.logHost": "udp://10.0.0.5:514" })),
  contractCase("host_lockdown strict", lockdownRequest("strict")),
  contractCase("host_lockdown disabled", lockdownRequest("disabled")),
  contractCase("host_power_policy", powerPolicyRequest(1)),
  contractCase(
    "host_vmkernel add static",
    vmkernelRequest({
      action: "add",
      portgroup: "vMotion",
      ip: "10.1.0.5",
      subnetMask: "255.255.255.0",
      mtu: 9000,
    }),
  ),
  contractCase(
    "host_vmkernel add DHCP on the vMotion stack",
    vmkernelRequest({ action: "add", portgroup: "vMotion", netstack: "vmotion" }),
  ),
  contractCase(
    "host_vmkernel update_ip",
    vmkernelRequest({ action: "update_ip", device: "vmk1", ip: "10.1.0.6", subnetMask: "255.255.255.0" }),
  ),
  contractCase("host_vmkernel remove", vmkernelRequest({ action: "remove", device: "vmk1" })),
  contractCase(
    "host_vmkernel enable_service",
    vmkernelRequest({ action: "enable_service", device: "vmk1", service: "vmotion" }),
  ),
  contractCase(
    "host_vmkernel disable_service",
    vmkernelRequest({ action: "disable_service", device: "vmk1", service: "vmotion" }),
  ),
];
