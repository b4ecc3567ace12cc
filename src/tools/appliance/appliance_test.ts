/**
 * The appliance toolset against a spec-held REST fixture (vcsim has no appliance API): every request the
 * tools send is checked against VMware's OpenAPI, every answer below is validated against the operation's
 * response schema (tests/helpers/rest_fixture.ts), and `fixture.problems` must stay empty.
 */
import assert from "node:assert/strict";
import { confirm, preview, previewThenConfirm, structured } from "../../../tests/helpers/confirm.ts";
import { connect, textOf } from "../../../tests/helpers/mcp.ts";
import { type RestFixture, startRestFixture, vapiError } from "../../../tests/helpers/rest_fixture.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";

const SPECS = ["8.0.2/appliance.json", "8.0.2/cis.json", "7.0.3/vcenter.json"];

function msg(id: string, text: string, args: string[] = []) {
  return { id, default_message: text, args };
}

async function setup() {
  const sim = await startVcsim({ model: { vm: 0, host: 0, "cluster-host": 1 } });
  const fixture = await startRestFixture(sim, SPECS);
  const mcp = await connect({ target: fixture.target(), toolsets: ["appliance"] });
  return {
    fixture,
    mcp,
    async [Symbol.asyncDispose]() {
      await mcp.close();
      await fixture.stop();
      await sim.stop();
    },
  };
}

function noProblems(fixture: RestFixture) {
  assert.deepEqual(fixture.problems, [], "every request and answer matches VMware's OpenAPI");
}

Deno.test("appliance_health reads every component in one call and explains the ones that are not green", async () => {
  await using env = await setup();
  const { fixture, mcp } = env;
  const levels: Record<string, unknown> = {
    system: "yellow",
    load: "green",
    mem: "green",
    swap: "green",
    storage: "yellow",
    "database-storage": "green",
    database: {
      status: "DEGRADED",
      messages: [{ severity: "WARNING", message: msg("db.wal", "WAL volume {0}% full", ["80"]) }],
    },
    applmgmt: "green",
    "software-packages": "orange",
  };
  for (const [component, level] of Object.entries(levels)) {
    fixture.on(`GET /api/appliance/health/${component}`, { body: level });
  }
  fixture.on("GET /api/appliance/health/system/lastcheck", { body: "2026-11-21T08:00:00.000Z" });
  fixture.on("GET /api/appliance/health/storage/messages", {
    body: [{
      id: "com.vmware.applmgmt.storage.warn",
      time: "2026-11-21T07:59:00.000Z",
      message: msg("storage.warn", "Disk {0} is {1}% full.", ["/storage/log", "85"]),
      resolution: msg("storage.fix", "Free up space or grow the disk."),
    }],
  });
  fixture.on("GET /api/appliance/health/system/messages", { body: [] });
  // software-packages has no messages resource on some builds: the component still reports its level.
  fixture.on(
    "GET /api/appliance/health/software-packages/messages",
    vapiError(404, "NOT_FOUND", "no messages"),
  );

  const out = structured(await mcp.call("appliance_health", {})) as unknown as {
    overall: string;
    last_check: string;
    components: { component: string; status: string; messages?: string[] }[];
    attention: string[];
  };
  assert.equal(out.overall, "yellow");
  assert.equal(out.last_check, "2026-11-21T08:00:00.000Z");
  assert.equal(out.components.length, 9);
  assert.deepEqual(out.attention.sort(), ["database", "software-packages", "storage", "system"]);
  // database answers {status, messages} instead of a level: mapped, with its own messages.
  assert.deepEqual(out.components.find((c) => c.component === "database"), {
    component: "database",
    status: "orange",
    messages: ["WAL volume 80% full"],
  });
  assert.equal(fixture.sent("GET /api/appliance/health/database/messages").length, 0);
  assert.deepEqual(out.components.find((c) => c.component === "storage")?.messages, [
    "Disk /storage/log is 85% full.",
  ]);
  assert.equal(
    out.components.find((c) => c.component === "mem")?.messages,
    undefined,
    "green: no message call",
  );
  assert.equal(fixture.sent("GET /api/appliance/health/mem/messages").length, 0);
  // The 404 on software-packages/messages was intended: drop it from the unrouted check.
  noProblems(fixture);

  const one = structured(await mcp.call("appliance_health", { component: "storage" })) as unknown as {
    components: { component: string }[];
  };
  assert.deepEqual(one.components.map((c) => c.component), ["storage"]);
});

