import assert from "node:assert/strict";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { asArray, asObjects, serviceManager, str } from "../shared/vim_values.ts";
import { HOST_CONFIG_CONTRACT_CASES } from "./contract_cases.ts";
import { hostConfigToolset } from "./mod.ts";

Deno.test("every privilege a host_config tool declares is one vCenter defines", async () => {
  await using sim = await startVcsim();
  const direct = new VSphereClient(sim.target());
  try {
    const auth = await serviceManager(direct, "authorizationManager");
    // vcsim leaves privilegeList empty; its roles (the Admin role holds every privilege) name them all.
    const roles = asObjects((await retrieveOne(direct, auth, ["roleList"])).roleList);
    const known = new Set(roles.flatMap((r) => asArray(r.privilege).map((p) => str(p))));
    assert.ok(known.size > 100);
    for (const tool of hostConfigToolset.tools) {
      for (const privilege of tool.privileges) assert.ok(known.has(privilege), `${tool.name}: ${privilege}`);
    }
  } finally {
    await direct.close();
  }
});

Deno.test("every host_config tool that changes something has its requests in the WSDL contract cases", () => {
  const methods = new Set(HOST_CONFIG_CONTRACT_CASES.map((c) => c.method));
  // The vSphere methods each write tool sends (host_syslog's UpdateOptions is also asserted on vcsim).
  const sends: Record<string, string[]> = {
    host_dns: ["UpdateDnsConfig"],
    host_routing: ["UpdateIpRouteConfig"],
    host_time: ["UpdateDateTimeConfig", "RefreshDateTimeSystem"],
    host_syslog: ["UpdateOptions"],
    host_lockdown: ["ChangeLockdownMode"],
    host_power_policy: ["ConfigurePowerPolicy"],
    host_vmkernel: [
      "AddVirtualNic",
      "UpdateVirtualNic",
      "RemoveVirtualNic",
      "SelectVnicForNicType",
      "DeselectVnicForNicType",
    ],
    host_vswitch_policy: ["UpdateVirtualSwitch", "UpdatePortGroup"],
    host_snmp: ["ReconfigureSnmpAgent"],
    host_autostart: ["ReconfigureAutostart"],
    host_coredump: ["SelectActivePartition"],
    host_graphics: ["UpdateGraphicsConfig"],
    host_swap: ["UpdateLocalSwapDatastore", "ConfigureHostCache_Task"],
    host_agent_vm: ["EsxAgentHostManagerUpdateConfig"],
    host_local_user: ["CreateUser", "UpdateUser", "RemoveUser"],
    host_domain: ["JoinDomain_Task", "LeaveCurrentDomain_Task"],
    host_passthrough: ["UpdatePassthruConfig"],
    vm_pci_device: ["ReconfigVM_Task"],
    host_profile: [
      "CreateProfile",
      "DestroyProfile",
      "AssociateProfile",
      "DissociateProfile",
      "ExecuteHostProfile",
      "ApplyHostConfig_Task",
    ],
    host_software_config: ["UpdateBootDevice", "UpdateHostImageAcceptanceLevel", "UpdateModuleOptionString"],
    host_firmware: ["RestoreFirmwareConfiguration", "ResetFirmwareToFactoryDefaults"],
    host_certificate: ["CertMgrRefreshCACertificatesAndCRLs_Task", "CertMgrRefreshCertificates_Task"],
  };
  const writers = hostConfigToolset.tools.filter((t) => !t.annotations.readOnlyHint).map((t) => t.name)
    .sort();
  assert.deepEqual(Object.keys(sends).sort(), writers);
  for (const [tool, list] of Object.entries(sends)) {
    for (const method of list) assert.ok(methods.has(method), `${tool}: ${method} has no contract case`);
  }
});
