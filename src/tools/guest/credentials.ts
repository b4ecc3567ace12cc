/**
 * Guest OS credentials are never tool arguments (arguments land in client transcripts, audit logs and
 * previews). A tool names a credential; the server's own environment holds it:
 *
 *   VSPHERE_GUEST_<NAME>_USER           the guest user, e.g. "root" or "CORP\\svc-ops"
 *   VSPHERE_GUEST_<NAME>_PASSWORD_FILE  a file with the password (refused if group/world readable), or
 *   VSPHERE_GUEST_<NAME>_PASSWORD       the password itself
 *
 * <NAME> is the credential name in upper case ("linux_ops" → VSPHERE_GUEST_LINUX_OPS_USER).
 */
import { z } from "zod";
import type { Translate } from "../../i18n/mod.ts";
import { ToolInputError } from "../../registry/errors.ts";

export interface GuestCredential {
  /** The credential's name as the tool was given it. */
  name: string;
  user: string;
  /** Never logged, previewed or returned. */
  password: string;
}

export type EnvSource = Pick<typeof Deno.env, "get">;

export function credentialInput(t: Translate) {
  return z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/).describe(t("param.guest.credential"));
}

export function credentialVars(name: string): { user: string; passwordFile: string; password: string } {
  const prefix = `VSPHERE_GUEST_${name.toUpperCase()}`;
  return { user: `${prefix}_USER`, passwordFile: `${prefix}_PASSWORD_FILE`, password: `${prefix}_PASSWORD` };
}

export function guestCredential(name: string, env: EnvSource = Deno.env): GuestCredential {
  const vars = credentialVars(name);
  const raw = (key: string) => {
    try {
      return env.get(key);
    } catch {
      return undefined; // not granted to this process: the same as unset
    }
  };
  const read = (key: string) => raw(key)?.trim() || undefined;
  const user = read(vars.user);
  const file = read(vars.passwordFile);
  let password = file === undefined ? raw(vars.password) : undefined;
  if (file !== undefined) {
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(file);
      password = Deno.readTextFileSync(file).replace(/\r?\n$/, "");
    } catch {
      throw new ToolInputError(
        "guest.credential_unreadable",
        { name, variable: vars.passwordFile },
        "hints.guest_credential",
      );
    }
    if (Deno.build.os !== "windows" && info.mode !== null && (info.mode & 0o077) !== 0) {
      throw new ToolInputError(
        "guest.credential_file_open",
        { name, variable: vars.passwordFile },
        "hints.guest_credential",
      );
    }
  }
  if (!user || password === undefined || password === "") {
    throw new ToolInputError("guest.credential_missing", {
      name,
      user: vars.user,
      password: vars.passwordFile,
    }, "hints.guest_credential");
  }
  return { name, user, password };
}

/** NamePasswordAuthentication for the guest operations managers (interactiveSession false: no desktop). */
export function guestAuth(credential: GuestCredential) {
  return {
    _type: "NamePasswordAuthentication",
    interactiveSession: false,
    username: credential.user,
    password: credential.password,
  };
}

/** Removes the secret from any text that is about to leave the server (vCenter messages may echo input). */
export function redact(text: string, credential: GuestCredential | undefined): string {
  if (!credential || credential.password.length < 3) return text;
  return text.split(credential.password).join("[redacted]");
}