Deno.test("appliance_info maps version, time, network, firewall, access and deployment; never shows a proxy password", async () => {
  await using env = await setup();
  const { fixture, mcp } = env;
  fixture.on("GET /api/appliance/system/version", {
    body: {
      version: "8.0.2.00100",
      product: "VMware vCenter Server",
      build: "22617221",
      type: "vCenter Server with an embedded Platform Services Controller",
      summary: "Patch for VMware vCenter Server 8.0",
      releasedate: "October 10, 2023",
      install_time: "2024-01-15T10:20:30 UTC",
    },
  });
  fixture.on("GET /api/appliance/system/uptime", { body: 123456.78 });
  fixture.on("GET /api/appliance/system/time", {
    body: { seconds_since_epoch: 1795248000.5, date: "Sat 11-21-2026", time: "08:00:00 AM", timezone: "UTC" },
  });
  fixture.on("GET /api/appliance/system/time/timezone", { body: "Asia/Tokyo" });
  fixture.on("GET /api/appliance/timesync", { body: "NTP" });
  fixture.on("GET /api/appliance/networking/dns/hostname", { body: "vc01.corp.example" });
  fixture.on("GET /api/appliance/networking/dns/servers", {
    body: { mode: "is_static", servers: ["10.0.0.53"] },
  });
  fixture.on("GET /api/appliance/networking/dns/domains", { body: ["corp.example"] });
  fixture.on("GET /api/appliance/ntp", { body: ["ntp1.corp.example", "ntp2.corp.example"] });
  fixture.on("GET /api/appliance/networking/proxy", {
    body: {
      https: {
        server: "http://proxy.corp",
        port: 3128,
        username: "svc",
        password: "proxy-s3cret",
        enabled: true,
      },
      ftp: { server: "", port: -1, enabled: false },
    },
  });
  fixture.on("GET /api/appliance/networking/firewall/inbound", {
    body: [{ address: "10.1.0.0", prefix: 16, policy: "ACCEPT", interface_name: "nic0" }, {
      address: "0.0.0.0",
      prefix: 0,
      policy: "REJECT",
    }],
  });
  // Access is refused for this user: the section is reported unavailable, the rest still answers.
  for (const kind of ["ssh", "shell", "dcui", "consolecli"]) {
    fixture.on(`GET /api/appliance/access/${kind}`, vapiError(403, "UNAUTHORIZED", "Not allowed"));
  }
  const denied = structured(await mcp.call("appliance_info", { sections: ["access"] })) as unknown as {
    unavailable: { section: string; error: string }[];
  };
  assert.deepEqual(denied.unavailable.map((u) => u.section), ["access"]);
  assert.match(denied.unavailable[0]!.error, /Not allowed/);
  // Now allowed: the shell answers its configuration object, the others a boolean.
  fixture.on("GET /api/appliance/access/ssh", { body: true });
  fixture.on("GET /api/appliance/access/shell", { body: { enabled: true, timeout: 3600 } });
  fixture.on("GET /api/appliance/access/dcui", { body: false });
  fixture.on("GET /api/appliance/access/consolecli", { body: true });
  fixture.on("GET /api/vcenter/system-config/deployment-type", { body: { type: "VCSA_EMBEDDED" } });
  fixture.on("GET /api/appliance/logging/forwarding", {
    body: [{ hostname: "syslog.corp.example", port: 514, protocol: "UDP" }],
  });
  fixture.on("POST /api/appliance/logging/forwarding?action=test", {
    body: [{
      hostname: "syslog.corp.example",
      state: "DOWN",
      message: msg("syslog.down", "No route to {0}", ["syslog.corp.example"]),
    }],
  });
  fixture.on("GET /api/appliance/support-bundle", { body: { supportbundle_operations: [] } });
  fixture.on("GET /api/appliance/local-accounts/global-policy", {
    body: { max_days: 90, min_days: 1, warn_days: 7 },
  });

  const result = await mcp.call("appliance_info", {});
  assert.ok(!textOf(result).includes("proxy-s3cret"), "the proxy password never reaches the result");
  const out = structured(result) as unknown as Record<string, unknown> & {
    version: { version: string; build: string; uptime_s: number };
    time: { timezone: string; configured_timezone: string; sync_mode: string };
    network: {
      hostname: string;
      dns_servers: string[];
      ntp_servers: string[];
      proxies: { protocol: string }[];
    };
    firewall: { policy: string; interface?: string }[];
    deployment: { type: string };
    logging: unknown;
    local_accounts: unknown;
    unavailable: { section: string; error: string }[];
  };
  assert.equal(out.version.version, "8.0.2.00100");
  assert.equal(out.version.build, "22617221");
  assert.equal(out.version.uptime_s, 123457);
  assert.equal(out.time.configured_timezone, "Asia/Tokyo");
  assert.equal(out.time.sync_mode, "NTP");
  assert.equal(out.network.hostname, "vc01.corp.example");
  assert.deepEqual(out.network.dns_servers, ["10.0.0.53"]);
  assert.deepEqual(out.network.ntp_servers, ["ntp1.corp.example", "ntp2.corp.example"]);
  assert.deepEqual(out.network.proxies.map((p) => p.protocol).sort(), ["ftp", "https"]);
  assert.deepEqual(out.firewall.map((r) => r.policy), ["ACCEPT", "REJECT"]);
  assert.equal(out.deployment.type, "VCSA_EMBEDDED");
  assert.deepEqual(out.access, { ssh: true, shell: true, dcui: false, consolecli: true });
  assert.deepEqual(out.local_accounts, { max_days: 90, min_days: 1, warn_days: 7 });
  assert.deepEqual(out.logging, {
    forwarding: [{ hostname: "syslog.corp.example", port: 514, protocol: "UDP" }],
  });
  assert.equal(
    fixture.sent("POST /api/appliance/logging/forwarding?action=test").length,
    0,
    "no test unless asked",
  );
  assert.deepEqual(out.unavailable, []);
  const tested = structured(
    await mcp.call("appliance_info", { sections: ["logging"], test_syslog: true }),
  ) as unknown as {
    logging: { forwarding: { state: string; message: string }[] };
  };
  assert.deepEqual(tested.logging.forwarding[0], {
    hostname: "syslog.corp.example",
    port: 514,
    protocol: "UDP",
    state: "DOWN",
    message: "No route to syslog.corp.example",
  });
  assert.deepEqual(fixture.sent("POST /api/appliance/logging/forwarding?action=test")[0]?.body, {
    send_test_message: false,
  });
  noProblems(fixture);

  const only = structured(
    await mcp.call("appliance_info", { sections: ["deployment"] }),
  ) as unknown as Record<
    string,
    unknown
  >;
  assert.deepEqual(Object.keys(only).sort(), ["deployment", "unavailable"]);
});

