/**
 * The vCenter Server Appliance (VAMI) API, `appliance.*`: health, system version/uptime/time, networking
 * (DNS, NTP, proxy, firewall), access, backup jobs, updates and shutdown. Every operation is declared in
 * both wire flavours; the contract test checks each against VMware's OpenAPI (8.0.2 appliance.json).
 * Maps arrive as objects in `/api` and as `[{key, value}]` lists in `/rest`: `entries()` reads both.
 */
import { type RestClient, type RestOperation, seg } from "./client.ts";

export type HealthLevel = "green" | "yellow" | "orange" | "red" | "gray";

/** Health components of `appliance.health.*`, by their path segment. */
export const HEALTH_COMPONENTS = [
  "system",
  "load",
  "mem",
  "swap",
  "storage",
  "database-storage",
  "database",
  "applmgmt",
  "software-packages",
] as const;
export type HealthComponent = typeof HEALTH_COMPONENTS[number];

export interface DatabaseHealth {
  status: "UNHEALTHY" | "DEGRADED" | "HEALTHY";
  messages: { severity: "CRITICAL" | "WARNING"; message: LocalizableMessage }[];
}

const DATABASE_LEVELS: Record<string, HealthLevel> = {
  HEALTHY: "green",
  DEGRADED: "orange",
  UNHEALTHY: "red",
};

export interface LocalizableMessage {
  id: string;
  default_message: string;
  args: string[];
  localized?: string;
}

export interface ApplianceNotification {
  id: string;
  time?: string;
  message: LocalizableMessage;
  resolution?: LocalizableMessage;
}

export interface SystemVersion {
  version: string;
  product: string;
  build: string;
  type: string;
  summary: string;
  releasedate: string;
  install_time: string;
}

export interface SystemTime {
  seconds_since_epoch: number;
  date: string;
  time: string;
  timezone: string;
}

export interface DnsServers {
  mode: "dhcp" | "is_static";
  servers: string[];
}

export interface ProxyConfig {
  server: string;
  port: number;
  username?: string;
  password?: string;
  enabled: boolean;
}

export interface FirewallRule {
  address: string;
  prefix: number;
  policy: "IGNORE" | "ACCEPT" | "REJECT" | "RETURN";
  interface_name?: string;
}

export const TIMESYNC_MODES = ["DISABLED", "NTP", "HOST"] as const;
export type TimeSyncMode = typeof TIMESYNC_MODES[number];

export const ACCESS_KINDS = ["ssh", "shell", "dcui", "consolecli"] as const;
export type AccessKind = typeof ACCESS_KINDS[number];

export const BACKUP_LOCATION_TYPES = ["FTP", "HTTP", "FTPS", "HTTPS", "SCP", "SFTP", "NFS", "SMB"] as const;

export interface BackupRequest {
  parts: string[];
  backup_password?: string;
  location_type: typeof BACKUP_LOCATION_TYPES[number];
  location: string;
  location_user?: string;
  location_password?: string;
  comment?: string;
}

export interface BackupJobStatus {
  id: string;
  state: "FAILED" | "INPROGRESS" | "NONE" | "SUCCEEDED";
  messages: LocalizableMessage[];
  progress: number;
  start_time: string;
  end_time?: string;
}

export interface BackupJobDetails {
  location: string;
  duration?: number;
  size?: number;
  progress?: { total: number; completed: number; message: LocalizableMessage };
  location_user: string;
  type: "SCHEDULED" | "MANUAL";
  messages: LocalizableMessage[];
  status: string;
  error?: string;
  start_time?: string;
  end_time?: string;
  user?: string;
}

export type UpdateState =
  | "UP_TO_DATE"
  | "UPDATES_PENDING"
  | "STAGE_IN_PROGRESS"
  | "INSTALL_IN_PROGRESS"
  | "INSTALL_FAILED"
  | "ROLLBACK_IN_PROGRESS";

export interface UpdateInfo {
  state: UpdateState;
  task?: { status: string; progress?: { total: number; completed: number }; error?: string };
  version: string;
  latest_query_time?: string;
}

export interface UpdateCommon {
  version: string;
  name: string;
  description: LocalizableMessage;
  priority: string;
  severity: string;
  update_type: string;
  release_date: string;
  reboot_required: boolean;
  size: number;
}

