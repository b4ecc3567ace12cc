/**
 * Contract test: every request the appliance, vCenter services, certificate, namespace and lifecycle
 * managers can produce, in both flavours, against VMware's OpenAPI (8.0.2 appliance/esx/cis, 7.0.3 vcenter).
 * The round-tripper only records (it answers 200 with a placeholder): what is asserted is the wire shape.
 */
import assert from "node:assert/strict";
import {
  offlineTarget,
  OpenApiChecker,
  type RecordedRequest,
  recordingRoundTripper,
} from "../../../tests/helpers/openapi.ts";
import { ACCESS_KINDS, ApplianceManager, entries, HEALTH_COMPONENTS } from "./appliance.ts";
import { CertificateManager } from "./certificates.ts";
import { type Flavour, RestClient } from "./client.ts";
import { LifecycleManager } from "./lifecycle.ts";
import { NamespaceManager } from "./namespaces.ts";
import { TrustAuthorityManager } from "./trust_authority.ts";
import { VcenterExtManager } from "./vcenter_ext.ts";
import { VcenterServicesManager } from "./vcenter_services.ts";

const SPECS = [
  "8.0.2/appliance.json",
  "8.0.2/esx.json",
  "8.0.2/cis.json",
  "8.0.2/session.json",
  "8.0.2/hvc.json",
  "7.0.3/vcenter.json",
];

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";

async function exerciseAll(rest: RestClient): Promise<number> {
  const appliance = new ApplianceManager(rest);
  const services = new VcenterServicesManager(rest);
  const certs = new CertificateManager(rest);
  const ns = new NamespaceManager(rest);
  const lcm = new LifecycleManager(rest);
  const ta = new TrustAuthorityManager(rest);
  const ext = new VcenterExtManager(rest);
  const calls: (() => Promise<unknown>)[] = [
    ...HEALTH_COMPONENTS.map((c) => () => appliance.health(c)),
    ...HEALTH_COMPONENTS.map((c) => () => appliance.healthMessages(c)),
    () => appliance.healthLastCheck(),
    () => appliance.version(),
    () => appliance.uptime(),
    () => appliance.time(),
    () => appliance.timezone(),
    () => appliance.hostname(),
    () => appliance.dnsDomains(),
    () => appliance.dnsServers(),
    () => appliance.ntpServers(),
    () => appliance.timesync(),
    () => appliance.setNtpServers(["ntp1.corp", "10.0.0.123"]),
    () => appliance.setTimesync("NTP"),
    ...ACCESS_KINDS.map((k) => () => appliance.setAccess(k, false)),
    () => appliance.proxies(),
    () => appliance.firewallInbound(),
    ...ACCESS_KINDS.map((k) => () => appliance.access(k)),
    () => appliance.syslogForwarding(),
    () => appliance.testSyslogForwarding(false),
    () => appliance.localAccountsPolicy(),
    () => appliance.monitoredItems(),
    () =>
      appliance.queryMonitoring({
        names: ["cpu.util", "mem.util"],
        interval: "MINUTES30",
        function: "AVG",
        start_time: "2026-11-20T09:00:00.000Z",
        end_time: "2026-11-21T09:00:00.000Z",
      }),
    () => appliance.backupJobs(),
    () => appliance.backupJobDetails(),
    () => appliance.backupJob("20240101-000000-22617520"),
    () =>
      appliance.startBackup({
        parts: ["seat"],
        location_type: "SFTP",
        location: "sftp://backup.corp/vcsa",
        location_user: "backup",
        location_password: "pw",
        backup_password: "encrypt-me",
        comment: "before patching",
      }),
    () => appliance.update(),
    () => appliance.pendingUpdates("LOCAL_AND_ONLINE"),
    () => appliance.pendingUpdate("8.0.2.00100"),
    () => appliance.stagedUpdate(),
    () => appliance.stageUpdate("8.0.2.00100"),
    () => appliance.discardStagedUpdate(),
    () => appliance.shutdownConfig(),
    () => appliance.shutdown("reboot", 5, "patching"),
    () => appliance.shutdown("poweroff", 0, "maintenance"),
    () => appliance.cancelShutdown(),
    () => services.list(),
    () => services.get("vpxd"),
    () => services.act("vpxd", "start"),
    () => services.act("vpxd", "stop"),
    () => services.act("vpxd", "restart"),
    () => services.deploymentType(),
    () => certs.tls(),
    () => certs.listTrustedRoots(),
    () =>
      certs.createCsr({
        key_size: 2048,
        common_name: "vc01.corp.example",
        organization: "Example Corp",
        organization_unit: "IT",
        locality: "Tokyo",
        state_or_province: "Tokyo",
        country: "JP",
        email_address: "it@corp.example",
        subject_alt_name: ["vc01.corp.example", "10.0.0.10"],
      }),
    () => certs.renewTls(730),
    () => certs.renewTls(),
    () => certs.replaceTls({ cert: PEM, key: "-----BEGIN PRIVATE KEY-----", root_cert: PEM }),
    () => certs.replaceTls({ cert: PEM }),
    () => certs.getTrustedRoot("1A2B3C"),
    () => certs.addTrustedRoot([PEM]),
    () => certs.removeTrustedRoot("1A2B3C"),
    () => ns.listSupervisors(),
    () => ns.list(),
    () => ns.get("team-a"),
    () =>
      ns.create({
        cluster: "domain-c7",
        namespace: "team-a",
        description: "Team A",
        access_list: [{ subject_type: "GROUP", subject: "devs", domain: "vsphere.local", role: "EDIT" }],
        storage_specs: [{ policy: "aa6d5a82-1c88-45da-85d3-3d74b91a5bad", limit: 10240 }],
        vm_service_spec: { vm_classes: ["best-effort-small"], content_libraries: ["lib-1"] },
      }),
    () => ns.update("team-a", { description: "Team A (prod)", storage_specs: [{ policy: "p1" }] }),
    () => ns.delete("team-a"),
    () => lcm.software("domain-c7"),
    () => lcm.compliance("domain-c7"),
    () => lcm.baseImages(),
    () => ta.clusters(),
    () => ext.harborRegistries(),
    () => ext.hvcLinks(),
    () => ext.policyCompliance(["NON_COMPLIANT", "OUT_OF_DATE"]),
    () => appliance.setLocalAccountsPolicy({ max_days: 90, min_days: 1, warn_days: 7 }),
    () => ext.datastoreDefaultPolicy("datastore-11"),
    () => appliance.supportBundles(),
    () =>
      appliance.createSupportBundle({ description: "case 12345", components: { VirtualCenter: ["vpxd"] } }),
    () => ta.attestationServices(),
    () => ta.kmsServices(),
    () => lcm.apply("domain-c7", { hosts: ["host-21"], accept_eula: true, commit: "2" }),
    () => lcm.scan("domain-c7"),
    () => lcm.stage("domain-c7", { hosts: ["host-21"], commit: "2" }),
    () => lcm.task("52a1c1e0-3f4e-4a3b-9f00-1d2e3f4a5b6c:com.vmware.esx.settings.clusters.software"),
  ];
  for (const call of calls) await call();
  await rest.close();
  return calls.length;
}