function serviceInfo(state: string, health?: string) {
  return {
    name_key: "cis.vpostgres.ServiceName",
    description_key: "cis.vpostgres.ServiceDescription",
    startup_type: "AUTOMATIC",
    state,
    ...(health ? { health, health_messages: [msg("db.warn", "Replication lag {0}s", ["12"])] } : {}),
  };
}

Deno.test("appliance_service_list and appliance_service: preview shows the state, start sends one spec-valid call, read back", async () => {
  await using env = await setup();
  const { fixture, mcp } = env;
  let state = "STOPPED";
  fixture.on("GET /api/vcenter/services", () => ({
    body: {
      vpxd: { ...serviceInfo("STARTED", "HEALTHY"), name_key: "cis.vpxd.ServiceName" },
      "vmware-vpostgres": serviceInfo(state, state === "STARTED" ? "HEALTHY_WITH_WARNINGS" : undefined),
    },
  }));
  fixture.on("GET /api/vcenter/services/vmware-vpostgres", () => ({ body: serviceInfo(state) }));
  fixture.on("GET /api/vcenter/services/vpxd", { body: serviceInfo("STARTED") });
  fixture.on("POST /api/vcenter/services/vmware-vpostgres?action=start", () => {
    state = "STARTED";
    return {};
  });

  const listed = structured(await mcp.call("appliance_service_list", { name: "vmware-*" })) as unknown as {
    services: { service: string; state: string }[];
    not_running_automatic: string[];
  };
  assert.deepEqual(listed.services.map((s) => [s.service, s.state]), [["vmware-vpostgres", "STOPPED"]]);
  assert.deepEqual(listed.not_running_automatic, ["vmware-vpostgres"]);

  const args = { service: "vmware-vpostgres", action: "start" };
  const { first, done } = await previewThenConfirm(mcp, "appliance_service", args, () => {
    assert.equal(fixture.sent("POST /api/vcenter/services/vmware-vpostgres?action=start").length, 0);
    return Promise.resolve();
  });
  assert.equal(first.preview?.tier, "high");
  assert.equal(first.preview?.method, "vcenter.services.Service.start");
  assert.equal(first.preview?.targets[0]?.state?.state, "STOPPED");
  assert.equal(fixture.sent("POST /api/vcenter/services/vmware-vpostgres?action=start").length, 1);
  assert.equal((done.result as { service: { state: string } }).service.state, "STARTED");

  const again = structured(await mcp.call("appliance_service", args));
  assert.equal(again.status, "unchanged");
  assert.equal(fixture.sent("POST /api/vcenter/services/vmware-vpostgres?action=start").length, 1);

  const health = structured(await mcp.call("appliance_service_list", { state: "STARTED" })) as unknown as {
    services: { service: string; health: string; health_messages: string[] }[];
  };
  assert.deepEqual(health.services.find((s) => s.service === "vmware-vpostgres")?.health_messages, [
    "Replication lag 12s",
  ]);
  noProblems(fixture);
});

