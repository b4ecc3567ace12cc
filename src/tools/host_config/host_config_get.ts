import { X509Certificate } from "node:crypto";
import { z } from "zod";
import { sanitizeText } from "../../server/sanitize.ts";
import { defineTool, type ToolContext } from "../../registry/define.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { VSphereError } from "../../vsphere/errors.ts";
import { datacenterInput } from "../shared/inputs.ts";
import {
  asArray,
  asObject,
  asObjects,
  bool,
  num,
  ref,
  retrieveMany,
  str,
  text,
} from "../shared/vim_values.ts";
import { hostInput, readHost } from "../host/common.ts";

export const SECTIONS = [
  "dns",
  "routing",
  "time",
  "syslog",
  "power_policy",
  "lockdown",
  "certificate",
  "snmp",
  "autostart",
  "coredump",
  "swap",
  "graphics",
  "vmknic_services",
  "authentication",
  "agent_vm",
] as const;
type Section = typeof SECTIONS[number];

const texts = z.array(z.string());
const nullableText = z.string().nullable();

const output = {
  host: z.string(),
  dns: z.object({
    dhcp: z.boolean(),
    vmknic: z.string(),
    host_name: z.string(),
    domain_name: z.string(),
    servers: texts,
    search_domains: texts,
  }).optional(),
  routing: z.object({
    default_gateway: z.string(),
    gateway_device: z.string(),
    ipv6_default_gateway: z.string(),
    routes: z.array(z.object({
      network: z.string(),
      prefix_length: z.number().nullable(),
      gateway: z.string(),
      device: z.string(),
    })),
  }).optional(),
  time: z.object({
    time_zone: z.string(),
    protocol: z.string(),
    ntp_servers: texts,
    ntpd_running: z.boolean().nullable(),
    ntpd_policy: nullableText,
  }).optional(),
  syslog: z.object({
    log_host: z.string(),
    log_dir: z.string(),
    settings: z.array(z.object({ key: z.string(), value: z.string() })),
  }).optional(),
  power_policy: z.object({
    current: z.object({ key: z.number().nullable(), short_name: z.string(), name: z.string() }),
    available: z.array(z.object({ key: z.number().nullable(), short_name: z.string(), name: z.string() })),
  }).optional(),
  lockdown: z.object({ mode: z.string(), exception_users: texts.nullable() }).optional(),
  certificate: z.object({
    subject: z.string(),
    issuer: z.string(),
    not_before: nullableText,
    not_after: nullableText,
    status: z.string(),
  }).nullable().optional().describe("null when the host does not report its certificate"),
  snmp: z.object({
    enabled: z.boolean().nullable(),
    port: z.number().nullable(),
    trap_targets: z.array(z.object({ host: z.string(), port: z.number().nullable() })),
    communities: z.number().describe("How many read-only communities are set (their values are not shown)"),
  }).optional(),
  autostart: z.object({
    enabled: z.boolean().nullable(),
    start_delay: z.number().nullable(),
    stop_delay: z.number().nullable(),
    stop_action: z.string(),
    wait_for_heartbeat: z.boolean().nullable(),
    vms: z.array(z.object({
      vm: z.string(),
      name: z.string(),
      start_order: z.number().nullable(),
      start_action: z.string(),
      stop_action: z.string(),
    })),
  }).optional(),
  coredump: z.object({
    active: z.object({ disk: z.string(), partition: z.number().nullable(), storage_type: z.string() })
      .nullable(),
  }).optional(),
  swap: z.object({
    local_swap_datastore: nullableText,
    host_cache: z.array(z.object({ datastore: z.string(), swap_size_mb: z.number().nullable() })),
  }).optional(),
  graphics: z.object({
    default_type: z.string(),
    assignment_policy: z.string(),
    devices: z.array(
      z.object({ pci_id: z.string(), vendor: z.string(), name: z.string(), type: z.string() }),
    ),
  }).optional(),
  vmknic_services: z.array(z.object({ service: z.string(), selected: texts, candidates: texts })).optional(),
  authentication: z.object({
    local_enabled: z.boolean().nullable(),
    active_directory: z.object({
      enabled: z.boolean().nullable(),
      domain: z.string(),
      membership: z.string(),
      trusted_domains: texts,
    }).nullable(),
  }).optional(),
  agent_vm: z.object({ datastore: nullableText, network: nullableText }).nullable().optional(),
  unavailable: z.array(z.object({ section: z.string(), reason: z.string() }))
    .describe("Sections the host could not report (an older ESXi, or a manager this host lacks)"),
};

