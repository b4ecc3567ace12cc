/**
 * Error mapping, the outermost middleware: anything the model can act on becomes an `isError` result whose
 * text ends with a recovery hint; protocol errors (McpError) pass through unchanged. Internal errors are
 * logged with detail and reported without it.
 */
import type { Logger } from "@logtape/logtape";
import { McpError } from "../mcp_sdk.ts";
import type { MessageKey, Translate } from "../i18n/mod.ts";
import { redactText } from "../log/redact.ts";
import { ToolInputError } from "../registry/errors.ts";
import { VSphereError } from "../vsphere/errors.ts";
import type { Middleware } from "./chain.ts";
import { sanitizeText } from "./sanitize.ts";

export function errorMappingMiddleware(t: Translate, log: Logger): Middleware {
  return async (_call, next) => {
    try {
      return await next();
    } catch (error) {
      if (error instanceof McpError) throw error;
      const text = error instanceof VSphereError
        ? describeVSphereError(error, t)
        : error instanceof ToolInputError
        ? `${t(error.key, error.params)}\n${t("errors.hint")}: ${
          t(error.hintKey ?? "hints.input", error.params)
        }`
        : internalError(error, t, log);
      // Error texts can echo input or vCenter messages: the one redactor masks secrets in them.
      return { isError: true, content: [{ type: "text", text: redactText(text) }] };
    }
  };
}

export function describeVSphereError(error: VSphereError, t: Translate): string {
  const params = {
    fault: error.faultType,
    path: error.path,
    message: sanitizeText(error.vcMessage || error.faultType, 400),
    privilege: String(error.details.privilegeId ?? ""),
  };
  return [
    t(`errors.${error.kind}` as MessageKey, params),
    `${t("errors.detail")}: ${params.fault} (${params.path}) ${params.message}`,
    `${t("errors.hint")}: ${t(`hints.${error.kind}` as MessageKey, params)}`,
  ].join("\n");
}

function internalError(error: unknown, t: Translate, log: Logger): string {
  log.error("Internal error in tool call: {error}", { error });
  return `${t("errors.internal")}\n${t("errors.hint")}: ${t("hints.internal")}`;
}