export interface PendingUpdateInfo extends Omit<UpdateCommon, "version"> {
  staged: boolean;
  knowledge_base: string;
  services_will_be_stopped: { service: string; description: LocalizableMessage }[];
  contents: LocalizableMessage[];
  eulas: LocalizableMessage[];
}

export interface StagedUpdate extends UpdateCommon {
  staging_complete: boolean;
}

export interface SyslogForwarding {
  hostname: string;
  port: number;
  protocol: "TLS" | "UDP" | "TCP";
}

export interface SyslogStatus {
  hostname: string;
  state: "UP" | "DOWN" | "UNKNOWN";
  message?: LocalizableMessage;
}

export interface LocalAccountsPolicy {
  max_days?: number;
  min_days?: number;
  warn_days?: number;
}

export interface MonitoredItem {
  id: string;
  name: string;
  units: string;
  category: string;
  instance: string;
  description: string;
}

export const MONITORING_INTERVALS = ["MINUTES5", "MINUTES30", "HOURS2", "HOURS6", "DAY1"] as const;
export const MONITORING_FUNCTIONS = ["AVG", "MAX", "MIN", "COUNT"] as const;

export interface MonitoringQuery {
  names: string[];
  interval: typeof MONITORING_INTERVALS[number];
  function: typeof MONITORING_FUNCTIONS[number];
  start_time: string;
  end_time: string;
}

export interface MonitoredItemData {
  name: string;
  interval: string;
  function: string;
  start_time: string;
  end_time: string;
  data: string[];
}

export interface SupportBundle {
  description: string;
  status: "SUCCEEDED" | "FAILED" | "CANCELLED";
  generation_time?: string;
  url?: string;
  expiration_time?: string;
  downloadable?: boolean;
  size?: number;
  failure_reason?: LocalizableMessage;
}

export type UpdateSource = "LAST_CHECK" | "LOCAL" | "LOCAL_AND_ONLINE";

export interface ShutdownConfig {
  shutdown_time?: string;
  action: string;
  reason: string;
}

/** A map in either flavour: an object (`/api`) or a `[{key, value}]` list (`/rest`). */
export function entries<T>(
  map: Record<string, T> | { key: string; value: T }[] | null | undefined,
): [string, T][] {
  if (!map) return [];
  if (Array.isArray(map)) return map.map((e) => [e.key, e.value]);
  return Object.entries(map);
}

const API = "/api/appliance";
const REST = "/rest/appliance";

/** A GET that exists at the same sub-path in both flavours. */
function get(path: string, query?: Record<string, string | readonly string[]>): RestOperation {
  return {
    api: { method: "GET", path: `${API}${path}`, ...(query ? { query } : {}) },
    rest: { method: "GET", path: `${REST}${path}`, ...(query ? { query } : {}) },
  };
}

export class ApplianceManager {
  constructor(private readonly rest: RestClient) {}

  /**
   * One component's health level. `database` answers `{status: HEALTHY|DEGRADED|UNHEALTHY, messages}`
   * instead of a level: it is mapped onto the levels and its messages are returned with it.
   */
  async health(component: HealthComponent): Promise<{ level: HealthLevel; messages?: LocalizableMessage[] }> {
    if (component === "database") {
      const info = await this.rest.call<DatabaseHealth>(get("/health/database"));
      return {
        level: DATABASE_LEVELS[info?.status] ?? "gray",
        messages: (info?.messages ?? []).map((m) => m.message),
      };
    }
    return { level: await this.rest.call<HealthLevel>(get(`/health/${component}`)) };
  }

  async healthLastCheck(): Promise<string> {
    return await this.rest.call<string>(get("/health/system/lastcheck"));
  }

  async healthMessages(component: HealthComponent): Promise<ApplianceNotification[]> {
    return (await this.rest.call<ApplianceNotification[] | null>(
      get(`/health/${seg(component)}/messages`),
    )) ??
      [];
  }

  async version(): Promise<SystemVersion> {
    return await this.rest.call<SystemVersion>(get("/system/version"));
  }

  async uptime(): Promise<number> {
    return await this.rest.call<number>(get("/system/uptime"));
  }

  async time(): Promise<SystemTime> {
    return await this.rest.call<SystemTime>(get("/system/time"));
  }

