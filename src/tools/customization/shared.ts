/** The CustomizationSpecManager and a compact, secret-free reading of a CustomizationSpec. */
import { z } from "zod";
import type { ToolContext } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";

export async function specManager(ctx: ToolContext): Promise<MoRef> {
  const content = await ctx.vsphere.serviceContent();
  return content.customizationSpecManager as MoRef;
}

export interface SpecInfo {
  name: string;
  description: string;
  type: string;
  last_updated: string | null;
}

export async function specInfos(ctx: ToolContext): Promise<SpecInfo[]> {
  const props = await retrieveOne(ctx.vsphere, await specManager(ctx), ["info"], { signal: ctx.signal });
  const infos = (Array.isArray(props.info) ? props.info : []) as VimObject[];
  return infos.map((i) => ({
    name: sanitizeText(String(i.name ?? "")),
    description: sanitizeText(String(i.description ?? "")),
    type: String(i.type ?? ""),
    last_updated: typeof i.lastUpdateTime === "string" ? i.lastUpdateTime : null,
  }));
}

export const specDetail = z.object({
  name: z.string(),
  description: z.string(),
  os: z.enum(["linux", "windows", "other"]),
  hostname: z.string().describe('Fixed name, "prefix*" for a prefix, or "<vm name>"'),
  domain: z.string().nullable(),
  timezone: z.string().nullable(),
  workgroup: z.string().nullable(),
  join_domain: z.string().nullable(),
  org: z.string().nullable(),
  full_name: z.string().nullable(),
  admin_password_set: z.boolean(),
  dns_servers: z.array(z.string()),
  dns_suffixes: z.array(z.string()),
  nics: z.array(z.object({
    ip: z.string().describe('"dhcp" or the fixed address'),
    subnet_mask: z.string().nullable(),
    gateway: z.array(z.string()),
  })),
});

function hostnameOf(name: VimObject | undefined): string {
  switch (name?._type) {
    case "CustomizationFixedName":
      return sanitizeText(String(name.name ?? ""));
    case "CustomizationPrefixName":
      return `${sanitizeText(String(name.base ?? ""))}*`;
    case "CustomizationVirtualMachineName":
      return "<vm name>";
    default:
      return `<${name?._type ?? "unset"}>`;
  }
}

const texts = (v: unknown) => (Array.isArray(v) ? v.map((s) => sanitizeText(String(s))) : []);
const text = (v: unknown) => (typeof v === "string" ? sanitizeText(v) : null);

/** The spec as an admin reads it; passwords are reported only as set or not. */
export function describeSpec(item: VimObject): z.infer<typeof specDetail> {
  const info = (item.info ?? {}) as VimObject;
  const spec = (item.spec ?? {}) as VimObject;
  const identity = (spec.identity ?? {}) as VimObject;
  const global = (spec.globalIPSettings ?? {}) as VimObject;
  const linux = identity._type === "CustomizationLinuxPrep";
  const windows = identity._type === "CustomizationSysprep";
  const gui = (identity.guiUnattended ?? {}) as VimObject;
  const user = (identity.userData ?? {}) as VimObject;
  const ident = (identity.identification ?? {}) as VimObject;
  const nics = (Array.isArray(spec.nicSettingMap) ? spec.nicSettingMap : []) as VimObject[];
  return {
    name: sanitizeText(String(info.name ?? "")),
    description: sanitizeText(String(info.description ?? "")),
    os: linux ? "linux" : windows ? "windows" : "other",
    hostname: hostnameOf((linux ? identity.hostName : user.computerName) as VimObject | undefined),
    domain: linux ? text(identity.domain) : null,
    timezone: linux
      ? text(identity.timeZone)
      : windows && gui.timeZone !== undefined
      ? String(gui.timeZone)
      : null,
    workgroup: windows ? text(ident.joinWorkgroup) : null,
    join_domain: windows ? text(ident.joinDomain) : null,
    org: windows ? text(user.orgName) : null,
    full_name: windows ? text(user.fullName) : null,
    admin_password_set: windows && gui.password !== undefined,
    dns_servers: texts(global.dnsServerList),
    dns_suffixes: texts(global.dnsSuffixList),
    nics: nics.map((m) => {
      const adapter = (m.adapter ?? {}) as VimObject;
      const ip = (adapter.ip ?? {}) as VimObject;
      return {
        ip: ip._type === "CustomizationFixedIp"
          ? sanitizeText(String(ip.ipAddress ?? ""))
          : ip._type === "CustomizationDhcpIpGenerator"
          ? "dhcp"
          : `<${ip._type ?? "unset"}>`,
        subnet_mask: text(adapter.subnetMask),
        gateway: texts(adapter.gateway),
      };
    }),
  };
}