function backupDetails(status: string, start: string, end?: string) {
  return {
    location: "sftp://backup.corp/vcsa/20261120",
    duration: 420,
    size: 1073741824,
    progress: { total: 100, completed: status === "RUNNING" ? 40 : 100, message: msg("p", "Backing up") },
    location_user: "backup",
    type: "SCHEDULED",
    messages: [],
    description: msg("com.vmware.applmgmt.backup.job", "Backup job"),
    service: "com.vmware.applmgmt.backup.job",
    operation: "backup",
    status,
    cancelable: status === "RUNNING",
    start_time: start,
    ...(end ? { end_time: end } : {}),
  };
}

Deno.test("appliance_backup_list and appliance_backup: spec-valid request, passwords never shown, newest job first", async () => {
  await using env = await setup();
  const { fixture, mcp } = env;
  fixture.on("GET /api/appliance/recovery/backup/job/details", {
    body: {
      "20261119-230000-22617221": backupDetails(
        "SUCCEEDED",
        "2026-11-19T23:00:00.000Z",
        "2026-11-19T23:07:00.000Z",
      ),
      "20261120-230000-22617221": backupDetails(
        "FAILED",
        "2026-11-20T23:00:00.000Z",
        "2026-11-20T23:01:00.000Z",
      ),
    },
  });
  fixture.on("POST /api/appliance/recovery/backup/job", {
    body: {
      id: "20261121-090000-22617221",
      state: "INPROGRESS",
      messages: [msg("backup.start", "Backup started")],
      progress: 0,
      start_time: "2026-11-21T09:00:00.000Z",
    },
  });

  const list = structured(await mcp.call("appliance_backup_list", {})) as unknown as {
    jobs: { id: string; status: string; progress_pct: number; size_bytes: number }[];
    last_success: string;
  };
  assert.deepEqual(list.jobs.map((j) => j.status), ["FAILED", "SUCCEEDED"]);
  assert.equal(list.last_success, "2026-11-19T23:07:00.000Z");
  assert.equal(list.jobs[1]?.size_bytes, 1073741824);

  const args = {
    location_type: "SFTP",
    location: "sftp://backup.corp/vcsa",
    location_user: "backup",
    location_password: "loc-s3cret",
    backup_password: "enc-s3cret!",
    parts: ["seat"],
    comment: "before patching",
  };
  const first = await preview(mcp, "appliance_backup", args);
  assert.equal(first.preview?.tier, "high");
  assert.equal(first.preview?.method, "appliance.recovery.backup.Job.create");
  assert.ok(!JSON.stringify(first).includes("s3cret"), "no password in the preview");
  assert.equal(fixture.sent("POST /api/appliance/recovery/backup/job").length, 0, "the preview sent nothing");
  const result = await confirm(mcp, "appliance_backup", args, first.confirmation_handle);
  assert.equal(result.job, "20261121-090000-22617221");
  assert.equal(result.state, "INPROGRESS");
  assert.ok(!JSON.stringify(result).includes("s3cret"));
  const [sent] = fixture.sent("POST /api/appliance/recovery/backup/job");
  assert.deepEqual(sent?.body, {
    parts: ["seat"],
    location_type: "SFTP",
    location: "sftp://backup.corp/vcsa",
    location_user: "backup",
    location_password: "loc-s3cret",
    backup_password: "enc-s3cret!",
    comment: "before patching",
  });
  noProblems(fixture);
});

function updateCommon(version: string) {
  return {
    name: `VMware vCenter Server ${version}`,
    description: msg("update.desc", "Security fixes"),
    priority: "HIGH",
    severity: "CRITICAL",
    update_type: "SECURITY",
    release_date: "2026-10-01T00:00:00.000Z",
    reboot_required: true,
    size: 6144,
  };
}

