/**
 * Starts a private vCenter simulator for one test file (or uses VCSIM_URL when set, e.g. Docker's
 * vmware/vcsim) and gives the settings the server needs to reach it with verified TLS.
 */
import type { VSphereTarget } from "../../src/config/mod.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

export interface VcsimOptions {
  /** Launcher flags, e.g. { vm: 5, cluster: 2 } → -vm 5 -cluster 2. */
  model?: Record<string, number | boolean | string>;
  /** Fixed credentials; without them any non-empty user/password logs in. */
  user?: string;
  password?: string;
  /** Serve plain HTTP instead of TLS. */
  plain?: boolean;
  /** Where the simulator keeps its datastore files (default: /dev/shm when present), e.g. a folder a test
   * removes itself after killing the simulator hard. */
  tmpdir?: string;
}

export interface Vcsim {
  url: URL;
  host: string;
  port: number;
  /** PEM of the test CA that signed the simulator's certificate. */
  caFile: string;
  caPem: string;
  sha1: string;
  sha256: string;
  vms: number;
  /** Process id of the simulator (0 for an external one), e.g. to kill it hard in a test. */
  pid: number;
  /** A target with verified TLS against this simulator. */
  target(overrides?: Partial<VSphereTarget>): VSphereTarget;
  /** Environment variables that point the server at this simulator. */
  env(extra?: Record<string, string>): Record<string, string>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

let ensured: Promise<string> | undefined;

/** Builds the launcher and test PKI once per process. */
function ensureBinary(): Promise<string> {
  ensured ??= (async () => {
    const out = await new Deno.Command("bash", {
      args: [`${ROOT}tests/vcsim/ensure.sh`],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    if (!out.success) throw new Error("vcsim could not be provided (see the message above)");
    return new TextDecoder().decode(out.stdout).trim().split("\n").at(-1)!;
  })();
  return ensured;
}

export async function startVcsim(options: VcsimOptions = {}): Promise<Vcsim> {
  const caFile = `${ROOT}.tools/pki/ca.pem`;
  const external = Deno.env.get("VCSIM_URL");
  if (external) return externalVcsim(new URL(external));

  const bin = await ensureBinary();
  const args = ["-listen", "127.0.0.1:0"];
  if (!options.plain) args.push("-cert", `${ROOT}.tools/pki/leaf.pem`, "-key", `${ROOT}.tools/pki/leaf.key`);
  if (options.user) args.push("-user", options.user, "-password", options.password ?? "");
  for (const [k, v] of Object.entries(options.model ?? {})) args.push(`-${k}=${v}`);
  const shm = (() => {
    try {
      return Deno.statSync("/dev/shm").isDirectory ? "/dev/shm" : undefined;
    } catch {
      return undefined;
    }
  })();
  const child = new Deno.Command(bin, {
    args,
    stdout: "piped",
    stderr: "piped",
    env: options.tmpdir ? { TMPDIR: options.tmpdir } : shm ? { TMPDIR: shm } : {},
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  while (!buffer.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) {
      const err = await new Response(child.stderr).text();
      throw new Error(`vcsim exited before serving: ${err}`);
    }
    buffer += value;
  }
  reader.releaseLock();
  // Keep draining so the simulator never blocks on a full pipe.
  child.stdout.pipeTo(new WritableStream()).catch(() => {});
  child.stderr.pipeTo(new WritableStream()).catch(() => {});
  const info = JSON.parse(buffer.split("\n")[0]!) as {
    url: string;
    host: string;
    port: string;
    sha1?: string;
    sha256?: string;
    vms: number;
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      child.kill("SIGINT");
    } catch {
      // already gone
    }
    await child.status;
  };
  const caPem = Deno.readTextFileSync(caFile);
  const url = new URL(info.url);
  return makeVcsim(
    url,
    caFile,
    caPem,
    info.sha1 ?? "",
    info.sha256 ?? "",
    info.vms,
    stop,
    options,
    child.pid,
  );
}

function makeVcsim(
  url: URL,
  caFile: string,
  caPem: string,
  sha1: string,
  sha256: string,
  vms: number,
  stop: () => Promise<void>,
  options: VcsimOptions,
  pid = 0,
): Vcsim {
  const host = url.hostname;
  const port = Number(url.port || 443);
  const user = options.user ?? "user";
  const password = options.password ?? "pass";
  return {
    url,
    host,
    port,
    caFile,
    caPem,
    sha1,
    sha256,
    vms,
    pid,
    target: (overrides = {}) => ({
      host,
      port,
      user,
      password,
      tls: { mode: "verify", caPem, caFile },
      timeoutMs: 15_000,
      ...overrides,
    }),
    env: (extra = {}) => ({
      VSPHERE_HOST: host,
      VSPHERE_PORT: String(port),
      VSPHERE_USER: user,
      VSPHERE_PASSWORD: password,
      VSPHERE_CA_FILE: caFile,
      ...extra,
    }),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

function externalVcsim(url: URL): Vcsim {
  const caFile = Deno.env.get("VCSIM_CA_FILE") ?? "";
  const caPem = caFile ? Deno.readTextFileSync(caFile) : "";
  return makeVcsim(url, caFile, caPem, "", "", Number(Deno.env.get("VCSIM_VMS") ?? 0), async () => {}, {});
}
