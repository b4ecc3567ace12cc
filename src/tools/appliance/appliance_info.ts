import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { ACCESS_KINDS, ApplianceManager } from "../../vsphere/rest/appliance.ts";
import { VcenterServicesManager } from "../../vsphere/rest/vcenter_services.ts";
import { errorText, messageText } from "./shared.ts";

const SECTIONS = [
  "version",
  "time",
  "network",
  "firewall",
  "access",
  "deployment",
  "logging",
  "local_accounts",
  "support_bundles",
] as const;
type Section = typeof SECTIONS[number];

export const applianceInfo = defineTool({
  name: "appliance_info",
  toolset: "appliance",
  input: (t) => ({
    sections: z.array(z.enum(SECTIONS)).min(1).optional().describe(t("param.appliance_info_sections")),
    test_syslog: z.boolean().default(false).describe(t("param.appliance_info_test_syslog")),
  }),
  output: {
    version: z.object({
      product: z.string(),
      version: z.string(),
      build: z.string(),
      type: z.string(),
      release_date: z.string(),
      install_time: z.string(),
      uptime_s: z.number().nullable(),
    }).optional(),
    time: z.object({
      date: z.string(),
      time: z.string(),
      timezone: z.string(),
      seconds_since_epoch: z.number(),
      configured_timezone: z.string().nullable(),
      sync_mode: z.string().nullable(),
    }).optional(),
    network: z.object({
      hostname: z.string(),
      dns_mode: z.string(),
      dns_servers: z.array(z.string()),
      dns_domains: z.array(z.string()),
      ntp_servers: z.array(z.string()),
      proxies: z.array(z.object({
        protocol: z.string(),
        enabled: z.boolean(),
        server: z.string(),
        port: z.number(),
        username: z.string().optional(),
      })),
    }).optional(),
    firewall: z.array(z.object({
      address: z.string(),
      prefix: z.number(),
      policy: z.string(),
      interface: z.string().optional(),
    })).optional(),
    access: z.record(z.string(), z.boolean()).optional(),
    deployment: z.object({ type: z.string() }).optional(),
    logging: z.object({
      forwarding: z.array(z.object({
        hostname: z.string(),
        port: z.number(),
        protocol: z.string(),
        state: z.string().optional().describe("Connection test result (test_syslog=true)"),
        message: z.string().optional(),
      })),
    }).optional(),
    support_bundles: z.array(z.object({
      description: z.string(),
      status: z.string(),
      generation_time: z.string().nullable(),
      size_bytes: z.number().nullable(),
      downloadable: z.boolean(),
      expiration_time: z.string().nullable(),
      url: z.string().nullable(),
      failure: z.string().nullable(),
    })).optional(),
    local_accounts: z.object({
      max_days: z.number().nullable(),
      min_days: z.number().nullable(),
      warn_days: z.number().nullable(),
    }).optional(),
    unavailable: z.array(z.object({ section: z.enum(SECTIONS), error: z.string() })),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: [
    "get_appliance_system_time",
    "get_appliance_timezone",
    "get_appliance_uptime",
    "get_appliance_dns_domains",
    "get_appliance_dns_hostname",
    "get_appliance_firewall_rules",
    "get_vcenter_ntp_config",
    "get_vcenter_dns_config",
    "get_vcenter_proxy_config",
    "get_vcenter_network_config",
    "get_vcenter_appliance_access",
    "get_vcenter_deployment_type",
    "validate_syslog_forwarding",
  ],
  async handler(args, ctx) {
    const appliance = new ApplianceManager(ctx.vsphere.rest);
    const wanted = new Set<Section>(args.sections ?? SECTIONS);
    const unavailable: { section: Section; error: string }[] = [];
    const read = async <T>(section: Section, fn: () => Promise<T>): Promise<T | undefined> => {
      if (!wanted.has(section)) return undefined;
      try {
        return await fn();
      } catch (error) {
        unavailable.push({ section, error: errorText(error) });
        return undefined;
      }
    };
    const s = sanitizeText;
    const [version, time, network, firewall, access, deployment, logging, bundles, localAccounts] =
      await Promise
        .all([
          read("version", async () => {
            const [v, uptime] = await Promise.all([
              appliance.version(),
              appliance.uptime().catch(() => null),
            ]);
            return {
              product: s(v.product),
              version: s(v.version),
              build: s(v.build),
              type: s(v.type),
              release_date: s(v.releasedate),
              install_time: s(v.install_time),
              uptime_s: uptime === null ? null : Math.round(uptime),
            };
          }),
          read("time", async () => {
            const [now, zone, sync] = await Promise.all([
              appliance.time(),
              appliance.timezone().catch(() => null),
              appliance.timesync().catch(() => null),
            ]);
            return {
              date: s(now.date),
              time: s(now.time),
              timezone: s(now.timezone),
              seconds_since_epoch: now.seconds_since_epoch,
              configured_timezone: zone === null ? null : s(zone),
              sync_mode: sync,
            };
          }),
          read("network", async () => {
            const [hostname, dns, domains, ntp, proxies] = await Promise.all([
              appliance.hostname(),
              appliance.dnsServers(),
              appliance.dnsDomains(),
              appliance.ntpServers(),
              appliance.proxies(),
            ]);
            return {
              hostname: s(hostname),
              dns_mode: dns.mode,
              dns_servers: (dns.servers ?? []).map((x) => s(x)),
              dns_domains: domains.map((x) => s(x)),
              ntp_servers: ntp.map((x) => s(x)),
              // The proxy password is never shown.
              proxies: proxies.map(([protocol, p]) => ({
                protocol: s(protocol),
                enabled: p.enabled,
                server: s(p.server),
                port: p.port,
                ...(p.username ? { username: s(p.username) } : {}),
              })),
            };
          }),
          read("firewall", async () =>
            (await appliance.firewallInbound()).map((r) => ({
              address: s(r.address),
              prefix: r.prefix,
              policy: r.policy,
              ...(r.interface_name ? { interface: s(r.interface_name) } : {}),
            }))),
          read("access", async () => {
            const values = await Promise.all(ACCESS_KINDS.map((k) => appliance.access(k)));
            return Object.fromEntries(ACCESS_KINDS.map((k, i) => [k, values[i]!]));
          }),
          read("deployment", async () => ({
            type: s(await new VcenterServicesManager(ctx.vsphere.rest).deploymentType()),
          })),
          read("logging", async () => {
            const targets = await appliance.syslogForwarding();
            // The connection test sends no message (send_test_message=false): it changes nothing.
            const status = args.test_syslog && targets.length
              ? await appliance.testSyslogForwarding(false)
              : [];
            return {
              forwarding: targets.map((f) => {
                const tested = status.find((st) => st.hostname === f.hostname);
                return {
                  hostname: s(f.hostname),
                  port: f.port,
                  protocol: f.protocol,
                  ...(tested ? { state: tested.state } : {}),
                  ...(tested?.message ? { message: messageText(tested.message) } : {}),
                };
              }),
            };
          }),
          read("support_bundles", async () =>
            (await appliance.supportBundles()).map((b) => ({
              description: s(b.description),
              status: b.status,
              generation_time: b.generation_time ?? null,
              size_bytes: b.size ?? null,
              downloadable: b.downloadable ?? false,
              expiration_time: b.expiration_time ?? null,
              url: b.url ? s(b.url) : null,
              failure: b.failure_reason ? messageText(b.failure_reason) : null,
            }))),
          read("local_accounts", async () => {
            const policy = await appliance.localAccountsPolicy();
            return {
              max_days: policy.max_days ?? null,
              min_days: policy.min_days ?? null,
              warn_days: policy.warn_days ?? null,
            };
          }),
        ]);
    return {
      ...(version ? { version } : {}),
      ...(time ? { time } : {}),
      ...(network ? { network } : {}),
      ...(firewall ? { firewall } : {}),
      ...(access ? { access } : {}),
      ...(deployment ? { deployment } : {}),
      ...(logging ? { logging } : {}),
      ...(localAccounts ? { local_accounts: localAccounts } : {}),
      ...(bundles ? { support_bundles: bundles } : {}),
      unavailable,
    };
  },
});