Deno.test("appliance_update_info and appliance_update stage: pending, nothing staged, stage once, then unchanged", async () => {
  await using env = await setup();
  const { fixture, mcp } = env;
  let staged = false;
  fixture.on("GET /api/appliance/update", () => ({
    body: {
      state: staged ? "STAGE_IN_PROGRESS" : "UPDATES_PENDING",
      version: "8.0.2.00100",
      latest_query_time: "2026-11-21T06:00:00.000Z",
    },
  }));
  fixture.on("GET /api/appliance/update/pending", {
    body: [{ version: "8.0.3.00400", ...updateCommon("8.0.3") }],
  });
  fixture.on("GET /api/appliance/update/pending/8.0.3.00400", {
    body: {
      ...updateCommon("8.0.3"),
      contents: [msg("c1", "Fixes CVE-2026-0001")],
      services_will_be_stopped: [{ service: "vpxd", description: msg("s", "vCenter Server") }],
      eulas: [],
      staged: false,
      knowledge_base: "https://kb.vmware.com/s/article/123",
    },
  });
  fixture.on(
    "GET /api/appliance/update/staged",
    () =>
      staged
        ? { body: { version: "8.0.3.00400", staging_complete: false, ...updateCommon("8.0.3") } }
        : vapiError(404, "NOT_FOUND", "Nothing is staged"),
  );
  fixture.on("POST /api/appliance/update/pending/8.0.3.00400?action=stage", () => {
    staged = true;
    return {};
  });

  const info = structured(await mcp.call("appliance_update_info", { version: "8.0.3.00400" })) as unknown as {
    state: string;
    pending: { version: string; size_mb: number; severity: string }[];
    staged: unknown;
    detail: { services_stopped: string[]; contents: string[] };
  };
  assert.equal(info.state, "UPDATES_PENDING");
  assert.deepEqual(info.pending.map((p) => [p.version, p.severity, p.size_mb]), [[
    "8.0.3.00400",
    "CRITICAL",
    6144,
  ]]);
  assert.equal(info.staged, null);
  assert.deepEqual(info.detail.services_stopped, ["vpxd"]);
  assert.equal(
    fixture.sent("GET /api/appliance/update/pending")[0]?.url.searchParams.get("source_type"),
    "LAST_CHECK",
  );

  const args = { action: "stage", version: "8.0.3.00400" };
  const { first, done } = await previewThenConfirm(mcp, "appliance_update", args);
  assert.equal(first.preview?.method, "appliance.update.Pending.stage");
  assert.equal(first.preview?.targets[0]?.state?.reboot_required, true);
  assert.deepEqual(first.preview?.targets[0]?.state?.services_stopped_on_install, ["vpxd"]);
  assert.equal((done.result as { state: string }).state, "STAGE_IN_PROGRESS");
  assert.equal(fixture.sent("POST /api/appliance/update/pending/8.0.3.00400?action=stage").length, 1);

  assert.equal(structured(await mcp.call("appliance_update", args)).status, "unchanged");
  const missing = await mcp.call("appliance_update", { action: "stage" });
  assert.equal(missing.isError, true);
  assert.match(textOf(missing), /pending version/);
  // The 404s for "nothing staged" were answered by intent, not missing routes.
  noProblems(fixture);
});

Deno.test("appliance_power: a critical preview, the reboot call with delay and reason, and cancel when nothing is scheduled", async () => {
  await using env = await setup();
  const { fixture, mcp } = env;
  let scheduled: { action: string; reason: string; shutdown_time?: string } = { action: "", reason: "" };
  fixture.on("GET /api/appliance/shutdown", () => ({ body: scheduled }));
  fixture.on("GET /api/appliance/networking/dns/hostname", { body: "vc01.corp.example" });
  fixture.on("POST /api/appliance/shutdown?action=reboot", (r) => {
    const body = r.body as { reason: string };
    scheduled = { action: "reboot", reason: body.reason, shutdown_time: "2026-11-21T09:10:00.000Z" };
    return {};
  });

  const none = structured(await mcp.call("appliance_power", { action: "cancel" }));
  assert.equal(none.status, "unchanged");
  const noReason = await mcp.call("appliance_power", { action: "reboot" });
  assert.equal(noReason.isError, true);
  assert.match(textOf(noReason), /reason/);

  const args = { action: "reboot", delay_minutes: 10, reason: "apply 8.0.3" };
  const first = await preview(mcp, "appliance_power", args);
  assert.equal(first.preview?.tier, "critical");
  assert.equal(first.preview?.method, "appliance.Shutdown.reboot");
  assert.match(first.preview?.summary ?? "", /REBOOT the vCenter appliance vc01\.corp\.example in 10 minute/);
  assert.equal(fixture.sent("POST /api/appliance/shutdown?action=reboot").length, 0);
  const result = await confirm(mcp, "appliance_power", args, first.confirmation_handle);
  assert.deepEqual(fixture.sent("POST /api/appliance/shutdown?action=reboot")[0]?.body, {
    delay: 10,
    reason: "apply 8.0.3",
  });
  assert.deepEqual(result.scheduled, {
    action: "reboot",
    time: "2026-11-21T09:10:00.000Z",
    reason: "apply 8.0.3",
  });
  noProblems(fixture);
});