async function hostProps(ctx: ToolContext, host: MoRef, paths: string[]) {
  return await retrieveOne(ctx.vsphere, host, paths, { signal: ctx.signal });
}

async function manager(ctx: ToolContext, host: MoRef, name: string): Promise<MoRef | undefined> {
  return ref((await hostProps(ctx, host, [`configManager.${name}`]))[`configManager.${name}`]);
}

async function nameOf(ctx: ToolContext, value: VimValue | undefined): Promise<string | null> {
  const r = ref(value);
  if (!r) return null;
  const [named] = await retrieveMany(ctx.vsphere, [r], ["name"], ctx.signal);
  return named ? text(named.props.name) : r.value;
}

function policy(p: VimValue | undefined) {
  const o = asObject(p);
  return { key: num(o.key) ?? null, short_name: text(o.shortName), name: text(o.name) };
}

/** Subject, issuer and validity of the PEM certificate a host reports as bytes; null when it is not one. */
export function certificateFromPem(bytes: number[]) {
  const pem = new TextDecoder().decode(new Uint8Array(bytes.map((b) => b & 0xff)));
  if (!pem.includes("BEGIN CERTIFICATE")) return null;
  try {
    const cert = new X509Certificate(pem);
    const validTo = new Date(cert.validTo);
    return {
      subject: sanitizeText(cert.subject.replaceAll("\n", ", ")),
      issuer: sanitizeText(cert.issuer.replaceAll("\n", ", ")),
      not_before: new Date(cert.validFrom).toISOString(),
      not_after: validTo.toISOString(),
      status: validTo.getTime() < Date.now() ? "expired" : "good",
    };
  } catch {
    return null;
  }
}

type Readers = {
  [K in Section]: (ctx: ToolContext, host: MoRef) => Promise<z.infer<z.ZodObject<typeof output>>[K]>;
};

