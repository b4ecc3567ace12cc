/**
 * Passwords for ESXi local users and Active Directory joins never travel as tool arguments (those reach
 * previews, audit records and the model's context). A tool takes a *reference* instead, resolved here on the
 * server:
 *   env:NAME   the environment variable VSPHERE_SECRET_NAME (the release binary may read VSPHERE_* only)
 *   file:NAME  the file NAME inside the directory VSPHERE_SECRETS_DIR, readable only by its owner
 * The value is registered with the redactor, so it is masked in every log line, audit record and result.
 */
import { ToolInputError } from "../../registry/errors.ts";
import { registerSecret } from "../../log/redact.ts";

export const SECRET_REF = /^(env:[A-Za-z0-9_]{1,64}|file:[\w.-]{1,128})$/;

/** Reads a secret reference; throws a ToolInputError naming what is missing (never the value). */
export function resolveSecret(
  reference: string,
  env: (name: string) => string | undefined = Deno.env.get,
): string {
  if (!SECRET_REF.test(reference) || reference.includes("..")) {
    throw new ToolInputError("errors.secret_ref_invalid", { ref: reference }, "hints.secret_ref");
  }
  let value: string | undefined;
  if (reference.startsWith("env:")) {
    const name = `VSPHERE_SECRET_${reference.slice(4)}`;
    value = env(name);
    if (!value) {
      throw new ToolInputError("errors.secret_missing", { ref: reference, where: name }, "hints.secret_ref");
    }
  } else {
    const dir = env("VSPHERE_SECRETS_DIR");
    if (!dir) {
      throw new ToolInputError(
        "errors.secret_missing",
        { ref: reference, where: "VSPHERE_SECRETS_DIR" },
        "hints.secret_ref",
      );
    }
    const path = `${dir.replace(/\/+$/, "")}/${reference.slice(5)}`;
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(path);
      value = Deno.readTextFileSync(path).replace(/\r?\n$/, "");
    } catch {
      throw new ToolInputError("errors.secret_missing", { ref: reference, where: path }, "hints.secret_ref");
    }
    if (info.mode !== null && (info.mode & 0o077) !== 0) {
      throw new ToolInputError("errors.secret_file_mode", {
        ref: reference,
        mode: (info.mode & 0o777).toString(8),
      });
    }
    if (!value) {
      throw new ToolInputError("errors.secret_missing", { ref: reference, where: path }, "hints.secret_ref");
    }
  }
  registerSecret(value);
  return value;
}