Deno.test("appliance_settings sets NTP servers before the sync mode, toggles SSH, and reads both back", async () => {
  await using env = await setup();
  const { fixture, mcp } = env;
  let servers = ["ntp-old.corp"];
  let mode = "HOST";
  let ssh = false;
  fixture.on("GET /api/appliance/ntp", () => ({ body: servers }));
  fixture.on("PUT /api/appliance/ntp", (r) => {
    servers = (r.body as { servers: string[] }).servers;
    return {};
  });
  fixture.on("GET /api/appliance/timesync", () => ({ body: mode }));
  fixture.on("PUT /api/appliance/timesync", (r) => {
    mode = (r.body as { mode: string }).mode;
    return {};
  });
  fixture.on("GET /api/appliance/access/ssh", () => ({ body: ssh }));
  fixture.on("PUT /api/appliance/access/ssh", (r) => {
    ssh = (r.body as { enabled: boolean }).enabled;
    return {};
  });

  const ntp = { action: "set_ntp", ntp_servers: ["ntp1.corp", "ntp2.corp"], time_sync: "NTP" };
  const { first, done } = await previewThenConfirm(mcp, "appliance_settings", ntp, () => {
    assert.deepEqual([servers, mode], [["ntp-old.corp"], "HOST"], "the preview changed nothing");
    return Promise.resolve();
  });
  assert.equal(first.preview?.method, "appliance.Ntp.set, appliance.Timesync.set");
  assert.deepEqual(first.preview?.targets[0]?.state, { ntp_servers: ["ntp-old.corp"], time_sync: "HOST" });
  assert.deepEqual((done.result as { after: unknown }).after, {
    ntp_servers: ["ntp1.corp", "ntp2.corp"],
    time_sync: "NTP",
  });
  const puts = fixture.requests.filter((r) => r.method === "PUT").map((r) => r.url.pathname);
  assert.deepEqual(puts, ["/api/appliance/ntp", "/api/appliance/timesync"], "servers first, then the mode");
  assert.equal(structured(await mcp.call("appliance_settings", ntp)).status, "unchanged");

  const enable = { action: "set_access", access: "ssh", enabled: true };
  const ssh1 = await previewThenConfirm(mcp, "appliance_settings", enable);
  assert.match(ssh1.first.preview?.summary ?? "", /ENABLE ssh access/);
  assert.equal(ssh, true);
  assert.deepEqual(fixture.sent("PUT /api/appliance/access/ssh")[0]?.body, { enabled: true });
  const bad = await mcp.call("appliance_settings", { action: "set_access", access: "ssh" });
  assert.equal(bad.isError, true);
  noProblems(fixture);
});

Deno.test("appliance_settings enables the shell with its timeout (the shell takes a config object, not a boolean)", async () => {
  await using env = await setup();
  const { fixture, mcp } = env;
  let shell = { enabled: false, timeout: 0 };
  fixture.on("GET /api/appliance/access/shell", () => ({ body: shell }));
  fixture.on("PUT /api/appliance/access/shell", (r) => {
    shell = r.body as typeof shell;
    return {};
  });
  const args = { action: "set_access", access: "shell", enabled: true, shell_timeout_s: 900 };
  const { first, done } = await previewThenConfirm(mcp, "appliance_settings", args);
  assert.deepEqual(first.preview?.args, { enabled: true, timeout_s: 900 });
  assert.deepEqual(fixture.sent("PUT /api/appliance/access/shell")[0]?.body, { enabled: true, timeout: 900 });
  assert.deepEqual((done.result as { after: unknown }).after, { shell: true });
  noProblems(fixture);
});