  async timezone(): Promise<string> {
    return await this.rest.call<string>(get("/system/time/timezone"));
  }

  async hostname(): Promise<string> {
    return await this.rest.call<string>(get("/networking/dns/hostname"));
  }

  async dnsDomains(): Promise<string[]> {
    return (await this.rest.call<string[] | null>(get("/networking/dns/domains"))) ?? [];
  }

  async dnsServers(): Promise<DnsServers> {
    return await this.rest.call<DnsServers>(get("/networking/dns/servers"));
  }

  async ntpServers(): Promise<string[]> {
    return (await this.rest.call<string[] | null>(get("/ntp"))) ?? [];
  }

  async timesync(): Promise<TimeSyncMode> {
    return await this.rest.call<TimeSyncMode>(get("/timesync"));
  }

  async setNtpServers(servers: string[]): Promise<void> {
    await this.#put("/ntp", { servers });
  }

  async setTimesync(mode: TimeSyncMode): Promise<void> {
    await this.#put("/timesync", { mode });
  }

  /** Enables or disables an access channel; the shell also takes how long it stays enabled (seconds). */
  async setAccess(kind: AccessKind, enabled: boolean, shellTimeout = 3600): Promise<void> {
    if (kind === "shell") {
      const config = { enabled, timeout: enabled ? shellTimeout : 0 };
      await this.rest.call({
        api: { method: "PUT", path: `${API}/access/shell`, body: config },
        rest: { method: "PUT", path: `${REST}/access/shell`, body: { config } },
      });
      return;
    }
    await this.#put(`/access/${kind}`, { enabled });
  }

