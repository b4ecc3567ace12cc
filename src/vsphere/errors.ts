/**
 * One taxonomy for everything that can go wrong talking to vCenter, whether it arrives as a SOAP fault,
 * a failed task's `info.error`, a REST error or a network/TLS failure. Tools never see raw faults.
 */
import type { VimObject } from "./soap/types.ts";
import { vim25Schema } from "./vim25/vim_schema.ts";

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
    const vcMessage = cleanMessage(init.vcMessage ?? "");
    const where = init.path ? ` (${init.path})` : "";
    super(`${faultType}${where}: ${vcMessage || kind}`, init.cause ? { cause: init.cause } : undefined);
    this.name = "VSphereError";
    this.kind = kind;
    this.faultType = faultType;
    this.vcMessage = vcMessage;
    this.path = init.path ?? "";
    this.details = init.details ?? {};
  }
}

/**
 * vCenter's message as it may appear in error text: one bounded line, without markup (a server may echo
 * the request, credentials included: everything from the first tag on is dropped) or session cookies.
 */
function cleanMessage(text: string): string {
  const markup = text.search(/<[A-Za-z_?!/]/);
  const plain = markup < 0 ? text : `${text.slice(0, markup)} [markup removed]`;
  return plain
    .replace(
      /(vmware_soap_session|vmware-api-session-id|cookie|password|passwd)(\s*[=:]\s*)("[^"]*"|\S+)/gi,
      "$1$2***",
    )
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 500);
}

/**
 * The kind of a fault is decided by the nearest of these types it derives from, walking base types in
 * the generated vim25 schema: InvalidPowerState → InvalidState, VAppTaskInProgress → TaskInProgress,
 * MethodNotFound (an InvalidRequest) → NotSupported. Types the schema does not know are "Fault".
 */
const KIND_ROOTS: Record<string, VSphereErrorKind> = {
  NotAuthenticated: "NotAuthenticated",
  InvalidLogin: "InvalidLogin",
  NoPermission: "NoPermission",
  NoPermissionOnHost: "NoPermission",
  SecurityError: "NoPermission",
  ManagedObjectNotFound: "NotFound",
  NotFound: "NotFound",
  FileNotFound: "NotFound",
  UserNotFound: "NotFound",
  InvalidState: "InvalidState",
  HostCommunication: "InvalidState",
  TaskInProgress: "TaskInProgress",
  ConcurrentAccess: "TaskInProgress",
  DuplicateName: "AlreadyExists",
  AlreadyExists: "AlreadyExists",
  FileAlreadyExists: "AlreadyExists",
  VmAlreadyExistsInDatacenter: "AlreadyExists",
  MethodNotFound: "NotSupported",
  NotSupported: "NotSupported",
  NotImplemented: "NotSupported",
  InvalidArgument: "InvalidArgument",
  InvalidRequest: "InvalidArgument",
  InvalidName: "InvalidArgument",
  InvalidDatastorePath: "InvalidArgument",
  InvalidProperty: "InvalidArgument",
  InvalidCollectorVersion: "InvalidArgument",
  InvalidLocale: "InvalidArgument",
  InvalidVmConfig: "InvalidArgument",
  RequestCanceled: "Timeout",
  Timedout: "Timeout",
};

export function kindOfFault(faultType: string): VSphereErrorKind {
  for (let t: string | undefined = faultType; t; t = vim25Schema.baseOf(t)) {
    const kind = KIND_ROOTS[t];
    if (kind) return kind;
  }
  return "Fault";
}

/**
 * The typed error for a decoded vim25 fault, whichever channel it came from: a SOAP fault's detail or a
 * failed task's `info.error.fault`. `details` holds the fault's own fields (never raw XML); NoPermission
 * also gets `privilegeId` and `object` from vSphere 8's `missingPrivileges` when the old fields are unset.
 */
export function faultError(
  fault: VimObject | undefined,
  init: { faultType?: string; vcMessage?: string; path: string },
): VSphereError {
  const faultType = fault?._type ?? init.faultType ?? "MethodFault";
  const kind = kindOfFault(faultType);
  const details: Record<string, unknown> = { ...fault };
  delete details._type;
  if (kind === "NoPermission" || kind === "NotAuthenticated") {
    const missing = (Array.isArray(fault?.missingPrivileges) ? fault.missingPrivileges : []) as VimObject[];
    const first = missing[0];
    if (details.privilegeId === undefined && Array.isArray(first?.privilegeIds)) {
      details.privilegeId = first.privilegeIds.join(", ");
    }
    if (details.object === undefined && first?.entity) details.object = first.entity;
  }
  const messages = Array.isArray(fault?.faultMessage) ? fault.faultMessage as VimObject[] : [];
  const fallback = messages.map((m) => m.message).filter((m) => typeof m === "string").join(" ");
  return new VSphereError(kind, {
    faultType,
    vcMessage: init.vcMessage || fallback,
    path: init.path,
    details,
  });
}