Deno.test("appliance_monitoring lists items by glob and queries series over a window, names repeated", async () => {
  await using env = await setup();
  const { fixture, mcp } = env;
  fixture.on("GET /api/appliance/monitoring", {
    body: [
      {
        id: "cpu.util",
        name: "com.vmware.applmgmt.mon.name.cpu.util",
        units: "com.vmware.applmgmt.mon.unit.percent",
        category: "com.vmware.applmgmt.mon.cat.cpu",
        instance: "",
        description: "CPU utilization",
      },
      {
        id: "mem.util",
        name: "com.vmware.applmgmt.mon.name.mem.util",
        units: "com.vmware.applmgmt.mon.unit.percent",
        category: "com.vmware.applmgmt.mon.cat.memory",
        instance: "",
        description: "Memory utilization",
      },
    ],
  });
  fixture.on("GET /api/appliance/monitoring/query", (r) => ({
    body: r.url.searchParams.getAll("names").map((name) => ({
      name,
      interval: "MINUTES30",
      function: "MAX",
      start_time: r.url.searchParams.get("start_time")!,
      end_time: r.url.searchParams.get("end_time")!,
      data: ["12.5", "", "40"],
    })),
  }));
  const listed = structured(await mcp.call("appliance_monitoring", { filter: "cpu.*" })) as unknown as {
    available: { id: string }[];
  };
  assert.deepEqual(listed.available.map((i) => i.id), ["cpu.util"]);

  const out = structured(
    await mcp.call("appliance_monitoring", { items: ["cpu.util", "mem.util"], hours: 6, function: "MAX" }),
  ) as unknown as { series: { item: string; values: (number | null)[]; latest: number; max: number }[] };
  assert.deepEqual(out.series.map((x) => [x.item, x.values, x.latest, x.max]), [
    ["cpu.util", [12.5, null, 40], 40, 40],
    ["mem.util", [12.5, null, 40], 40, 40],
  ]);
  const q = fixture.sent("GET /api/appliance/monitoring/query")[0]!.url.searchParams;
  assert.deepEqual(q.getAll("names"), ["cpu.util", "mem.util"]);
  assert.equal(q.get("function"), "MAX");
  const hours = (Date.parse(q.get("end_time")!) - Date.parse(q.get("start_time")!)) / 3_600_000;
  assert.equal(hours, 6);
  noProblems(fixture);
});

Deno.test("appliance_support_bundle starts a bundle task after a preview; appliance_info lists the bundles", async () => {
  await using env = await setup();
  const { fixture, mcp } = env;
  const TASK = "9b1f0a2e-5d4c-4f3e-8a7b-6c5d4e3f2a1b:com.vmware.appliance.support_bundle";
  const bundles = [{
    description: "case 12345",
    status: "SUCCEEDED",
    generation_time: "2026-11-20T10:00:00.000Z",
    url: "https://vc01.corp.example:5480/appliance/support-bundle/download/abc",
    expiration_time: "2026-11-27T10:00:00.000Z",
    downloadable: true,
    size: 734003200,
  }];
  fixture.on("GET /api/appliance/support-bundle", { body: { supportbundle_operations: bundles } });
  fixture.on("POST /api/appliance/support-bundle", { status: 202, body: TASK });
  fixture.on(`GET /api/cis/tasks/${TASK}`, {
    body: {
      description: msg("com.vmware.appliance.support_bundle.create", "Generate support bundle"),
      service: "com.vmware.appliance.support_bundle",
      operation: "create",
      status: "RUNNING",
      cancelable: true,
    },
  });
  const info = structured(await mcp.call("appliance_info", { sections: ["support_bundles"] })) as unknown as {
    support_bundles: { description: string; size_bytes: number; downloadable: boolean }[];
  };
  assert.deepEqual(info.support_bundles.map((b) => [b.description, b.size_bytes, b.downloadable]), [[
    "case 12345",
    734003200,
    true,
  ]]);

  const args = { description: "case 67890", components: { VirtualCenter: ["vpxd"] } };
  const { first, done } = await previewThenConfirm(mcp, "appliance_support_bundle", args);
  assert.equal(first.preview?.tier, "medium");
  assert.equal(first.preview?.targets[0]?.state?.existing_bundles, 1);
  const [sent] = fixture.sent("POST /api/appliance/support-bundle");
  assert.equal(sent?.url.searchParams.get("vmw-task"), "true");
  assert.deepEqual(sent?.body, { description: "case 67890", components: { VirtualCenter: ["vpxd"] } });
  assert.deepEqual(
    [
      (done.result as { task: { task: string; status: string } }).task.task,
      (done.result as { task: { status: string } }).task.status,
    ],
    [TASK, "RUNNING"],
  );
  noProblems(fixture);
});