const READERS: Readers = {
  async dns(ctx, host) {
    const d = asObject(
      (await hostProps(ctx, host, ["config.network.dnsConfig"]))["config.network.dnsConfig"],
    );
    return {
      dhcp: bool(d.dhcp) ?? false,
      vmknic: text(d.virtualNicDevice),
      host_name: text(d.hostName),
      domain_name: text(d.domainName),
      servers: asArray(d.address).map(text),
      search_domains: asArray(d.searchDomain).map(text),
    };
  },
  async routing(ctx, host) {
    const p = await hostProps(ctx, host, ["config.network.ipRouteConfig", "config.network.routeTableInfo"]);
    const r = asObject(p["config.network.ipRouteConfig"]);
    return {
      default_gateway: text(r.defaultGateway),
      gateway_device: text(r.gatewayDevice),
      ipv6_default_gateway: text(r.ipV6DefaultGateway),
      routes: asObjects(asObject(p["config.network.routeTableInfo"]).ipRoute).map((e) => ({
        network: text(e.network),
        prefix_length: num(e.prefixLength) ?? null,
        gateway: text(e.gateway),
        device: text(e.deviceName),
      })),
    };
  },
  async time(ctx, host) {
    const p = await hostProps(ctx, host, ["config.dateTimeInfo", "config.service"]);
    const info = asObject(p["config.dateTimeInfo"]);
    const ntpd = asObjects(asObject(p["config.service"]).service).find((s) => str(s.key) === "ntpd");
    return {
      time_zone: text(asObject(info.timeZone).name ?? asObject(info.timeZone).key),
      protocol: text(info.systemClockProtocol),
      ntp_servers: asArray(asObject(info.ntpConfig).server).map(text),
      ntpd_running: ntpd ? bool(ntpd.running) ?? null : null,
      ntpd_policy: ntpd ? text(ntpd.policy) : null,
    };
  },
  async syslog(ctx, host) {
    const options = await manager(ctx, host, "advancedOption");
    const settings = options
      ? asObjects((await retrieveOne(ctx.vsphere, options, ["setting"], { signal: ctx.signal })).setting)
        .filter((s) => (str(s.key) ?? "").startsWith("Syslog."))
        .map((s) => ({ key: text(s.key), value: text(s.value) }))
      : [];
    const value = (key: string) => settings.find((s) => s.key === key)?.value ?? "";
    return {
      log_host: value("Syslog.global.logHost"),
      log_dir: value("Syslog.global.logDir"),
      settings,
    };
  },
  async power_policy(ctx, host) {
    const p = await hostProps(ctx, host, ["config.powerSystemInfo", "config.powerSystemCapability"]);
    return {
      current: policy(asObject(p["config.powerSystemInfo"]).currentPolicy),
      available: asArray(asObject(p["config.powerSystemCapability"]).availablePolicy).map(policy),
    };
  },
  async lockdown(ctx, host) {
    const mode = str((await hostProps(ctx, host, ["config.lockdownMode"]))["config.lockdownMode"]) ?? "";
    const access = await manager(ctx, host, "hostAccessManager");
    let exception_users: string[] | null = null;
    if (access) {
      // The exception list needs ESXi 6.0+; the mode alone is still worth reporting without it.
      exception_users = await ctx.vsphere.call("QueryLockdownExceptions", access, {}, { signal: ctx.signal })
        .then((users) => asArray(users).map(text))
        .catch((error) => {
          if (error instanceof VSphereError) return null;
          throw error;
        });
    }
    return { mode, exception_users };
  },
  async certificate(ctx, host) {
    // Hosts before 6.0 (and the simulator) have no certificate manager to ask; every host carries its
    // certificate in config.certificate.
    const fromConfig = async () =>
      certificateFromPem(
        asArray((await hostProps(ctx, host, ["config.certificate"]))["config.certificate"]).map((b) =>
          num(b) ?? 0
        ),
      );
    const certs = await manager(ctx, host, "certificateManager");
    if (!certs) return await fromConfig();
    let info;
    try {
      info = asObject(
        (await retrieveOne(ctx.vsphere, certs, ["certificateInfo"], { signal: ctx.signal })).certificateInfo,
      );
    } catch (error) {
      if (!(error instanceof VSphereError) || error.faultType !== "ManagedObjectNotFound") throw error;
      return await fromConfig();
    }
    return {
      subject: text(info.subject),
      issuer: text(info.issuer),
      not_before: str(info.notBefore) ?? null,
      not_after: str(info.notAfter) ?? null,
      status: text(info.status),
    };
  },
  async snmp(ctx, host) {
    const snmp = await manager(ctx, host, "snmpSystem");
    const c = snmp ? asObject((await retrieveOne(ctx.vsphere, snmp, ["configuration"])).configuration) : {};
    return {
      enabled: bool(c.enabled) ?? null,
      port: num(c.port) ?? null,
      trap_targets: asObjects(c.trapTargets).map((t) => ({
        host: text(t.hostName),
        port: num(t.port) ?? null,
      })),
      communities: asArray(c.readOnlyCommunities).length,
    };
  },
  async autostart(ctx, host) {
    const a = asObject((await hostProps(ctx, host, ["config.autoStart"]))["config.autoStart"]);
    const d = asObject(a.defaults);
    const infos = asObjects(a.powerInfo);
    const names = await retrieveMany(ctx.vsphere, infos.map((i) => ref(i.key)).filter((r) => !!r), ["name"]);
    return {
      enabled: bool(d.enabled) ?? null,
      start_delay: num(d.startDelay) ?? null,
      stop_delay: num(d.stopDelay) ?? null,
      stop_action: text(d.stopAction),
      wait_for_heartbeat: bool(d.waitForHeartbeat) ?? null,
      vms: infos.map((i) => {
        const vm = ref(i.key)?.value ?? "";
        return {
          vm,
          name: text(names.find((n) => n.ref.value === vm)?.props.name),
          start_order: num(i.startOrder) ?? null,
          start_action: text(i.startAction),
          stop_action: text(i.stopAction),
        };
      }),
    };
  },
  async coredump(ctx, host) {
    const p =
      (await hostProps(ctx, host, ["config.activeDiagnosticPartition"]))["config.activeDiagnosticPartition"];
    if (!p) return { active: null };
    const o = asObject(p);
    const id = asObject(o.id);
    return {
      active: {
        disk: text(id.diskName),
        partition: num(id.partition) ?? null,
        storage_type: text(o.storageType),
      },
    };
  },
  async swap(ctx, host) {
    const p = await hostProps(ctx, host, ["config.localSwapDatastore", "config.cacheConfigurationInfo"]);
    const caches = asObjects(p["config.cacheConfigurationInfo"]);
    return {
      local_swap_datastore: await nameOf(ctx, p["config.localSwapDatastore"]),
      host_cache: await Promise.all(caches.map(async (c) => ({
        datastore: (await nameOf(ctx, c.key).catch(() => null)) ?? ref(c.key)?.value ?? "",
        swap_size_mb: num(c.swapSize) ?? null,
      }))),
    };
  },
  async graphics(ctx, host) {
    const p = await hostProps(ctx, host, ["config.graphicsConfig", "config.graphicsInfo"]);
    const c = asObject(p["config.graphicsConfig"]);
    return {
      default_type: text(c.hostDefaultGraphicsType),
      assignment_policy: text(c.sharedPassthruAssignmentPolicy),
      devices: asObjects(p["config.graphicsInfo"]).map((g) => ({
        pci_id: text(g.pciId),
        vendor: text(g.vendorName),
        name: text(g.deviceName),
        type: text(g.graphicsType),
      })),
    };
  },
  async vmknic_services(ctx, host) {
    const info = asObject(
      (await hostProps(ctx, host, ["config.virtualNicManagerInfo"]))["config.virtualNicManagerInfo"],
    );
    return asObjects(info.netConfig).map((n) => {
      const candidates = asObjects(n.candidateVnic);
      const selected = asArray(n.selectedVnic).map((key) =>
        text(
          candidates.find((c) => str(c.key) === str(key))?.device ?? str(key)?.replace(/^.*VirtualNic-/, ""),
        )
      );
      return { service: text(n.nicType), selected, candidates: candidates.map((c) => text(c.device)) };
    });
  },
  async authentication(ctx, host) {
    const info = asObject(
      (await hostProps(ctx, host, ["config.authenticationManagerInfo"]))["config.authenticationManagerInfo"],
    );
    const stores = asObjects(info.authConfig);
    const local = stores.find((s) => s._type === "HostLocalAuthenticationInfo");
    const ad = stores.find((s) => s._type === "HostActiveDirectoryInfo");
    return {
      local_enabled: local ? bool(local.enabled) ?? null : null,
      active_directory: ad
        ? {
          enabled: bool(ad.enabled) ?? null,
          domain: text(ad.joinedDomain),
          membership: text(ad.domainMembershipStatus),
          trusted_domains: asArray(ad.trustedDomain).map(text),
        }
        : null,
    };
  },
  async agent_vm(ctx, host) {
    const agent = await manager(ctx, host, "esxAgentHostManager");
    if (!agent) return null;
    const c = asObject(
      (await retrieveOne(ctx.vsphere, agent, ["configInfo"], { signal: ctx.signal })).configInfo,
    );
    return { datastore: await nameOf(ctx, c.agentVmDatastore), network: await nameOf(ctx, c.agentVmNetwork) };
  },
};

