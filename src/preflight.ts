/**
 * Start-up permission preflight: asks Deno about every resource the configuration names (vCenter
 * host:port, listen address, files to read, audit file to write) before anything runs, so a sandboxed
 * binary with a missing grant stops at once with one line naming the flag — never a prompt, never a hang.
 */
import { type Env, envValue } from "./config/mod.ts";
import type { Config } from "./config/mod.ts";

export interface Requirement {
  descriptor: Deno.PermissionDescriptor;
  /** What to show, e.g. "net vc02.corp:443". */
  label: string;
  /** The flag that grants it, e.g. "--allow-net=vc02.corp:443". */
  flag: string;
}

/** Files the configuration tells the server to read, by the variables that name them. */
const READ_VARS = ["VSPHERE_PASSWORD_FILE", "VSPHERE_CA_FILE", "VSPHERE_RBAC_POLICY", "VSPHERE_TARGETS_FILE"];
const WRITE_VARS = ["VSPHERE_AUDIT_LOG", "AUDIT_LOG_PATH"];

/** Network endpoints the configuration needs: the vCenter and, over HTTP, the listen address. */
export function netRequirements(config: Config): Requirement[] {
  const endpoints: [string, number][] = [];
  if (config.target) endpoints.push([config.target.host, config.target.port]);
  if (config.transport === "http") endpoints.push([config.httpHost, config.httpPort]);
  return endpoints.map(([host, port]) => {
    const hostPort = `${host.includes(":") ? `[${host}]` : host}:${port}`;
    return {
      descriptor: { name: "net", host: hostPort },
      label: `net ${hostPort}`,
      flag: `--allow-net=${hostPort}`,
    };
  });
}

/** Files the environment names; checked before the configuration reads any of them. */
export function fileRequirements(env: Env): Requirement[] {
  const out: Requirement[] = [];
  for (const [kind, names] of [["read", READ_VARS], ["write", WRITE_VARS]] as const) {
    for (const name of names) {
      const path = envValue(env, name);
      // Built-in policies ("builtin:operator") are embedded in the binary, not files.
      if (path && !path.startsWith("builtin:")) {
        out.push({
          descriptor: { name: kind, path },
          label: `${kind} ${path}`,
          flag: `--allow-${kind}=${path}`,
        });
      }
    }
  }
  return out;
}

/** The requirements Deno would not grant without asking; empty when everything is granted. */
export function missingPermissions(requirements: readonly Requirement[]): Requirement[] {
  return requirements.filter((r) => Deno.permissions.querySync(r.descriptor).state !== "granted");
}

/**
 * The environment as the configuration sees it: read variable by variable, so that a binary granted only
 * `--allow-env=VSPHERE_*,...` works (Deno.env.toObject() needs every variable). Variables it may not read
 * count as unset; `.env` file values sit underneath real variables.
 */
export function sandboxedEnv(fromFile: Record<string, string> = {}): Env {
  return new Proxy(fromFile, {
    get(target, key) {
      if (typeof key !== "string") return undefined;
      if (Deno.permissions.querySync({ name: "env", variable: key }).state === "granted") {
        const value = Deno.env.get(key);
        if (value !== undefined) return value;
      }
      return target[key];
    },
  });
}