Deno.test("appliance_settings set_password_policy changes only the given fields of the local accounts policy", async () => {
  await using env = await setup();
  const { fixture, mcp } = env;
  let policy: Record<string, number> = { max_days: 90, min_days: 1, warn_days: 7 };
  fixture.on("GET /api/appliance/local-accounts/global-policy", () => ({ body: policy }));
  fixture.on("PUT /api/appliance/local-accounts/global-policy", (r) => {
    policy = r.body as Record<string, number>;
    return {};
  });
  const same = structured(
    await mcp.call("appliance_settings", { action: "set_password_policy", max_days: 90 }),
  );
  assert.equal(same.status, "unchanged");
  const { first, done } = await previewThenConfirm(mcp, "appliance_settings", {
    action: "set_password_policy",
    max_days: 60,
  });
  assert.match(first.preview?.summary ?? "", /max 60 days, min 1 days, warn 7 days/);
  assert.deepEqual(fixture.sent("PUT /api/appliance/local-accounts/global-policy")[0]?.body, {
    max_days: 60,
    min_days: 1,
    warn_days: 7,
  });
  assert.deepEqual((done.result as { after: unknown }).after, { max_days: 60, min_days: 1, warn_days: 7 });
  noProblems(fixture);
});

Deno.test("the /rest flavour (vCenter before 7.0U2): {value} answers, maps as key/value lists, actions as path segments", async () => {
  await using sim = await startVcsim({ model: { vm: 0, host: 0, "cluster-host": 1 } });
  await using fixture = await startRestFixture(sim, SPECS, { flavour: "rest" });
  await using mcp = await connect({ target: fixture.target(), toolsets: ["appliance"] });
  for (
    const component of [
      "system",
      "load",
      "mem",
      "swap",
      "storage",
      "database-storage",
      "applmgmt",
      "software-packages",
    ]
  ) {
    fixture.on(`GET /rest/appliance/health/${component}`, { body: component === "swap" ? "red" : "green" });
  }
  fixture.on("GET /rest/appliance/health/database", { body: { status: "HEALTHY", messages: [] } });
  fixture.on("GET /rest/appliance/health/system/lastcheck", { body: "2026-11-21T08:00:00.000Z" });
  fixture.on("GET /rest/appliance/health/swap/messages", {
    body: [{ id: "swap.full", message: msg("swap.full", "Swap is exhausted") }],
  });
  let state = "STARTED";
  fixture.on("GET /rest/vcenter/services", () => ({
    body: [{ key: "vpxd", value: { ...serviceInfo(state), name_key: "cis.vpxd.ServiceName" } }],
  }));
  fixture.on("GET /rest/vcenter/services/vpxd", () => ({ body: serviceInfo(state) }));
  fixture.on("POST /rest/vcenter/services/vpxd/restart", () => {
    state = "STARTED";
    return {};
  });
  fixture.on("GET /rest/appliance/recovery/backup/job/details", {
    body: [{
      key: "20261120-230000-22617221",
      value: backupDetails("SUCCEEDED", "2026-11-20T23:00:00.000Z", "2026-11-20T23:07:00.000Z"),
    }],
  });

  const health = structured(await mcp.call("appliance_health", {})) as unknown as {
    attention: string[];
    components: { component: string; messages?: string[] }[];
  };
  assert.deepEqual(health.attention, ["swap"]);
  assert.deepEqual(health.components.find((c) => c.component === "swap")?.messages, ["Swap is exhausted"]);

  const services = structured(await mcp.call("appliance_service_list", {})) as unknown as {
    services: { service: string; state: string }[];
  };
  assert.deepEqual(services.services.map((s) => [s.service, s.state]), [["vpxd", "STARTED"]]);
  await previewThenConfirm(mcp, "appliance_service", { service: "vpxd", action: "restart" });
  assert.equal(fixture.sent("POST /rest/vcenter/services/vpxd/restart").length, 1);

  const jobs = structured(await mcp.call("appliance_backup_list", {})) as unknown as {
    jobs: { id: string }[];
  };
  assert.deepEqual(jobs.jobs.map((j) => j.id), ["20261120-230000-22617221"]);
  assert.ok(
    fixture.requests.every((r) => r.url.pathname.startsWith("/rest/")),
    "no /api request in this flavour",
  );
  noProblems(fixture);
});
