import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { asArray, asObject, bool, str } from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";
import { changeHost, type HostRequest } from "./common.ts";

const hostLabel = z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9-]{0,62})$/);
const domain = z.string().regex(/^[A-Za-z0-9.-]{1,253}$/);
const address = z.string().regex(/^[0-9A-Fa-f:.]{2,45}$/);

export interface DnsSettings {
  dhcp: boolean;
  vmknic?: string | undefined;
  hostName: string;
  domainName: string;
  servers: string[];
  searchDomains: string[];
}

/** HostNetworkSystem.UpdateDnsConfig with the whole HostDnsConfig (vCenter replaces it, it does not merge). */
export function dnsRequest(s: DnsSettings): HostRequest {
  return {
    manager: "networkSystem",
    method: "UpdateDnsConfig",
    args: {
      config: {
        _type: "HostDnsConfig",
        dhcp: s.dhcp,
        virtualNicDevice: s.dhcp ? s.vmknic : undefined,
        hostName: s.hostName,
        domainName: s.domainName,
        address: s.dhcp ? undefined : s.servers,
        searchDomain: s.searchDomains,
      },
    },
  };
}

export function readDns(config: VimObject): DnsSettings {
  return {
    dhcp: bool(config.dhcp) ?? false,
    vmknic: str(config.virtualNicDevice),
    hostName: str(config.hostName) ?? "",
    domainName: str(config.domainName) ?? "",
    servers: asArray(config.address).map((a) => str(a) ?? ""),
    searchDomains: asArray(config.searchDomain).map((a) => str(a) ?? ""),
  };
}

const same = (a: DnsSettings, b: DnsSettings) =>
  a.dhcp === b.dhcp && a.hostName === b.hostName && a.domainName === b.domainName &&
  (a.dhcp || a.servers.join() === b.servers.join()) && a.searchDomains.join() === b.searchDomains.join() &&
  (!a.dhcp || a.vmknic === b.vmknic);

export const hostDns = defineTool({
  name: "host_dns",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    servers: z.array(address).max(6).optional().describe(t("param.host_dns_servers")),
    search_domains: z.array(domain).max(6).optional().describe(t("param.host_dns_search")),
    host_name: hostLabel.optional().describe(t("param.host_dns_host_name")),
    domain_name: domain.optional().describe(t("param.host_dns_domain")),
    dhcp: z.boolean().optional().describe(t("param.host_dns_dhcp")),
    vmknic: z.string().regex(/^vmk\d{1,3}$/).optional().describe(t("param.host_dns_vmknic")),
    datacenter: datacenterInput(t),
  }),
  output: {
    host: z.string(),
    dhcp: z.boolean(),
    host_name: z.string(),
    domain_name: z.string(),
    servers: z.array(z.string()),
    search_domains: z.array(z.string()),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  // Wrong DNS servers break name resolution (HA, vCenter certificates) but leave the host reachable by IP.
  tier: "medium",
  privileges: ["Host.Config.Network"],
  aliases: ["set_host_dns_config"],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    const read = async () =>
      readDns(asObject(
        (await retrieveOne(ctx.vsphere, host.ref, ["config.network.dnsConfig"], { signal: ctx.signal }))[
          "config.network.dnsConfig"
        ],
      ));
    const current = await read();
    const wanted: DnsSettings = {
      dhcp: args.dhcp ?? (args.servers ? false : current.dhcp),
      vmknic: args.vmknic ?? current.vmknic,
      hostName: args.host_name ?? current.hostName,
      domainName: args.domain_name ?? current.domainName,
      servers: args.servers ?? current.servers,
      searchDomains: args.search_domains ?? current.searchDomains,
    };
    if (!wanted.dhcp && wanted.servers.length === 0) {
      throw new ToolInputError("errors.host_dns_no_servers", { name: host.name });
    }
    const result = (s: DnsSettings, message: string) => ({
      host: host.name,
      dhcp: s.dhcp,
      host_name: s.hostName,
      domain_name: s.domainName,
      servers: s.servers,
      search_domains: s.searchDomains,
      message,
    });
    if (same(wanted, current)) return result(current, ctx.t("host_config.already", { name: host.name }));
    const request = dnsRequest(wanted);
    return await changeHost(ctx, host, request, {
      summary: ctx.t("host_dns.summary", {
        name: host.name,
        from: current.dhcp ? "DHCP" : current.servers.join(", "),
        to: wanted.dhcp ? "DHCP" : wanted.servers.join(", "),
        fqdn: `${wanted.hostName}.${wanted.domainName}`,
      }),
      state: { ...current },
    }, async () => result(await read(), ctx.t("host_config.done", { name: host.name })));
  },
});
