/**
 * One taxonomy for everything that can go wrong talking to vCenter, whether it arrives as a SOAP fault,
 * a failed task's `info.error`, a REST error or a network/TLS failure. Tools never see raw faults.
 */
export const ERROR_KINDS = [
  "NotAuthenticated",
  "InvalidLogin",
  "NoPermission",
  "NotFound",
  "InvalidState",
  "TaskInProgress",
  "AlreadyExists",
  "InvalidArgument",
  "NotSupported",
  "Timeout",
  "Connection",
  "Certificate",
  "Fault",
] as const;
export type VSphereErrorKind = typeof ERROR_KINDS[number];

export interface VSphereErrorInit {
  /** vim25 fault type name, e.g. "InvalidPowerState"; or a transport-level label. */
  faultType?: string;
  /** vCenter's own message (faultstring / localized message), already free of secrets. */
  vcMessage?: string;
  /** What was being called: SOAP method or REST path. */
  path?: string;
  /** Extra typed detail, e.g. `{ privilegeId, object }` for NoPermission. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class VSphereError extends Error {
  readonly kind: VSphereErrorKind;
  readonly faultType: string;
  readonly vcMessage: string;
  readonly path: string;
  readonly details: Record<string, unknown>;

  constructor(kind: VSphereErrorKind, init: VSphereErrorInit = {}) {
    const faultType = init.faultType ?? kind;
    const where = init.path ? ` (${init.path})` : "";
    super(`${faultType}${where}: ${init.vcMessage || kind}`, init.cause ? { cause: init.cause } : undefined);
    this.name = "VSphereError";
    this.kind = kind;
    this.faultType = faultType;
    this.vcMessage = init.vcMessage ?? "";
    this.path = init.path ?? "";
    this.details = init.details ?? {};
  }
}

/** vim25 fault type → taxonomy kind. Subtypes not listed fall back to "Fault". */
const FAULT_KINDS: Record<string, VSphereErrorKind> = {
  NotAuthenticated: "NotAuthenticated",
  InvalidLogin: "InvalidLogin",
  NoPermission: "NoPermission",
  NoPermissionOnHost: "NoPermission",
  RestrictedVersion: "NoPermission",
  ManagedObjectNotFound: "NotFound",
  NotFound: "NotFound",
  FileNotFound: "NotFound",
  InvalidState: "InvalidState",
  InvalidPowerState: "InvalidState",
  InvalidHostState: "InvalidState",
  InvalidDatastoreState: "InvalidState",
  HostNotConnected: "InvalidState",
  TaskInProgress: "TaskInProgress",
  ConcurrentAccess: "TaskInProgress",
  DuplicateName: "AlreadyExists",
  FileAlreadyExists: "AlreadyExists",
  AlreadyExists: "AlreadyExists",
  InvalidArgument: "InvalidArgument",
  InvalidRequest: "InvalidArgument",
  InvalidType: "InvalidArgument",
  InvalidName: "InvalidArgument",
  InvalidDatastorePath: "InvalidArgument",
  InvalidDeviceSpec: "InvalidArgument",
  InvalidProperty: "InvalidArgument",
  InvalidCollectorVersion: "InvalidArgument",
  NotSupported: "NotSupported",
  NotImplemented: "NotSupported",
  MethodNotFound: "NotSupported",
  HostConfigFault: "Fault",
  RequestCanceled: "Timeout",
  Timedout: "Timeout",
};

export function kindOfFault(faultType: string): VSphereErrorKind {
  return FAULT_KINDS[faultType] ?? "Fault";
}