export const hostConfigGet = defineTool({
  name: "host_config_get",
  toolset: "host_config",
  input: (t) => ({
    host: hostInput(t),
    sections: z.array(z.enum(SECTIONS)).min(1).max(SECTIONS.length).optional()
      .describe(t("param.host_config_sections")),
    datacenter: datacenterInput(t),
  }),
  output,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: [
    "get_host_dns_config",
    "get_host_ntp_config",
    "get_host_time_config",
    "get_host_routing_config",
    "get_host_syslog_config",
    "get_host_power_policy",
    "get_host_lockdown_mode",
    "get_host_certificate_info",
    "get_host_snmp_config",
    "get_host_coredump_config",
    "get_host_autostart_config",
    "get_host_swap_config",
    "get_host_graphics_config",
    "get_host_agent_vm_settings",
    "get_host_cache_config",
    "get_host_vmkernel_nic_services",
  ],
  async handler(args, ctx) {
    const host = await readHost(ctx, args.host, args.datacenter);
    const result: Record<string, unknown> = { host: host.name };
    const unavailable: { section: string; reason: string }[] = [];
    for (const section of args.sections ?? SECTIONS) {
      try {
        result[section] = await READERS[section](ctx, host.ref);
      } catch (error) {
        // A manager this host (or the simulator) does not implement: report it, keep the other sections.
        if (!(error instanceof VSphereError)) throw error;
        unavailable.push({ section, reason: text(error.message).slice(0, 300) });
      }
    }
    return { ...result, unavailable } as z.infer<z.ZodObject<typeof output>>;
  },
});
