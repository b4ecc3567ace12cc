/** Text helpers shared by the appliance and vcenter toolsets. */
import { sanitizeText } from "../../server/sanitize.ts";
import type { LocalizableMessage } from "../../vsphere/rest/appliance.ts";
import { VSphereError } from "../../vsphere/errors.ts";

/** A vAPI localizable message as one sanitized line: the localized text, else the default with its args. */
export function messageText(message: LocalizableMessage | undefined): string {
  if (!message) return "";
  const text = message.localized ??
    (message.default_message ?? message.id ?? "").replace(
      /\{(\d+)\}/g,
      (_, i) => message.args?.[Number(i)] ?? "",
    );
  return sanitizeText(text);
}

/** A section that could not be read, as text for the result (never a stack). */
export function errorText(error: unknown): string {
  return sanitizeText(error instanceof Error ? error.message : String(error));
}

/** True when vCenter answered that the thing does not exist (e.g. no staged update). */
export function isNotFound(error: unknown): boolean {
  return error instanceof VSphereError && error.kind === "NotFound";
}

/** A synthetic target for previews and audit: appliance-level objects have no MoRef. */
export function applianceRef(type: string, value: string) {
  return { type, value };
}
