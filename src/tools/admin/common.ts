/** Reads the admin tools share: roles and privileges from AuthorizationManager, sessions, licenses. */
import type { ToolContext } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import {
  asArray,
  asObject,
  asObjects,
  bool,
  num,
  resolveAnyEntities,
  resolveAnyEntity,
  serviceManager,
  str,
  text,
} from "../shared/vim_values.ts";

export interface Role {
  id: number;
  name: string;
  label: string;
  system: boolean;
  privileges: string[];
}

export async function readRoles(ctx: ToolContext): Promise<Role[]> {
  const manager = await serviceManager(ctx.vsphere, "authorizationManager");
  const list = (await retrieveOne(ctx.vsphere, manager, ["roleList"], { signal: ctx.signal })).roleList;
  return asObjects(list).map((r) => ({
    id: num(r.roleId) ?? 0,
    name: text(r.name),
    label: text(asObject(r.info).label),
    system: bool(r.system) ?? false,
    privileges: asArray(r.privilege).map((p) => text(p)).sort(),
  }));
}

/** A role by id or exact name; ambiguity cannot happen (names are unique), absence is an input error. */
export function findRole(roles: readonly Role[], role: string): Role {
  const found = /^-?\d+$/.test(role)
    ? roles.find((r) => r.id === Number(role))
    : roles.find((r) => r.name === role);
  if (!found) throw new ToolInputError("errors.role_not_found", { role });
  return found;
}

export async function readPrivileges(ctx: ToolContext) {
  const manager = await serviceManager(ctx.vsphere, "authorizationManager");
  const list =
    (await retrieveOne(ctx.vsphere, manager, ["privilegeList"], { signal: ctx.signal })).privilegeList;
  const privileges = asObjects(list).map((p) => ({
    id: text(p.privId),
    name: text(p.name),
    group: text(p.privGroupName),
    on_parent: bool(p.onParent) ?? false,
  }));
  if (privileges.length) return privileges;
  // Some servers (vcsim among them) leave privilegeList empty; the roles still name every privilege.
  const ids = new Set((await readRoles(ctx)).flatMap((r) => r.privileges));
  return [...ids].map((id) => ({
    id,
    name: id.slice(id.lastIndexOf(".") + 1),
    group: id.slice(0, Math.max(0, id.lastIndexOf("."))),
    on_parent: false,
  }));
}

/**
 * A session's key lets an administrator end it, so it is not shown: tools show and accept a short digest
 * of it instead (enough to pick one session out of a list, useless for anything else).
 */
export async function sessionHandle(key: string): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key)));
  return "s_" + Array.from(hash.slice(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function readSessions(ctx: ToolContext) {
  const manager = await serviceManager(ctx.vsphere, "sessionManager");
  const p = await retrieveOne(ctx.vsphere, manager, ["sessionList", "currentSession"], {
    signal: ctx.signal,
  });
  const current = str(asObject(p.currentSession).key);
  const sessions = [];
  for (const s of asObjects(p.sessionList)) {
    const key = str(s.key) ?? "";
    sessions.push({
      key,
      session: await sessionHandle(key),
      user: text(s.userName),
      full_name: text(s.fullName),
      ip_address: s.ipAddress === undefined ? null : text(s.ipAddress),
      user_agent: s.userAgent === undefined ? null : text(s.userAgent),
      login_time: str(s.loginTime) ?? null,
      last_active: str(s.lastActiveTime) ?? null,
      call_count: num(s.callCount) ?? null,
      current: key === current,
    });
  }
  return { manager, sessions, current };
}

/** License keys unlock paid features: results show only the last block. */
export function maskLicense(key: string): string {
  return key.replace(/[A-Z0-9]/gi, (c, i: number) => (i >= key.length - 5 ? c : "X"));
}

export async function readLicenses(ctx: ToolContext) {
  const manager = await serviceManager(ctx.vsphere, "licenseManager");
  const list = (await retrieveOne(ctx.vsphere, manager, ["licenses"], { signal: ctx.signal })).licenses;
  return {
    manager,
    licenses: asObjects(list).map((l) => ({
      key: str(l.licenseKey) ?? "",
      license: maskLicense(str(l.licenseKey) ?? ""),
      name: text(l.name),
      edition: text(l.editionKey),
      total: num(l.total) ?? null,
      used: num(l.used) ?? null,
      cost_unit: text(l.costUnit),
      labels: Object.fromEntries(asObjects(l.labels).map((kv) => [text(kv.key), text(kv.value)])),
    })),
  };
}

/** An inventory object by id or name; omitted or "/" is the root folder (permissions that apply everywhere). */
export async function resolvePermissionEntity(ctx: ToolContext, entity: string | undefined) {
  if (!entity || entity === "/") {
    return { ref: await serviceManager(ctx.vsphere, "rootFolder"), name: "/" };
  }
  const found = await resolveAnyEntity(ctx.vsphere, entity, undefined, ctx.signal);
  return { ref: found.ref, name: sanitizeText(found.name) };
}

/** What a license is assigned to: a host (by its MoRef id) or vCenter itself (by its instance UUID). */
export async function licenseEntity(ctx: ToolContext, entity: string): Promise<{ id: string; name: string }> {
  if (entity.toLowerCase() === "vcenter") {
    const about = asObject((await ctx.vsphere.serviceContent()).about);
    return { id: str(about.instanceUuid) ?? "", name: text(about.name) || "vCenter" };
  }
  const host = await resolveAnyEntity(ctx.vsphere, entity, ["HostSystem"], ctx.signal);
  return { id: host.ref.value, name: sanitizeText(host.name) };
}

/** Several objects at once (one inventory pass); "/" is the root folder. */
export async function resolvePermissionEntities(ctx: ToolContext, entities: readonly string[]) {
  const root = { ref: await serviceManager(ctx.vsphere, "rootFolder"), name: "/" };
  const named = entities.filter((e) => e !== "/");
  const found = named.length ? await resolveAnyEntities(ctx.vsphere, named, undefined, ctx.signal) : [];
  let i = 0;
  return entities.map((e) => {
    if (e === "/") return root;
    const f = found[i++]!;
    return { ref: f.ref, name: sanitizeText(f.name) };
  });
}
