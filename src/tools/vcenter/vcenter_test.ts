/**
 * The vcenter toolset. Supervisor clusters are listed by vcsim's own namespace-management simulator; the
 * rest (certificates, namespaces, vLCM) is absent from vcsim and runs against the spec-held REST fixture,
 * which forwards SOAP to a real vcsim so cluster and host names resolve against a real inventory.
 */
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { confirm, preview, previewThenConfirm, structured } from "../../../tests/helpers/confirm.ts";
import { connect, textOf } from "../../../tests/helpers/mcp.ts";
import { type RestFixture, startRestFixture, vapiError } from "../../../tests/helpers/rest_fixture.ts";
import { startVcsim, type Vcsim } from "../../../tests/helpers/vcsim.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { waitForTask } from "../../vsphere/objects/tasks.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

const SPECS = ["7.0.3/vcenter.json", "8.0.2/esx.json", "8.0.2/cis.json", "8.0.2/hvc.json"];
const ROOT = new URL("../../../", import.meta.url).pathname;

function msg(id: string, text: string, args: string[] = []) {
  return { id, default_message: text, args };
}

async function setup(sim: Vcsim) {
  const fixture = await startRestFixture(sim, SPECS);
  const mcp = await connect({ target: fixture.target(), toolsets: ["vcenter"] });
  const direct = new VSphereClient(sim.target());
  const cluster = await resolveEntity(direct, "ClusterComputeResource", "DC0_C0");
  return {
    fixture,
    mcp,
    direct,
    clusterId: cluster.ref.value,
    async [Symbol.asyncDispose]() {
      await direct.close();
      await mcp.close();
      await fixture.stop();
    },
  };
}

function noProblems(fixture: RestFixture) {
  assert.deepEqual(fixture.problems, [], "every request and answer matches VMware's OpenAPI");
}

Deno.test("namespace_list kind=supervisors lists vcsim's Supervisor clusters (WCP-* clusters) with their names", async () => {
  await using env = await simEnv(["vcenter"]);
  const { mcp, direct } = env;
  const none = structured(await mcp.call("namespace_list", { kind: "supervisors" })) as unknown as {
    supervisors: unknown[];
  };
  assert.deepEqual(none.supervisors, [], "no cluster has Workload Management yet");

  // vcsim's namespace simulator treats clusters named WCP-* as Supervisor clusters.
  const cluster = (await resolveEntity(direct, "ClusterComputeResource", "DC0_C0")).ref;
  const task = await direct.call("Rename_Task", cluster, { newName: "WCP-prod" }) as MoRef;
  await waitForTask(direct, task);
  assert.equal((await retrieveOne(direct, cluster, ["name"])).name, "WCP-prod");

  const out = structured(await mcp.call("namespace_list", { kind: "supervisors" })) as unknown as {
    supervisors: {
      cluster: string;
      cluster_name: string;
      config_status: string;
      kubernetes_status: string;
    }[];
  };
  assert.deepEqual(out.supervisors, [{
    cluster: cluster.value,
    cluster_name: "WCP-prod",
    config_status: "RUNNING",
    kubernetes_status: "READY",
  }]);
});

