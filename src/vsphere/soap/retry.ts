/**
 * Retry by class. Only calls that read are replayed, and only after failures that are transient: the
 * connection could not be made or was cut, or a proxy answered 502/503/504. A mutating call is never
 * replayed blindly — vCenter may have acted before the connection dropped — so its error goes to the caller.
 * Backoff is exponential, bounded, with jitter, and stops as soon as the caller's signal aborts.
 */
import { VSphereError } from "../errors.ts";
import { sleep, type SoapDecorator } from "./round_trip.ts";
import type { SoapStats } from "./stats.ts";

/**
 * vim25 methods that only read, taken from VMware's vim.wsdl (Retrieve*, Query*, Find*, Fetch*, Has*,
 * Lookup*, List*, Get* that are not *_Task, minus those that create state such as RetrieveClientCsr and
 * guest-operation calls), plus CurrentTime, SessionIsActive, ContinueRetrievePropertiesEx and the property
 * collector's update waits.
 */
export const READ_METHODS: ReadonlySet<string> = new Set([
  "BrowseDiagnosticLog",
  "CheckForUpdates",
  "ContinueRetrievePropertiesEx",
  "CurrentTime",
  "FetchAuditRecords",
  "FetchDVPortKeys",
  "FetchDVPorts",
  "FetchSystemEventLog",
  "FetchUserPrivilegeOnEntities",
  "FindAllByDnsName",
  "FindAllByIp",
  "FindAllByUuid",
  "FindAssociatedProfile",
  "FindByDatastorePath",
  "FindByDnsName",
  "FindByInventoryPath",
  "FindByIp",
  "FindByUuid",
  "FindChild",
  "FindExtension",
  "FindRulesForVm",
  "GetAlarm",
  "GetAlarmState",
  "GetCryptoKeyStatus",
  "GetCustomizationSpec",
  "GetDefaultKmsCluster",
  "GetPublicKey",
  "GetResourceUsage",
  "GetSiteInfo",
  "GetSystemVMsRestrictedDatastores",
  "GetVchaClusterHealth",
  "GetVsanObjExtAttrs",
  "HasMonitoredEntity",
  "HasPrivilegeOnEntities",
  "HasPrivilegeOnEntity",
  "HasProvider",
  "HasUserPrivilegeOnEntities",
  "ListCACertificateRevocationLists",
  "ListCACertificates",
  "ListGuestAliases",
  "ListGuestMappedAliases",
  "ListKeys",
  "ListKmipServers",
  "ListKmsClusters",
  "ListSmartCardTrustAnchors",
  "ListTagsAttachedToVStorageObject",
  "ListVStorageObject",
  "ListVStorageObjectsAttachedToTag",
  "LookupDvPortGroup",
  "LookupVmOverheadMemory",
  "QueryAnswerFileStatus",
  "QueryAssignedLicenses",
  "QueryAvailableDisksForVmfs",
  "QueryAvailableDvsSpec",
  "QueryAvailablePartition",
  "QueryAvailablePerfMetric",
  "QueryAvailableSsds",
  "QueryAvailableTimeZones",
  "QueryBootDevices",
  "QueryBoundVnics",
  "QueryCandidateNics",
  "QueryChangedDiskAreas",
  "QueryCmmds",
  "QueryCompatibleHostForExistingDvs",
  "QueryCompatibleHostForNewDvs",
  "QueryCompatibleVmnicsFromHosts",
  "QueryComplianceStatus",
  "QueryConfigOption",
  "QueryConfigOptionDescriptor",
  "QueryConfigOptionEx",
  "QueryConfigTarget",
  "QueryConfiguredModuleOptionString",
  "QueryConnectionInfo",
  "QueryConnectionInfoViaSpec",
  "QueryConnections",
  "QueryCryptoKeyStatus",
  "QueryDatastorePerformanceSummary",
  "QueryDateTime",
  "QueryDescriptions",
  "QueryDirectoryInfo",
  "QueryDisksForVsan",
  "QueryDisksUsingFilter",
  "QueryDvsByUuid",
  "QueryDvsCheckCompatibility",
  "QueryDvsCompatibleHostSpec",
  "QueryDvsConfigTarget",
  "QueryDvsFeatureCapability",
  "QueryEvents",
  "QueryExpressionMetadata",
  "QueryExtensionIpAllocationUsage",
  "QueryFaultToleranceCompatibility",
  "QueryFaultToleranceCompatibilityEx",
  "QueryFileLockInfo",
  "QueryFilterEntities",
  "QueryFilterInfoIds",
  "QueryFilterList",
  "QueryFilterName",
  "QueryFirmwareConfigUploadURL",
  "QueryHealthUpdateInfos",
  "QueryHealthUpdates",
  "QueryHostConnectionInfo",
  "QueryHostProfileMetadata",
  "QueryHostStatus",
  "QueryHostsWithAttachedLun",
  "QueryIORMConfigOption",
  "QueryIPAllocations",
  "QueryIoFilterInfo",
  "QueryIoFilterIssues",
  "QueryIpPools",
  "QueryLicenseSourceAvailability",
  "QueryLicenseUsage",
  "QueryLockdownExceptions",
  "QueryManagedBy",
  "QueryMaxQueueDepth",
  "QueryMemoryOverhead",
  "QueryMemoryOverheadEx",
  "QueryMigrationDependencies",
  "QueryModules",
  "QueryMonitoredEntities",
  "QueryNFSUser",
  "QueryNetConfig",
  "QueryNetworkHint",
  "QueryObjectsOnPhysicalVsanDisk",
  "QueryOptions",
  "QueryPartitionCreateDesc",
  "QueryPartitionCreateOptions",
  "QueryPathSelectionPolicyOptions",
  "QueryPerf",
  "QueryPerfComposite",
  "QueryPerfCounter",
  "QueryPerfCounterByLevel",
  "QueryPerfProviderSummary",
  "QueryPhysicalVsanDisks",
  "QueryPnicStatus",
  "QueryPolicyMetadata",
  "QueryProductLockerLocation",
  "QueryProfileStructure",
  "QueryProviderList",
  "QueryProviderName",
  "QueryResourceConfigOption",
  "QueryServiceList",
  "QueryStorageArrayTypePolicyOptions",
  "QuerySupportedFeatures",
  "QuerySupportedNetworkOffloadSpec",
  "QuerySyncingVsanObjects",
  "QuerySystemUsers",
  "QueryTargetCapabilities",
  "QueryTpmAttestationReport",
  "QueryUnmonitoredHosts",
  "QueryUnownedFiles",
  "QueryUnresolvedVmfsVolume",
  "QueryUnresolvedVmfsVolumes",
  "QueryUsedVlanIdInDvs",
  "QueryVMotionCompatibility",
  "QueryVirtualDiskFragmentation",
  "QueryVirtualDiskGeometry",
  "QueryVirtualDiskUuid",
  "QueryVirtualDiskUuidEx",
  "QueryVmfsConfigOption",
  "QueryVmfsDatastoreCreateOptions",
  "QueryVmfsDatastoreExpandOptions",
  "QueryVmfsDatastoreExtendOptions",
  "QueryVnicStatus",
  "QueryVsanObjectUuidsByFilter",
  "QueryVsanObjects",
  "QueryVsanStatistics",
  "QueryVsanUpgradeStatus",
  "RetrieveAllPermissions",
  "RetrieveAnswerFile",
  "RetrieveAnswerFileForProfile",
  "RetrieveArgumentDescription",
  "RetrieveCertificateInfoList",
  "RetrieveDasAdvancedRuntimeInfo",
  "RetrieveDescription",
  "RetrieveDiskPartitionInfo",
  "RetrieveDynamicPassthroughInfo",
  "RetrieveEntityPermissions",
  "RetrieveEntityScheduledTask",
  "RetrieveFreeEpcMemory",
  "RetrieveHardwareUptime",
  "RetrieveHostAccessControlEntries",
  "RetrieveHostCustomizations",
  "RetrieveHostCustomizationsForProfile",
  "RetrieveHostSpecification",
  "RetrieveKmipServerCert",
  "RetrieveObjectScheduledTask",
  "RetrieveProductComponents",
  "RetrieveProperties",
  "RetrievePropertiesEx",
  "RetrieveRolePermissions",
  "RetrieveServiceContent",
  "RetrieveServiceProviderEntities",
  "RetrieveSnapshotDetails",
  "RetrieveSnapshotInfo",
  "RetrieveUserGroups",
  "RetrieveVStorageInfrastructureObjectPolicy",
  "RetrieveVStorageObject",
  "RetrieveVStorageObjectAssociations",
  "RetrieveVStorageObjectState",
  "RetrieveVendorDeviceGroupInfo",
  "RetrieveVgpuDeviceInfo",
  "RetrieveVgpuProfileInfo",
  "SessionIsActive",
  "WaitForUpdates",
  "WaitForUpdatesEx",
]);

