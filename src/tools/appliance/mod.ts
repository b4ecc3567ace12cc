/**
 * The vCenter Server Appliance (vSphere Automation `appliance.*` and `vcenter.services`): health, system
 * facts, services, backups, updates and power. Reads and writes are separate tools.
 */
import { defineToolset } from "../../registry/define.ts";
import { applianceBackup } from "./appliance_backup.ts";
import { applianceBackupList } from "./appliance_backup_list.ts";
import { applianceHealth } from "./appliance_health.ts";
import { applianceInfo } from "./appliance_info.ts";
import { applianceMonitoring } from "./appliance_monitoring.ts";
import { appliancePower } from "./appliance_power.ts";
import { applianceService } from "./appliance_service.ts";
import { applianceServiceList } from "./appliance_service_list.ts";
import { applianceSettings } from "./appliance_settings.ts";
import { applianceSupportBundle } from "./appliance_support_bundle.ts";
import { applianceUpdate } from "./appliance_update.ts";
import { applianceUpdateInfo } from "./appliance_update_info.ts";

export const applianceToolset = defineToolset({
  id: "appliance",
  default: false,
  tools: [
    applianceHealth,
    applianceInfo,
    applianceMonitoring,
    applianceSettings,
    applianceServiceList,
    applianceService,
    applianceBackupList,
    applianceBackup,
    applianceSupportBundle,
    applianceUpdateInfo,
    applianceUpdate,
    appliancePower,
  ],
});