  async #put(path: string, body: unknown): Promise<void> {
    await this.rest.call({
      api: { method: "PUT", path: `${API}${path}`, body },
      rest: { method: "PUT", path: `${REST}${path}`, body },
    });
  }

  async proxies(): Promise<[string, ProxyConfig][]> {
    return entries(await this.rest.call<Record<string, ProxyConfig>>(get("/networking/proxy")));
  }

  async firewallInbound(): Promise<FirewallRule[]> {
    return (await this.rest.call<FirewallRule[] | null>(get("/networking/firewall/inbound"))) ?? [];
  }

  /** Whether an access channel is enabled. The shell answers `{enabled, timeout}` instead of a boolean. */
  async access(kind: AccessKind): Promise<boolean> {
    if (kind === "shell") return (await this.shellAccess())?.enabled ?? false;
    return await this.rest.call<boolean>(get(`/access/${kind}`));
  }

  async shellAccess(): Promise<{ enabled: boolean; timeout: number }> {
    return await this.rest.call<{ enabled: boolean; timeout: number }>(get("/access/shell"));
  }

  async syslogForwarding(): Promise<SyslogForwarding[]> {
    return (await this.rest.call<SyslogForwarding[] | null>(get("/logging/forwarding"))) ?? [];
  }

  /** Checks the connection to each syslog server; `sendTestMessage` also logs a test line there. */
  async testSyslogForwarding(sendTestMessage: boolean): Promise<SyslogStatus[]> {
    const body = { send_test_message: sendTestMessage };
    return (await this.rest.call<SyslogStatus[] | null>({
      api: { method: "POST", path: `${API}/logging/forwarding`, query: { action: "test" }, body },
      rest: { method: "POST", path: `${REST}/logging/forwarding`, query: { action: "test" }, body },
    })) ?? [];
  }

  async localAccountsPolicy(): Promise<LocalAccountsPolicy> {
    return await this.rest.call<LocalAccountsPolicy>(get("/local-accounts/global-policy"));
  }

  async setLocalAccountsPolicy(policy: LocalAccountsPolicy): Promise<void> {
    await this.rest.call({
      api: { method: "PUT", path: `${API}/local-accounts/global-policy`, body: policy },
      rest: { method: "PUT", path: `${REST}/local-accounts/global-policy`, body: { policy } },
    });
  }

  async monitoredItems(): Promise<MonitoredItem[]> {
    return (await this.rest.call<MonitoredItem[] | null>(get("/monitoring"))) ?? [];
  }

  async queryMonitoring(query: MonitoringQuery): Promise<MonitoredItemData[]> {
    const params = {
      names: query.names,
      interval: query.interval,
      function: query.function,
      start_time: query.start_time,
      end_time: query.end_time,
    };
    return (await this.rest.call<MonitoredItemData[] | null>({
      api: { method: "GET", path: `${API}/monitoring/query`, query: params },
      // /rest names the query fields item.*.
      rest: {
        method: "GET",
        path: `${REST}/monitoring/query`,
        query: Object.fromEntries(Object.entries(params).map(([k, v]) => [`item.${k}`, v])),
      },
    })) ?? [];
  }

  /** Support bundles (vCenter 8.0+, `/api` only: both flavours send the `/api` path). */
  async supportBundles(): Promise<SupportBundle[]> {
    const request = { method: "GET" as const, path: `${API}/support-bundle` };
    const list = await this.rest.call<{ supportbundle_operations: SupportBundle[] } | null>({
      api: request,
      rest: request,
    });
    return list?.supportbundle_operations ?? [];
  }

  /** Starts generating a support bundle on the appliance; returns the vAPI task id. */
  async createSupportBundle(
    spec: { description: string; components?: Record<string, string[]> },
  ): Promise<string> {
    const request = {
      method: "POST" as const,
      path: `${API}/support-bundle`,
      query: { "vmw-task": "true" },
      body: spec,
    };
    return await this.rest.call<string>({ api: request, rest: request });
  }

  async backupJobs(): Promise<string[]> {
    return (await this.rest.call<string[] | null>(get("/recovery/backup/job"))) ?? [];
  }

  async backupJobDetails(): Promise<[string, BackupJobDetails][]> {
    return entries(
      await this.rest.call<Record<string, BackupJobDetails>>(get("/recovery/backup/job/details")),
    );
  }

  async backupJob(id: string): Promise<BackupJobStatus> {
    return await this.rest.call<BackupJobStatus>(get(`/recovery/backup/job/${seg(id)}`));
  }

  async startBackup(request: BackupRequest): Promise<BackupJobStatus> {
    return await this.rest.call<BackupJobStatus>({
      api: { method: "POST", path: `${API}/recovery/backup/job`, body: request },
      rest: { method: "POST", path: `${REST}/recovery/backup/job`, body: { piece: request } },
    });
  }

  async update(): Promise<UpdateInfo> {
    return await this.rest.call<UpdateInfo>(get("/update"));
  }

  async pendingUpdates(source: UpdateSource): Promise<UpdateCommon[]> {
    return (await this.rest.call<UpdateCommon[] | null>(get("/update/pending", { source_type: source }))) ??
      [];
  }

  async pendingUpdate(version: string): Promise<PendingUpdateInfo> {
    return await this.rest.call<PendingUpdateInfo>(get(`/update/pending/${seg(version)}`));
  }

  async stagedUpdate(): Promise<StagedUpdate> {
    return await this.rest.call<StagedUpdate>(get("/update/staged"));
  }

  async stageUpdate(version: string): Promise<void> {
    await this.rest.call({
      api: { method: "POST", path: `${API}/update/pending/${seg(version)}`, query: { action: "stage" } },
      rest: { method: "POST", path: `${REST}/update/pending/${seg(version)}`, query: { action: "stage" } },
    });
  }

  async discardStagedUpdate(): Promise<void> {
    await this.rest.call({
      api: { method: "DELETE", path: `${API}/update/staged` },
      rest: { method: "DELETE", path: `${REST}/update/staged` },
    });
  }

  async shutdownConfig(): Promise<ShutdownConfig> {
    return await this.rest.call<ShutdownConfig>(get("/shutdown"));
  }

  /** Reboot or power off after `delay` minutes (0: now); vCenter records `reason`. */
  async shutdown(action: "reboot" | "poweroff", delay: number, reason: string): Promise<void> {
    const body = { delay, reason };
    await this.rest.call({
      api: { method: "POST", path: `${API}/shutdown`, query: { action }, body },
      rest: { method: "POST", path: `${REST}/shutdown/${action}`, body },
    });
  }

  async cancelShutdown(): Promise<void> {
    await this.rest.call({
      api: { method: "POST", path: `${API}/shutdown`, query: { action: "cancel" } },
      rest: { method: "POST", path: `${REST}/shutdown/cancel` },
    });
  }
}