Deno.test("vcenter_certificate_list reads the TLS certificate and parses every trusted root PEM with its expiry", async () => {
  await using sim = await startVcsim({ model: { vm: 0 } });
  await using env = await setup(sim);
  const { fixture, mcp } = env;
  const caPem = Deno.readTextFileSync(`${ROOT}.tools/pki/ca.pem`).trim();
  const soon = new Date(Date.now() + 10 * 86_400_000).toISOString();
  fixture.on("GET /api/vcenter/certificate-management/vcenter/tls", {
    body: {
      version: 3,
      serial_number: "1A2B3C",
      signature_algorithm: "SHA256withRSA",
      issuer_dn: "CN=CA, DC=vsphere, DC=local",
      valid_from: "2024-01-01T00:00:00.000Z",
      valid_to: soon,
      subject_dn: "CN=vc01.corp.example",
      thumbprint: "AA:BB:CC",
      is_CA: false,
      path_length_constraint: -1,
      key_usage: ["digitalSignature"],
      extended_key_usage: ["serverAuth"],
      subject_alternative_name: ["vc01.corp.example"],
      authority_information_access_uri: [],
      cert: "-----BEGIN CERTIFICATE-----...",
    },
  });
  fixture.on("GET /api/vcenter/certificate-management/vcenter/trusted-root-chains", {
    body: [{ chain: "ABC123" }],
  });
  fixture.on("GET /api/vcenter/certificate-management/vcenter/trusted-root-chains/ABC123", {
    body: { cert_chain: { cert_chain: [caPem] } },
  });

  const out = structured(await mcp.call("vcenter_certificate_list", { warn_days: 11 })) as unknown as {
    tls: { subject: string; days_left: number; status: string; subject_alternative_names: string[] };
    trusted_roots: { chain: string; certificates: { subject: string; is_ca: boolean; status: string }[] }[];
    attention: string[];
  };
  assert.equal(out.tls.subject, "CN=vc01.corp.example");
  assert.equal(out.tls.status, "expiring");
  assert.ok(out.tls.days_left >= 9 && out.tls.days_left <= 10, String(out.tls.days_left));
  assert.equal(out.trusted_roots[0]?.chain, "ABC123");
  assert.equal(out.trusted_roots[0]?.certificates[0]?.is_ca, true);
  assert.match(out.trusted_roots[0]?.certificates[0]?.subject ?? "", /CN=/);
  // The test CA lives 30 days from its creation: expect it in attention only if it really is that close.
  const caDays = Math.floor(
    (new Date(new X509Certificate(caPem).validTo).getTime() - Date.now()) / 86_400_000,
  );
  assert.equal(
    out.trusted_roots[0]?.certificates[0]?.status,
    caDays < 0 ? "expired" : caDays < 11 ? "expiring" : "ok",
  );
  assert.equal(out.attention.length, caDays < 11 ? 2 : 1);
  assert.match(out.attention[0]!, /^tls: CN=vc01\.corp\.example \(expiring/);
  noProblems(fixture);
});

Deno.test("vcenter_trusted_root adds a chain after a critical preview, refuses duplicates, removes by id", async () => {
  await using sim = await startVcsim({ model: { vm: 0 } });
  await using env = await setup(sim);
  const { fixture, mcp } = env;
  const caPem = Deno.readTextFileSync(`${ROOT}.tools/pki/ca.pem`).trim();
  const leafPem =
    Deno.readTextFileSync(`${ROOT}.tools/pki/leaf.pem`).trim().split("-----END CERTIFICATE-----")[0] +
    "-----END CERTIFICATE-----";
  const chains = new Map<string, string[]>([["ABC123", [caPem]]]);
  const base = "/api/vcenter/certificate-management/vcenter/trusted-root-chains";
  fixture.on(`GET ${base}`, () => ({ body: [...chains.keys()].map((chain) => ({ chain })) }));
  for (const id of ["ABC123", "NEW1"]) {
    fixture.on(`GET ${base}/${id}`, () => ({ body: { cert_chain: { cert_chain: chains.get(id) ?? [] } } }));
    fixture.on(`DELETE ${base}/${id}`, () => {
      chains.delete(id);
      return {};
    });
  }
  fixture.on(`POST ${base}`, (r) => {
    chains.set("NEW1", (r.body as { cert_chain: { cert_chain: string[] } }).cert_chain.cert_chain);
    return { body: "NEW1" };
  });

  const dup = structured(await mcp.call("vcenter_trusted_root", { action: "add", pem: caPem }));
  assert.equal(dup.status, "unchanged");
  assert.equal((dup.result as { chain: string }).chain, "ABC123");

  const bad = await mcp.call("vcenter_trusted_root", { action: "add", pem: "not a certificate" });
  assert.equal(bad.isError, true);
  assert.match(textOf(bad), /not a valid PEM/);

  const add = { action: "add", pem: leafPem };
  const first = await preview(mcp, "vcenter_trusted_root", add);
  assert.equal(first.preview?.tier, "critical");
  assert.equal(first.preview?.method, "vcenter.certificate_management.vcenter.TrustedRootChains.create");
  assert.match(first.preview?.summary ?? "", /Trust a new root chain of 1 certificate/);
  assert.equal(chains.size, 1, "the preview changed nothing");
  const added = await confirm(mcp, "vcenter_trusted_root", add, first.confirmation_handle);
  assert.equal(added.chain, "NEW1");
  assert.equal(added.trusted_chains, 2);
  assert.deepEqual(fixture.sent(`POST ${base}`)[0]?.body, { cert_chain: { cert_chain: [leafPem] } });

  const { first: rm } = await previewThenConfirm(mcp, "vcenter_trusted_root", {
    action: "remove",
    chain: "NEW1",
  });
  assert.equal(rm.preview?.targets[0]?.ref.value, "NEW1");
  assert.deepEqual([...chains.keys()], ["ABC123"]);
  const unknown = await mcp.call("vcenter_trusted_root", { action: "remove", chain: "NOPE" });
  assert.equal(unknown.isError, true);
  noProblems(fixture);
});

function namespaceInfo(cluster: string, description: string) {
  return {
    cluster,
    config_status: "RUNNING",
    messages: [{ severity: "INFO", details: msg("ns.ok", "Namespace is ready") }],
    stats: { cpu_used: 1200, memory_used: 4096, storage_used: 20480 },
    description,
    access_list: [{ subject_type: "GROUP", subject: "devs", domain: "vsphere.local", role: "EDIT" }],
    storage_specs: [{ policy: "gold-policy", limit: 102400 }],
    vm_service_spec: { vm_classes: ["best-effort-small"], content_libraries: [] },
  };
}

Deno.test("namespace create/update/delete: cluster names resolve in vcsim, bodies match the spec, previews are honest", async () => {
  await using sim = await startVcsim({ model: { vm: 0, cluster: 2 } });
  await using env = await setup(sim);
  const { fixture, mcp, clusterId } = env;
  let current: ReturnType<typeof namespaceInfo> | undefined;
  const NS = "/api/vcenter/namespaces/instances";
  fixture.on("GET /api/vcenter/namespace-management/clusters", {
    body: [{
      cluster: clusterId,
      cluster_name: "DC0_C0",
      stats: {
        cpu_used: 1200,
        cpu_capacity: 48000,
        memory_used: 4096,
        memory_capacity: 262144,
        storage_used: 20480,
        storage_capacity: 2097152,
      },
      config_status: "RUNNING",
      kubernetes_status: "READY",
    }],
  });
  fixture.on(`GET ${NS}`, () => ({
    body: current
      ? [{
        cluster: current.cluster,
        namespace: "team-a",
        description: current.description,
        config_status: "RUNNING",
        stats: current.stats,
      }]
      : [],
  }));
  fixture.on(
    `GET ${NS}/team-a`,
    () => current ? { body: current } : vapiError(404, "NOT_FOUND", "No namespace"),
  );
  fixture.on(`POST ${NS}`, (r) => {
    const body = r.body as { cluster: string; description: string };
    current = namespaceInfo(body.cluster, body.description);
    return {};
  });
  fixture.on(`PATCH ${NS}/team-a`, (r) => {
    current = { ...current!, ...(r.body as { description: string }) };
    return {};
  });
  fixture.on(`DELETE ${NS}/team-a`, () => {
    current = undefined;
    return {};
  });

  fixture.on(`GET ${NS}/team-b`, vapiError(404, "NOT_FOUND", "No namespace"));
  const notSupervisor = await mcp.call("namespace", {
    action: "create",
    namespace: "team-b",
    cluster: "DC0_C1",
  });
  assert.equal(notSupervisor.isError, true);
  assert.match(textOf(notSupervisor), /DC0_C1 is not a Supervisor cluster/);
  assert.equal(fixture.sent(`POST ${NS}`).length, 0);

  const create = {
    action: "create",
    namespace: "team-a",
    cluster: "DC0_C0",
    description: "Team A",
    storage_policies: [{ policy: "gold-policy", limit_mib: 102400 }],
    access: [{ subject: "devs", domain: "vsphere.local", type: "GROUP", role: "EDIT" }],
    vm_classes: ["best-effort-small"],
  };
  const { first, done } = await previewThenConfirm(mcp, "namespace", create, () => {
    assert.equal(current, undefined, "the preview created nothing");
    return Promise.resolve();
  });
  assert.equal(first.preview?.tier, "medium");
  assert.equal(first.preview?.targets[0]?.state?.cluster, clusterId);
  assert.deepEqual(fixture.sent(`POST ${NS}`)[0]?.body, {
    cluster: clusterId,
    namespace: "team-a",
    description: "Team A",
    storage_specs: [{ policy: "gold-policy", limit: 102400 }],
    access_list: [{ subject_type: "GROUP", subject: "devs", domain: "vsphere.local", role: "EDIT" }],
    vm_service_spec: { vm_classes: ["best-effort-small"] },
  });
  assert.equal((done.result as { status: string }).status, "RUNNING");
  assert.equal(structured(await mcp.call("namespace", create)).status, "unchanged");

  const listed = structured(await mcp.call("namespace_list", {})) as unknown as {
    namespaces: { namespace: string; cluster_name: string; stats: { memory_used_mib: number } }[];
  };
  assert.deepEqual(listed.namespaces.map((n) => [n.namespace, n.cluster_name, n.stats.memory_used_mib]), [[
    "team-a",
    "DC0_C0",
    4096,
  ]]);
  const detail = structured(await mcp.call("namespace_list", { namespace: "team-a" })) as unknown as {
    detail: { access: { role: string }[]; storage: { limit_mib: number }[]; messages: { text: string }[] };
  };
  assert.equal(detail.detail.storage[0]?.limit_mib, 102400);
  assert.equal(detail.detail.messages[0]?.text, "Namespace is ready");

  const unchanged = structured(
    await mcp.call("namespace", { action: "update", namespace: "team-a", description: "Team A" }),
  );
  assert.equal(unchanged.status, "unchanged");
  const update = { action: "update", namespace: "team-a", description: "Team A (prod)" };
  const upd = await previewThenConfirm(mcp, "namespace", update);
  assert.match(upd.first.preview?.summary ?? "", /description/);
  assert.deepEqual(fixture.sent(`PATCH ${NS}/team-a`)[0]?.body, { description: "Team A (prod)" });
  assert.equal(current?.description, "Team A (prod)");

  const del = await preview(mcp, "namespace_delete", { namespace: "team-a" });
  assert.equal(del.preview?.tier, "critical");
  assert.match(del.preview?.summary ?? "", /DELETE namespace team-a .*20480 MiB/);
  const gone = await confirm(mcp, "namespace_delete", { namespace: "team-a" }, del.confirmation_handle);
  assert.equal(gone.status, "gone");
  assert.equal(current, undefined);
  noProblems(fixture);
});

const NOTES = { info: [], warnings: [], errors: [] };

function hostCompliance(status: string, current: string) {
  return {
    impact: status === "COMPLIANT" ? "NO_IMPACT" : "MAINTENANCE_MODE_REQUIRED",
    status,
    notifications: NOTES,
    scan_time: "2026-11-21T07:00:00.000Z",
    base_image: {
      status,
      current: { version: current },
      target: { version: "8.0.3-0.35.24280767" },
      notifications: NOTES,
    },
    add_on: { status: "COMPLIANT", notifications: NOTES },
    components: {},
    solutions: {},
  };
}

Deno.test("vlcm_info maps image, compliance, depot and task; vlcm_remediate applies to named hosts after a critical preview", async () => {
  await using sim = await startVcsim({ model: { vm: 0, "cluster-host": 2 } });
  await using env = await setup(sim);
  const { fixture, mcp, clusterId, direct } = env;
  const h0 = (await resolveEntity(direct, "HostSystem", "DC0_C0_H0")).ref.value;
  const h1 = (await resolveEntity(direct, "HostSystem", "DC0_C0_H1")).ref.value;
  const ESX = `/api/esx/settings/clusters/${clusterId}/software`;
  const TASK = "52a1c1e0-3f4e-4a3b-9f00-1d2e3f4a5b6c:com.vmware.esx.settings.clusters.software";
  fixture.on(`GET ${ESX}`, {
    body: {
      base_image: {
        version: "8.0.3-0.35.24280767",
        details: {
          display_name: "ESXi",
          display_version: "8.0 U3d",
          release_date: "2026-09-01T00:00:00.000Z",
        },
      },
      add_on: { name: "DEL-ESXi", version: "803.24280767-A01" },
      components: { "bnxtnet": { version: "232.0.150.0-1OEM" } },
      solutions: {},
      hardware_support: { packages: { "com.dell.OMIVV": { pkg: "DELL", version: "1.0" } } },
    },
  });
  fixture.on(`GET ${ESX}/compliance`, {
    body: {
      impact: "MAINTENANCE_MODE_REQUIRED",
      status: "NON_COMPLIANT",
      notifications: {
        warnings: [{
          id: "com.vmware.vcIntegrity.lifecycle.HostRebootRequired",
          type: "WARNING",
          time: "2026-11-21T07:00:00.000Z",
          message: msg("lcm.warn", "Host {0} needs a reboot", ["DC0_C0_H1"]),
        }],
      },
      scan_time: "2026-11-21T07:00:00.000Z",
      commit: "7",
      compliant_hosts: [h0],
      non_compliant_hosts: [h1],
      incompatible_hosts: [],
      unavailable_hosts: [],
      hosts: {
        [h0]: hostCompliance("COMPLIANT", "8.0.3-0.35.24280767"),
        [h1]: hostCompliance("NON_COMPLIANT", "8.0.2-0.0.22380479"),
      },
      host_info: { [h0]: { name: "DC0_C0_H0" }, [h1]: { name: "DC0_C0_H1" } },
    },
  });
  fixture.on("GET /api/esx/settings/depot-content/base-images", {
    body: [{
      display_name: "ESXi",
      version: "8.0.3-0.35.24280767",
      display_version: "8.0 U3d",
      summary: "ESXi 8.0 Update 3d",
      category: "SECURITY",
      kb: "https://kb.vmware.com/s/article/98000",
      release_date: "2026-09-01T00:00:00.000Z",
    }],
  });
  fixture.on(`POST ${ESX}?action=apply`, { status: 202, body: TASK });
  fixture.on(`GET /api/cis/tasks/${TASK}`, {
    body: {
      description: msg("com.vmware.esx.settings.clusters.software.apply", "Remediate cluster"),
      service: "com.vmware.esx.settings.clusters.software",
      operation: "apply",
      status: "RUNNING",
      cancelable: false,
      progress: { total: 100, completed: 25, message: msg("p", "Entering maintenance mode") },
      start_time: "2026-11-21T09:00:00.000Z",
    },
  });

  const image = structured(await mcp.call("vlcm_info", { view: "image", cluster: "DC0_C0" })) as unknown as {
    cluster: { id: string };
    image: {
      base_image: string;
      base_image_name: string;
      add_on: string;
      components: unknown[];
      hardware_support: string[];
    };
  };
  assert.equal(image.cluster.id, clusterId);
  assert.equal(image.image.base_image_name, "ESXi 8.0 U3d");
  assert.equal(image.image.add_on, "DEL-ESXi 803.24280767-A01");
  assert.deepEqual(image.image.components, [{ name: "bnxtnet", version: "232.0.150.0-1OEM" }]);
  assert.deepEqual(image.image.hardware_support, ["com.dell.OMIVV: DELL 1.0"]);

  const comp = structured(
    await mcp.call("vlcm_info", { view: "compliance", cluster: clusterId }),
  ) as unknown as {
    compliance: {
      status: string;
      non_compliant_hosts: string[];
      hosts: { name: string; current_base_image: string }[];
      notifications: { type: string; text: string }[];
    };
  };
  assert.equal(comp.compliance.status, "NON_COMPLIANT");
  assert.deepEqual(comp.compliance.non_compliant_hosts, [`DC0_C0_H1 (${h1})`]);
  assert.deepEqual(comp.compliance.notifications, [{
    type: "WARNING",
    text: "Host DC0_C0_H1 needs a reboot",
  }]);

  const depot = structured(await mcp.call("vlcm_info", { view: "base_images" })) as unknown as {
    base_images: { display_version: string; category: string }[];
  };
  assert.deepEqual(depot.base_images.map((b) => [b.display_version, b.category]), [["8.0 U3d", "SECURITY"]]);

  const args = { action: "apply", cluster: "DC0_C0", hosts: ["DC0_C0_H1"], accept_eula: true };
  const first = await preview(mcp, "vlcm_remediate", args);
  assert.equal(first.preview?.tier, "critical");
  assert.equal(first.preview?.method, "esx.settings.clusters.Software.apply");
  assert.equal(first.preview?.targets[0]?.state?.impact, "MAINTENANCE_MODE_REQUIRED");
  assert.match(first.preview?.summary ?? "", /Remediate DC0_C0_H1 of cluster DC0_C0/);
  assert.equal(fixture.sent(`POST ${ESX}?action=apply`).length, 0, "the preview started nothing");
  const result = await confirm(mcp, "vlcm_remediate", args, first.confirmation_handle);
  const [sent] = fixture.sent(`POST ${ESX}?action=apply`);
  assert.equal(sent?.url.searchParams.get("vmw-task"), "true");
  assert.deepEqual(sent?.body, { hosts: [h1], accept_eula: true, commit: "7" });
  const task = result.task as { task: string; status: string; progress_pct: number };
  assert.deepEqual([task.task, task.status, task.progress_pct], [TASK, "RUNNING", 25]);

  fixture.on(`POST ${ESX}?action=stage`, { status: 202, body: TASK });
  const stage = await previewThenConfirm(mcp, "vlcm_remediate", { action: "stage", cluster: "DC0_C0" });
  assert.equal(stage.first.preview?.method, "esx.settings.clusters.Software.stage");
  assert.match(stage.first.preview?.summary ?? "", /Stage the image of cluster DC0_C0 on all hosts/);
  assert.deepEqual(fixture.sent(`POST ${ESX}?action=stage`)[0]?.body, { commit: "7" });

  const followed = structured(await mcp.call("vlcm_info", { view: "task", task: TASK })) as unknown as {
    task: { description: string };
  };
  assert.equal(followed.task.description, "Remediate cluster");
  noProblems(fixture);
});

Deno.test("vcenter_trust_authority lists Trust Authority clusters by name and their registered services", async () => {
  await using sim = await startVcsim({ model: { vm: 0 } });
  await using env = await setup(sim);
  const { fixture, mcp, clusterId } = env;
  const BASE = "/api/vcenter/trusted-infrastructure";
  fixture.on(`GET ${BASE}/trust-authority-clusters`, { body: [{ cluster: clusterId, state: "ENABLE" }] });
  fixture.on(`POST ${BASE}/attestation/services?action=query`, {
    body: [{
      service: "attest-1",
      address: { hostname: "tas.corp.example" },
      group: "g-1",
      trust_authority_cluster: clusterId,
    }],
  });
  // Key provider services are refused for this user: reported, the rest still answers.
  fixture.on(`POST ${BASE}/kms/services?action=query`, vapiError(403, "UNAUTHORIZED", "Not allowed"));
  const out = structured(await mcp.call("vcenter_trust_authority", {})) as unknown as {
    clusters: { name: string; state: string }[];
    attestation_services: { address: string }[];
    key_provider_services: unknown[];
    unavailable: { part: string }[];
  };
  assert.deepEqual(out.clusters, [{ cluster: clusterId, name: "DC0_C0", state: "ENABLE" }]);
  assert.equal(out.attestation_services[0]?.address, "tas.corp.example:443");
  assert.deepEqual(out.key_provider_services, []);
  assert.deepEqual(out.unavailable.map((u) => u.part), ["key_provider_services"]);
  assert.deepEqual(fixture.sent(`POST ${BASE}/attestation/services?action=query`)[0]?.body, {});
  noProblems(fixture);
});

function tlsInfo(validTo: string) {
  return {
    version: 3,
    serial_number: "1A2B3C",
    signature_algorithm: "SHA256withRSA",
    issuer_dn: "CN=CA, DC=vsphere, DC=local",
    valid_from: "2024-01-01T00:00:00.000Z",
    valid_to: validTo,
    subject_dn: "CN=vc01.corp.example",
    thumbprint: "AA:BB:CC",
    is_CA: false,
    path_length_constraint: -1,
    key_usage: [],
    extended_key_usage: [],
    subject_alternative_name: [],
    authority_information_access_uri: [],
    cert: "-----BEGIN CERTIFICATE-----...",
  };
}

Deno.test("vcenter_tls_certificate: a CSR needs its subject fields; renew shows the current certificate and reads the new one back", async () => {
  await using sim = await startVcsim({ model: { vm: 0 } });
  await using env = await setup(sim);
  const { fixture, mcp } = env;
  const BASE = "/api/vcenter/certificate-management/vcenter";
  let validTo = "2026-12-01T00:00:00.000Z";
  fixture.on(`GET ${BASE}/tls`, () => ({ body: tlsInfo(validTo) }));
  fixture.on(`POST ${BASE}/tls-csr`, {
    status: 201,
    body: { csr: "-----BEGIN CERTIFICATE REQUEST-----\nMIIC\n-----END CERTIFICATE REQUEST-----" },
  });
  fixture.on(`POST ${BASE}/tls?action=renew`, () => {
    validTo = "2028-12-01T00:00:00.000Z";
    return {};
  });

  const incomplete = await mcp.call("vcenter_tls_certificate", { action: "csr", organization: "Example" });
  assert.equal(incomplete.isError, true);
  assert.match(textOf(incomplete), /organization_unit, locality, state_or_province, country, email_address/);

  const csrArgs = {
    action: "csr",
    common_name: "vc01.corp.example",
    organization: "Example Corp",
    organization_unit: "IT",
    locality: "Tokyo",
    state_or_province: "Tokyo",
    country: "JP",
    email_address: "it@corp.example",
    subject_alt_names: ["vc01.corp.example"],
    key_size: 3072,
  };
  const csr = await previewThenConfirm(mcp, "vcenter_tls_certificate", csrArgs);
  assert.equal(csr.first.preview?.tier, "critical");
  assert.match(String((csr.done.result as { csr: string }).csr), /BEGIN CERTIFICATE REQUEST/);
  assert.deepEqual(fixture.sent(`POST ${BASE}/tls-csr`)[0]?.body, {
    key_size: 3072,
    common_name: "vc01.corp.example",
    organization: "Example Corp",
    organization_unit: "IT",
    locality: "Tokyo",
    state_or_province: "Tokyo",
    country: "JP",
    email_address: "it@corp.example",
    subject_alt_name: ["vc01.corp.example"],
  });

  const renew = { action: "renew", duration_days: 730 };
  const first = await preview(mcp, "vcenter_tls_certificate", renew);
  assert.equal(first.preview?.targets[0]?.state?.valid_to, "2026-12-01T00:00:00.000Z");
  assert.match(first.preview?.summary ?? "", /RENEW vCenter's machine certificate CN=vc01\.corp\.example/);
  assert.equal(fixture.sent(`POST ${BASE}/tls?action=renew`).length, 0);
  const done = await confirm(mcp, "vcenter_tls_certificate", renew, first.confirmation_handle);
  assert.equal(done.valid_to, "2028-12-01T00:00:00.000Z");
  assert.deepEqual(fixture.sent(`POST ${BASE}/tls?action=renew`)[0]?.body, { duration: 730 });

  // Replace with a third-party certificate: the private key never shows up in what the model or the log sees.
  const leafPem =
    Deno.readTextFileSync(`${ROOT}.tools/pki/leaf.pem`).trim().split("-----END CERTIFICATE-----")[0] +
    "-----END CERTIFICATE-----";
  const caPem = Deno.readTextFileSync(`${ROOT}.tools/pki/ca.pem`).trim();
  const key = "-----BEGIN PRIVATE KEY-----\nTOP-SECRET-KEY-MATERIAL\n-----END PRIVATE KEY-----";
  fixture.on(`PUT ${BASE}/tls`, () => {
    validTo = "2026-12-21T00:00:00.000Z";
    return {};
  });
  const replace = { action: "replace", cert: leafPem, private_key: key, root_cert: caPem };
  const rp = await preview(mcp, "vcenter_tls_certificate", replace);
  assert.match(
    rp.preview?.summary ?? "",
    /REPLACE vCenter's machine certificate CN=vc01\.corp\.example with /,
  );
  assert.deepEqual(rp.preview?.args, { with_private_key: true, with_root_cert: true });
  assert.ok(!JSON.stringify(rp).includes("TOP-SECRET"), "the key is not in the preview");
  const replaced = await confirm(mcp, "vcenter_tls_certificate", replace, rp.confirmation_handle);
  assert.ok(!JSON.stringify(replaced).includes("TOP-SECRET"));
  assert.deepEqual(fixture.sent(`PUT ${BASE}/tls`)[0]?.body, { cert: leafPem, key, root_cert: caPem });
  noProblems(fixture);
});

Deno.test("vcenter_ext_info: Harbor registries with cluster names, linked vCenters, a datastore's default policy", async () => {
  await using sim = await startVcsim({ model: { vm: 0 } });
  await using env = await setup(sim);
  const { fixture, mcp, clusterId, direct } = env;
  const ds = (await resolveEntity(direct, "Datastore", "LocalDS_0")).ref.value;
  fixture.on("GET /api/vcenter/content/registries/harbor", {
    body: [{
      cluster: clusterId,
      registry: "harbor-1",
      version: "2.5.0",
      ui_access_url: "https://10.0.0.50",
    }],
  });
  fixture.on("GET /api/hvc/links", { body: [{ link: "link-1", display_name: "vc02.corp.example" }] });
  fixture.on(
    `GET /api/vcenter/datastore/${
      encodeURIComponent(ds).replace(/%3A/gi, ":").replace(/%40/g, "@")
    }/default-policy`,
    {
      body: "aa6d5a82-1c88-45da-85d3-3d74b91a5bad",
    },
  );
  const reg = structured(await mcp.call("vcenter_ext_info", { view: "registries" })) as unknown as {
    registries: { registry: string; cluster_name: string }[];
  };
  assert.deepEqual(reg.registries.map((r) => [r.registry, r.cluster_name]), [["harbor-1", "DC0_C0"]]);
  const links = structured(await mcp.call("vcenter_ext_info", { view: "linked_vcenters" })) as unknown as {
    linked_vcenters: { name: string }[];
  };
  assert.deepEqual(links.linked_vcenters, [{ link: "link-1", name: "vc02.corp.example" }]);
  const policy = structured(
    await mcp.call("vcenter_ext_info", { view: "datastore_default_policy", datastore: "LocalDS_0" }),
  ) as unknown as { datastore: { id: string; name: string; default_policy: string } };
  assert.deepEqual(policy.datastore, {
    id: ds,
    name: "LocalDS_0",
    default_policy: "aa6d5a82-1c88-45da-85d3-3d74b91a5bad",
  });
  noProblems(fixture);
});

Deno.test("vcenter_ext_info policy_compliance asks for the statuses (repeated) and names the VMs from vcsim", async () => {
  await using sim = await startVcsim({ model: { vm: 1 } });
  await using env = await setup(sim);
  const { fixture, mcp, direct } = env;
  const vm = (await resolveEntity(direct, "VirtualMachine", "DC0_H0_VM0")).ref.value;
  fixture.on("GET /api/vcenter/storage/policies/entities/compliance", {
    body: [{ vm, vm_home: "COMPLIANT", disks: { "2000": "NON_COMPLIANT" } }],
  });
  const out = structured(await mcp.call("vcenter_ext_info", { view: "policy_compliance" })) as unknown as {
    policy_compliance: unknown[];
  };
  assert.deepEqual(out.policy_compliance, [{
    vm,
    name: "DC0_H0_VM0",
    vm_home: "COMPLIANT",
    disks: [{ disk: "2000", status: "NON_COMPLIANT" }],
  }]);
  const q = fixture.sent("GET /api/vcenter/storage/policies/entities/compliance")[0]!.url.searchParams;
  assert.deepEqual(q.getAll("status"), ["NON_COMPLIANT", "OUT_OF_DATE"]);
  noProblems(fixture);
});
