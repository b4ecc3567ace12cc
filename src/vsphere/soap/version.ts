/**
 * vim25 version negotiation, as pyVmomi does it: read `/sdk/vimServiceVersions.xml` (vCenter and ESXi
 * both serve it), take the newest version the server lists that this client knows (the client is built
 * from the 9.0 WSDL), and send it as `SOAPAction: urn:vim25/<version>`. When the file is missing the
 * caller falls back to ServiceContent's `about.apiVersion`.
 */

/** The newest vim25 version this client's schema describes. */
export const CLIENT_VIM_VERSION = "9.0.0.0";

export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** The newest of `versions` that is not newer than the client's; the client's own when none is older. */
export function pickVersion(versions: readonly string[]): string {
  const usable = versions.filter((v) =>
    /^\d+(\.\d+)*$/.test(v) && compareVersions(v, CLIENT_VIM_VERSION) <= 0
  );
  usable.sort(compareVersions);
  return usable.at(-1) ?? CLIENT_VIM_VERSION;
}

/** Versions listed for `urn:vim25` in a vimServiceVersions.xml document (current first). */
export function vim25Versions(xml: string): string[] {
  for (const block of xml.split(/<namespace>/).slice(1)) {
    if (!/<name>\s*urn:vim25\s*<\/name>/.test(block)) continue;
    return [...block.matchAll(/<version>\s*([^<\s]+)\s*<\/version>/g)].map((m) => m[1]!);
  }
  return [];
}