/** Reads that advance a server-side cursor: replayed only when the server cannot have processed them. */
const CURSOR_READS: ReadonlySet<string> = new Set(["ContinueRetrievePropertiesEx"]);

export interface RetryPolicy {
  /** Replays after the first attempt. */
  maxRetries: number;
  /** First backoff; doubles per attempt up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  random?: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, baseDelayMs: 250, maxDelayMs: 4_000 };

/**
 * "unprocessed": the request cannot have reached vCenter's logic (refused, 503 from the proxy);
 * "unknown": it may have (connection reset mid-exchange, 502/504); undefined: not transient.
 */
export function transientClass(error: unknown): "unprocessed" | "unknown" | undefined {
  if (!(error instanceof VSphereError) || error.kind !== "Connection") return undefined;
  switch (error.faultType) {
    case "ConnectionRefused":
    case "HTTP503":
      return "unprocessed";
    case "ConnectionFailed":
    case "HTTP502":
    case "HTTP504":
      return "unknown";
    default:
      return undefined;
  }
}

export function isRetryable(method: string, error: unknown): boolean {
  const transient = transientClass(error);
  if (!transient || !READ_METHODS.has(method)) return false;
  return !CURSOR_READS.has(method) || transient === "unprocessed";
}

export function retryReads(policy: RetryPolicy, stats: SoapStats): SoapDecorator {
  const random = policy.random ?? Math.random;
  return (next) => async (request) => {
    for (let attempt = 0;; attempt++) {
      try {
        return await next(request);
      } catch (error) {
        if (attempt >= policy.maxRetries || !isRetryable(request.method, error)) throw error;
        // "Equal jitter": half the backoff is fixed, half random, so retries spread but still back off.
        const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
        // A proxy's Retry-After is honoured up to maxDelayMs; a longer one means "not soon": give up.
        const asked = (error as VSphereError).details.retryAfterMs;
        if (typeof asked === "number" && asked > policy.maxDelayMs) throw error;
        const delay = Math.max(backoff / 2 + random() * backoff / 2, typeof asked === "number" ? asked : 0);
        stats.retries++;
        await sleep(delay, request.signal);
      }
    }
  };
}
