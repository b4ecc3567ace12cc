/**
 * The Deno permission flags the compiled binary gets — derived from the "release" permission set in
 * deno.json (the single source of truth), optionally narrowed for a per-site build. Used by
 * `make compile`, `make run-sandboxed`, the release workflow and the sandbox tests, so they cannot drift.
 *
 *   deno run tools_dev/permissions.ts                                  # generic release binary
 *   deno run tools_dev/permissions.ts --vsphere-host vc01.corp:443 --listen 127.0.0.1:8080 \
 *        --read /etc/vsphere-mcp --audit-dir /var/log/vsphere-mcp     # per-site build
 */
import { parseArgs } from "node:util";
import denoJson from "../deno.json" with { type: "json" };

export interface SiteOptions {
  /** host:port of the vCenter(s); narrows --allow-net to exactly these (plus `listen`). */
  vsphereHosts?: string[];
  /** host:port the HTTP transport listens on. */
  listen?: string;
  /** Files/folders the binary may read (policy, targets, password, CA); default: everything. */
  read?: string[];
  /** Folder the audit log may be written to (replaces the release default). */
  auditDir?: string;
}

interface NetSet {
  allow: boolean | string[];
  deny?: string[];
}

export function permissionFlags(site: SiteOptions = {}): string[] {
  const set = denoJson.permissions.release;
  const net = set.net as NetSet;
  const flags: string[] = [];
  if (site.vsphereHosts?.length) {
    flags.push(`--allow-net=${[...site.vsphereHosts, ...(site.listen ? [site.listen] : [])].join(",")}`);
  } else {
    flags.push(net.allow === true ? "--allow-net" : `--allow-net=${(net.allow || []).join(",")}`);
    if (net.deny?.length) flags.push(`--deny-net=${net.deny.join(",")}`);
  }
  flags.push(`--allow-env=${set.env.join(",")}`);
  if (site.read?.length) flags.push(`--allow-read=${site.read.join(",")}`);
  else if (set.read === true) flags.push("--allow-read");
  const write = site.auditDir ? [site.auditDir] : set.write;
  if (write.length) flags.push(`--allow-write=${write.join(",")}`);
  return [...flags, ...RUNTIME_FLAGS];
}

/**
 * V8 settings the release binary runs with. A small young generation (2 MB semi-spaces instead of up to
 * 16 MB) keeps the peak RSS of a 10,000-VM listing at ~135 MB instead of ~190 MB at no measurable cost in
 * time (bench/RESULTS.md, 6a).
 */
export const RUNTIME_FLAGS = ["--v8-flags=--max-semi-space-size=2"];

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      "vsphere-host": { type: "string" },
      listen: { type: "string" },
      read: { type: "string" },
      "audit-dir": { type: "string" },
    },
  });
  const split = (v: string | undefined) => v?.split(",").map((s) => s.trim()).filter(Boolean) ?? [];
  // A host without a port means vCenter's default HTTPS port.
  const withPort = (h: string) => /:\d+$/.test(h) ? h : `${h}:443`;
  const flags = permissionFlags({
    vsphereHosts: split(values["vsphere-host"]).map(withPort),
    ...(values.listen ? { listen: values.listen } : {}),
    read: split(values.read),
    ...(values["audit-dir"] ? { auditDir: values["audit-dir"] } : {}),
  });
  console.log(flags.join(" "));
}
