/**
 * Reads the vSphere tags attached to an object, for tag scopes in the RBAC policy. Tags live in the vAPI
 * (REST) service, not in vim25; this uses the `/rest` endpoints that vCenter 6.5–8.x serve, with the target's
 * own credentials and TLS settings. Tag and category names are cached briefly (a renamed tag takes effect
 * within TAG_CACHE_MS). Small on purpose: when the project's REST client lands, this becomes a call to it.
 */
import type { VSphereTarget } from "../config/mod.ts";
import { createRoundTripper } from "../vsphere/transport.ts";
import type { MoRef } from "../vsphere/soap/types.ts";
import type { TagReader } from "./scope.ts";

export const TAG_CACHE_MS = 60_000;

export interface RestTagReader {
  tagsOf: TagReader;
  close(): Promise<void>;
}

export function restTagReader(target: VSphereTarget): RestTagReader {
  const roundTrip = createRoundTripper(target.tls);
  const host = target.host.includes(":") ? `[${target.host}]` : target.host;
  const base = `https://${host}:${target.port}/rest/com/vmware/cis`;
  let session: Promise<string> | undefined;
  const names = new Map<string, { value: string; until: number }>();

  const login = async () => {
    const response = await roundTrip(
      new Request(`${base}/session`, {
        method: "POST",
        headers: { authorization: `Basic ${btoa(`${target.user}:${target.password}`)}` },
        signal: AbortSignal.timeout(target.timeoutMs),
      }),
    );
    const body = await response.text();
    if (!response.ok) throw new Error(`vAPI login answered HTTP ${response.status}`);
    return String((JSON.parse(body) as { value: unknown }).value);
  };

  const request = async (method: string, path: string, body?: unknown, retried = false): Promise<unknown> => {
    session ??= login().catch((error) => {
      session = undefined;
      throw error;
    });
    const response = await roundTrip(
      new Request(`${base}${path}`, {
        method,
        headers: { "vmware-api-session-id": await session, "content-type": "application/json" },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(target.timeoutMs),
      }),
    );
    const text = await response.text();
    if (response.status === 401 && !retried) {
      session = undefined;
      return await request(method, path, body, true);
    }
    if (!response.ok) throw new Error(`vAPI ${method} ${path} answered HTTP ${response.status}`);
    return (JSON.parse(text) as { value: unknown }).value;
  };

  const nameOf = async (kind: "tag" | "category", id: string): Promise<string> => {
    const cached = names.get(`${kind}:${id}`);
    if (cached && cached.until > Date.now()) return cached.value;
    const info = await request("GET", `/tagging/${kind}/id:${encodeURIComponent(id)}`) as {
      name: string;
      category_id?: string;
    };
    const value = kind === "tag"
      ? `${await nameOf("category", info.category_id ?? "")}:${info.name}`
      : info.name;
    names.set(`${kind}:${id}`, { value, until: Date.now() + TAG_CACHE_MS });
    return value;
  };

  return {
    /** `Category:Tag` and `Tag` for each attached tag; undefined (scope fails closed) when unreadable. */
    tagsOf: async (ref: MoRef) => {
      try {
        const ids = (await request("POST", "/tagging/tag-association?~action=list-attached-tags", {
          object_id: { id: ref.value, type: ref.type },
        })) as string[] | null;
        const qualified = await Promise.all((ids ?? []).map((id) => nameOf("tag", id)));
        return qualified.flatMap((q) => [q, q.slice(q.indexOf(":") + 1)]);
      } catch {
        return undefined;
      }
    },
    async close() {
      try {
        if (session) {
          const id = await session;
          const response = await roundTrip(
            new Request(`${base}/session`, { method: "DELETE", headers: { "vmware-api-session-id": id } }),
          );
          await response.body?.cancel();
        }
      } catch {
        // best effort, as for the SOAP session
      } finally {
        session = undefined;
        roundTrip.close?.();
      }
    },
  };
}
