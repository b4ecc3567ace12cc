import { defineToolset } from "../../registry/define.ts";
import { hostConfigGet } from "./host_config_get.ts";
import { hostDns } from "./host_dns.ts";
import { hostHardware } from "./host_hardware.ts";
import { hostLockdown } from "./host_lockdown.ts";
import { hostPowerPolicy } from "./host_power_policy.ts";
import { hostRouting } from "./host_routing.ts";
import { hostSyslog } from "./host_syslog.ts";
import { hostTime } from "./host_time.ts";
import { hostVmkernel } from "./host_vmkernel.ts";
import { hostVswitchPolicy } from "./host_vswitch_policy.ts";
import { hostSoftware } from "./host_software.ts";
import { hostSoftwareConfig } from "./host_software_config.ts";
import { hostFirmware, hostFirmwareBackup } from "./host_firmware.ts";
import { hostCertificate } from "./host_certificate.ts";
import { hostProfile, hostProfileList } from "./host_profile.ts";
import { hostPassthrough } from "./host_passthrough.ts";
import { vmPciDevice, vmPciDeviceList } from "./vm_pci_device.ts";
import { hostLocalUser } from "./host_local_user.ts";
import { hostDomain } from "./host_domain.ts";
import { hostAgentVm } from "./host_agent_vm.ts";
import { hostSwap } from "./host_swap.ts";
import { hostGraphics } from "./host_graphics.ts";
import { hostCoredump } from "./host_coredump.ts";
import { hostAutostart } from "./host_autostart.ts";
import { hostSnmp } from "./host_snmp.ts";

export const hostConfigToolset = defineToolset({
  id: "host_config",
  default: false,
  tools: [
    hostConfigGet,
    hostHardware,
    hostDns,
    hostRouting,
    hostTime,
    hostSyslog,
    hostLockdown,
    hostPowerPolicy,
    hostVmkernel,
    hostVswitchPolicy,
    hostSnmp,
    hostAutostart,
    hostCoredump,
    hostGraphics,
    hostSwap,
    hostAgentVm,
    hostLocalUser,
    hostDomain,
    hostPassthrough,
    vmPciDeviceList,
    vmPciDevice,
    hostProfileList,
    hostProfile,
    hostSoftware,
    hostSoftwareConfig,
    hostFirmwareBackup,
    hostFirmware,
    hostCertificate,
  ],
});
