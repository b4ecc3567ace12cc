import { defineToolset } from "../../registry/define.ts";
import { encryptionInfo } from "./encryption_info.ts";
import { scheduledTask, scheduledTaskList } from "./scheduled_task.ts";
import { vmAnswer } from "./vm_answer.ts";
import { vmChangedBlocks } from "./vm_changed_blocks.ts";
import { vmCompatibility } from "./vm_compatibility.ts";
import { vmConfigOptions } from "./vm_config_options.ts";
import { vmConsole } from "./vm_console.ts";
import { vmVcenterMigrate } from "./vm_vcenter_migrate.ts";
import { vmDevice } from "./vm_device.ts";
import { vmDiskMaintenance } from "./vm_disk_maintenance.ts";
import { vmEncryption } from "./vm_encryption.ts";
import { vmFaultTolerance } from "./vm_fault_tolerance.ts";
import { vmGuestTools } from "./vm_guest_tools.ts";
import { vmHaMonitoring } from "./vm_ha_monitoring.ts";
import { vmInspect } from "./vm_inspect.ts";
import { vmInstantClone } from "./vm_instant_clone.ts";
import { vmOrphanedDisks } from "./vm_orphaned_disks.ts";
import { vmScreenshot } from "./vm_screenshot.ts";
import { vmTerminate } from "./vm_terminate.ts";
import { vmVbs } from "./vm_vbs.ts";

/** VM operations beyond the vm and snapshot toolsets; off by default (`--toolsets default,vm_advanced`). */
export const vmAdvancedToolset = defineToolset({
  id: "vm_advanced",
  default: false,
  tools: [
    // reads
    vmInspect,
    vmConfigOptions,
    vmCompatibility,
    vmChangedBlocks,
    vmOrphanedDisks,
    encryptionInfo,
    scheduledTaskList,
    // changes
    vmDevice,
    vmGuestTools,
    vmHaMonitoring,
    vmAnswer,
    vmConsole,
    vmScreenshot,
    vmDiskMaintenance,
    vmInstantClone,
    vmVcenterMigrate,
    vmFaultTolerance,
    vmVbs,
    scheduledTask,
    vmEncryption,
    vmTerminate,
  ],
});