async function record(flavour: Flavour) {
  const recorder = recordingRoundTripper((r) => {
    // Only the session token matters; every other answer is null (an empty list or no value).
    const value = r.url.pathname.endsWith("/session") ? "token-1" : null;
    return flavour === "rest" && !r.url.pathname.startsWith("/api/") ? { value } : value;
  });
  const rest = new RestClient(offlineTarget(flavour), recorder.send);
  const operations = await exerciseAll(rest);
  return { requests: recorder.requests, operations };
}

const checker = await OpenApiChecker.load(SPECS);

for (const flavour of ["api", "rest"] as const) {
  Deno.test(`appliance/vcenter managers, ${flavour} flavour: every request matches VMware's OpenAPI`, async () => {
    const { requests, operations } = await record(flavour);
    assert.equal(requests.length, operations + 2, "login + each operation + logout");
    const problems = requests.flatMap((r) => checker.check(r));
    assert.deepEqual(problems, []);
  });
}

Deno.test("/api-only services (namespaces, esx.settings, cis.tasks, trust authority) keep their /api path in the /rest flavour", async () => {
  const rest = (await record("rest")).requests;
  const apiOnly = rest.filter((r) => r.url.pathname.startsWith("/api/"));
  const paths = new Set(apiOnly.map((r) => r.url.pathname.split("/").slice(0, 4).join("/")));
  assert.deepEqual([...paths].sort(), [
    "/api/appliance/support-bundle",
    "/api/cis/tasks",
    "/api/esx/settings",
    "/api/vcenter/namespace-management",
    "/api/vcenter/namespaces",
    "/api/vcenter/trusted-infrastructure",
  ]);
  const appliance = rest.filter((r) =>
    r.url.pathname.includes("/appliance/") && !r.url.pathname.includes("/support-bundle")
  );
  assert.ok(appliance.length > 30 && appliance.every((r) => r.url.pathname.startsWith("/rest/appliance/")));
});

