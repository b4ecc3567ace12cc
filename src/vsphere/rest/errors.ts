/**
 * REST errors onto the one taxonomy (../errors.ts). vCenter reports a vAPI standard error:
 * - `/api`:  `{"error_type": "NOT_FOUND", "messages": [{"default_message": "...", ...}]}`
 * - `/rest`: `{"type": "com.vmware.vapi.std.errors.not_found", "value": {"messages": [...]}}`
 * Bodies that are neither (a proxy's HTML, vcsim's "404 page not found") fall back to the HTTP status.
 */
import { VSphereError, type VSphereErrorKind } from "../errors.ts";

/** vAPI standard error names (upper-snake as /api spells them) → taxonomy kind. */
const KINDS: Record<string, VSphereErrorKind> = {
  UNAUTHENTICATED: "NotAuthenticated",
  UNAUTHORIZED: "NoPermission",
  NOT_FOUND: "NotFound",
  ALREADY_EXISTS: "AlreadyExists",
  INVALID_ARGUMENT: "InvalidArgument",
  INVALID_ELEMENT_TYPE: "InvalidArgument",
  INVALID_ELEMENT_CONFIGURATION: "InvalidArgument",
  INVALID_REQUEST: "InvalidArgument",
  UNEXPECTED_INPUT: "InvalidArgument",
  NOT_ALLOWED_IN_CURRENT_STATE: "InvalidState",
  RESOURCE_IN_USE: "InvalidState",
  RESOURCE_INACCESSIBLE: "InvalidState",
  RESOURCE_BUSY: "TaskInProgress",
  CONCURRENT_CHANGE: "TaskInProgress",
  UNSUPPORTED: "NotSupported",
  OPERATION_NOT_FOUND: "NotSupported",
  FEATURE_IN_USE: "InvalidState",
  TIMED_OUT: "Timeout",
  CANCELED: "Timeout",
  SERVICE_UNAVAILABLE: "Connection",
  UNABLE_TO_ALLOCATE_RESOURCE: "InvalidState",
};

const STATUS_KINDS: Record<number, VSphereErrorKind> = {
  400: "InvalidArgument",
  401: "NotAuthenticated",
  403: "NoPermission",
  404: "NotFound",
  409: "AlreadyExists",
  503: "Connection",
  504: "Timeout",
};

/** `com.vmware.vapi.std.errors.not_found` and `NOT_FOUND` both → `NOT_FOUND`. */
export function normalizeErrorType(type: string): string {
  return (type.split(".").at(-1) ?? type).toUpperCase();
}

export function kindOfRestError(errorType: string | undefined, status: number): VSphereErrorKind {
  const byType = errorType ? KINDS[normalizeErrorType(errorType)] : undefined;
  return byType ?? STATUS_KINDS[status] ?? (status >= 500 ? "Fault" : "InvalidArgument");
}

interface VapiMessage {
  default_message?: string;
  id?: string;
}

/** Parses an error response body (either flavour) into a typed error; never includes credentials. */
export function errorFromBody(
  status: number,
  text: string,
  where: { method: string; path: string },
): VSphereError {
  let errorType: string | undefined;
  let messages: VapiMessage[] = [];
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    if (typeof body.error_type === "string") {
      errorType = body.error_type;
      messages = Array.isArray(body.messages) ? body.messages as VapiMessage[] : [];
    } else if (typeof body.type === "string") {
      errorType = body.type;
      const value = body.value as { messages?: VapiMessage[]; error_type?: string } | undefined;
      messages = Array.isArray(value?.messages) ? value.messages : [];
    }
  } catch {
    // Not JSON: keep the status only.
  }
  const text0 = messages.map((m) => m.default_message ?? m.id ?? "").filter(Boolean).join("; ");
  const kind = kindOfRestError(errorType, status);
  return new VSphereError(kind, {
    faultType: errorType ?? `HTTP${status}`,
    vcMessage: text0 || `vCenter answered HTTP ${status}`,
    path: `${where.method} ${where.path}`,
    details: { status, ...(errorType ? { errorType } : {}) },
  });
}

export async function restError(
  response: Response,
  request: { method: string; path: string },
  _flavour: string,
): Promise<VSphereError> {
  let text = "";
  try {
    text = await response.text();
  } catch {
    // body unreadable: status only
  }
  return errorFromBody(response.status, text, request);
}