Deno.test("the /rest flavour wraps the backup request in piece and the trusted root in spec; /api sends them bare", async () => {
  const find = (rs: RecordedRequest[], re: RegExp) =>
    rs.find((r) => r.method === "POST" && re.test(r.url.pathname))!;
  const api = (await record("api")).requests;
  const rest = (await record("rest")).requests;
  assert.deepEqual(Object.keys(find(rest, /backup\/job$/).body as object), ["piece"]);
  assert.equal((find(api, /backup\/job$/).body as { location_type: string }).location_type, "SFTP");
  assert.deepEqual(find(rest, /trusted-root-chains$/).body, { spec: { cert_chain: { cert_chain: [PEM] } } });
  assert.deepEqual(find(api, /trusted-root-chains$/).body, { cert_chain: { cert_chain: [PEM] } });
  // Actions: /api selects them with ?action=, /rest (appliance, services) with a path segment.
  assert.ok(
    api.some((r) => r.url.pathname === "/api/appliance/shutdown" && r.url.search === "?action=reboot"),
  );
  assert.ok(rest.some((r) => r.url.pathname === "/rest/appliance/shutdown/reboot"));
  assert.ok(rest.some((r) => r.url.pathname === "/rest/vcenter/services/vpxd/restart"));
});

Deno.test("a monitoring query repeats names= (a vAPI set) and /rest prefixes its fields with item.", async () => {
  const pick = (rs: RecordedRequest[]) => rs.find((r) => r.url.pathname.endsWith("/monitoring/query"))!;
  const api = pick((await record("api")).requests).url.searchParams;
  assert.deepEqual(api.getAll("names"), ["cpu.util", "mem.util"]);
  assert.equal(api.get("interval"), "MINUTES30");
  const rest = pick((await record("rest")).requests).url.searchParams;
  assert.deepEqual(rest.getAll("item.names"), ["cpu.util", "mem.util"]);
  assert.equal(rest.get("item.function"), "AVG");
});

Deno.test("OpenApiChecker matches keys with several fixed query parameters (?action=apply&vmw-task=true)", () => {
  const req = (search: string): RecordedRequest => ({
    method: "POST",
    url: new URL(`https://vc.example/api/esx/settings/clusters/domain-c7/software${search}`),
    body: {},
  });
  assert.deepEqual(checker.check(req("?action=apply&vmw-task=true")), []);
  assert.match(checker.check(req("?action=apply"))[0] ?? "", /no such path/);
  assert.match(checker.check(req("?action=apply&vmw-task=false"))[0] ?? "", /no such path/);
});

Deno.test("OpenApiChecker.checkResponse validates answers against the operation's response schema", () => {
  const get = (path: string): RecordedRequest => ({
    method: "GET",
    url: new URL(`https://vc.example${path}`),
    body: undefined,
  });
  assert.deepEqual(checker.checkResponse(get("/api/appliance/health/system"), "green"), []);
  assert.match(checker.checkResponse(get("/api/appliance/health/system"), "GREEN").join(), /not one of/);
  const version = checker.checkResponse(get("/api/appliance/system/version"), { version: "8.0.2" });
  assert.ok(version.some((p) => /response\.build: required property missing/.test(p)), version.join("\n"));
  const post: RecordedRequest = {
    method: "POST",
    url: new URL("https://vc.example/api/appliance/shutdown?action=cancel"),
    body: undefined,
  };
  assert.deepEqual(checker.checkResponse(post, undefined), []);
  assert.match(checker.checkResponse(post, { x: 1 }).join(), /answers with no body/);
});

Deno.test("entries() reads maps in both flavours", () => {
  assert.deepEqual(entries({ a: 1 }), [["a", 1]]);
  assert.deepEqual(entries([{ key: "a", value: 1 }]), [["a", 1]]);
  assert.deepEqual(entries(null), []);
});
