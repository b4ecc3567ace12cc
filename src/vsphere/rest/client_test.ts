import assert from "node:assert/strict";
import { ConfigError, loadTarget } from "../../config/mod.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { createRoundTripper, type RoundTripper } from "../transport.ts";
import { VSphereClient } from "../client.ts";
import { VSphereError } from "../errors.ts";
import { RestClient } from "./client.ts";
import { errorFromBody } from "./errors.ts";
import { TaggingManager } from "./tagging.ts";

/** Wraps the real round-tripper and remembers the session header each request carried. */
function spying(inner: RoundTripper) {
  const seen: { method: string; path: string; token: string | null; status: number }[] = [];
  const send: RoundTripper = async (request) => {
    const response = await inner(request);
    seen.push({
      method: request.method,
      path: new URL(request.url).pathname,
      token: request.headers.get("vmware-api-session-id"),
      status: response.status,
    });
    return response;
  };
  send.close = () => inner.close?.();
  return { send, seen };
}

/** Deletes a REST session from outside, as vCenter does when it expires one. */
async function killSession(inner: RoundTripper, url: URL, token: string) {
  const response = await inner(
    new Request(new URL("/rest/com/vmware/cis/session", url), {
      method: "DELETE",
      headers: { "vmware-api-session-id": token },
    }),
  );
  await response.body?.cancel();
  assert.equal(response.status, 200);
}

Deno.test("RestClient detects the /rest flavour, logs in once and deletes the session on close", async () => {
  await using sim = await startVcsim();
  const inner = createRoundTripper(sim.target().tls);
  const spy = spying(inner);
  const rest = new RestClient(sim.target(), spy.send);
  try {
    const tagging = new TaggingManager(rest);
    assert.deepEqual(await tagging.listCategories(), [], "vcsim's {value:null} is an empty list");
    await Promise.all([tagging.listTags(), tagging.listCategories()]);
    assert.equal(rest.flavour, "rest");
    assert.equal(rest.stats.logins, 1);
    assert.deepEqual(spy.seen.slice(0, 2).map((s) => `${s.method} ${s.path} ${s.status}`), [
      "POST /api/session 404",
      "POST /rest/com/vmware/cis/session 200",
    ]);
    const token = spy.seen.at(-1)!.token!;
    assert.ok(token);
    await rest.close();
    assert.deepEqual(spy.seen.at(-1), {
      method: "DELETE",
      path: "/rest/com/vmware/cis/session",
      token,
      status: 200,
    });
    const reuse = await inner(
      new Request(new URL("/rest/com/vmware/cis/tagging/category", sim.url), {
        headers: { "vmware-api-session-id": token },
      }),
    );
    await reuse.body?.cancel();
    assert.equal(reuse.status, 401, "the deleted session is really gone");
  } finally {
    inner.close?.();
  }
});

Deno.test("RestClient re-logs in once after the session is deleted, shared by 50 concurrent calls", async () => {
  await using sim = await startVcsim();
  const inner = createRoundTripper(sim.target().tls);
  const spy = spying(inner);
  const rest = new RestClient(sim.target({ apiMode: "rest" }), spy.send);
  try {
    const tagging = new TaggingManager(rest);
    const id = await tagging.createCategory({
      name: "relogin",
      description: "",
      cardinality: "SINGLE",
      associable_types: [],
    });
    assert.equal(spy.seen[0]!.path, "/rest/com/vmware/cis/session", "mode rest skips the /api probe");
    const token = spy.seen.at(-1)!.token!;
    await killSession(inner, sim.url, token);

    assert.equal((await tagging.getCategory(id)).name, "relogin");
    assert.equal(rest.stats.logins, 2, "exactly one re-login");
    const newToken = spy.seen.at(-1)!.token!;
    assert.notEqual(newToken, token);

    await killSession(inner, sim.url, newToken);
    const results = await Promise.all(Array.from({ length: 50 }, () => tagging.getCategory(id)));
    assert.ok(results.every((c) => c.id === id));
    assert.equal(rest.stats.logins, 3, "50 parallel calls after expiry cause one login");
  } finally {
    await rest.close();
    inner.close?.();
  }
});

Deno.test("RestClient maps vCenter errors onto the taxonomy with status, path and error type", async () => {
  await using sim = await startVcsim();
  const client = new VSphereClient(sim.target());
  try {
    const tagging = new TaggingManager(client.rest);
    const spec = { name: "dup", description: "", cardinality: "SINGLE" as const, associable_types: [] };
    await tagging.createCategory(spec);
    const dup = await tagging.createCategory(spec).catch((e) => e);
    assert.ok(dup instanceof VSphereError);
    assert.equal(dup.kind, "AlreadyExists");
    assert.equal(dup.faultType, "com.vmware.vapi.std.errors.already_exists");
    assert.equal(dup.path, "POST /rest/com/vmware/cis/tagging/category");
    assert.equal(dup.details.status, 400);

    const missing = await tagging.getCategory("urn:vmomi:InventoryServiceCategory:nope:GLOBAL").catch((e) =>
      e
    );
    assert.ok(missing instanceof VSphereError);
    assert.equal(missing.kind, "NotFound");
    assert.match(missing.path, /^GET \/rest\/com\/vmware\/cis\/tagging\/category\/id:/);
  } finally {
    await client.close();
  }
});

Deno.test("RestClient fails a refused login with InvalidLogin once and does not retry the credential", async () => {
  await using sim = await startVcsim();
  const inner = createRoundTripper(sim.target().tls);
  const spy = spying(inner);
  // vcsim's REST refuses an empty password (any non-empty pair logs in).
  const rest = new RestClient(sim.target({ password: "", apiMode: "rest" }), spy.send);
  try {
    const tagging = new TaggingManager(rest);
    const first = await tagging.listTags().catch((e) => e);
    assert.ok(first instanceof VSphereError);
    assert.equal(first.kind, "InvalidLogin");
    assert.doesNotMatch(first.message, /pass|Basic/);
    const second = await tagging.listTags().catch((e) => e);
    assert.equal(second, first);
    assert.equal(spy.seen.length, 1, "one attempt only");
  } finally {
    inner.close?.();
  }
});

Deno.test("RestClient with VSPHERE_API_MODE=api against a server without /api says so", async () => {
  await using sim = await startVcsim();
  const client = new VSphereClient(sim.target({ apiMode: "api" }));
  try {
    const error = await new TaggingManager(client.rest).listTags().catch((e) => e);
    assert.ok(error instanceof VSphereError);
    assert.equal(error.kind, "NotFound");
    assert.equal(error.path, "POST /api/session");
  } finally {
    await client.close();
  }
});

Deno.test("errorFromBody() reads both flavours' vAPI errors and falls back to the status", () => {
  const api = errorFromBody(
    404,
    JSON.stringify({
      error_type: "NOT_FOUND",
      messages: [{ id: "x", default_message: "Library 'abc' not found.", args: [] }],
    }),
    { method: "GET", path: "/api/content/library/abc" },
  );
  assert.equal(api.kind, "NotFound");
  assert.equal(api.faultType, "NOT_FOUND");
  assert.equal(api.vcMessage, "Library 'abc' not found.");
  const rest = errorFromBody(
    400,
    JSON.stringify({
      type: "com.vmware.vapi.std.errors.unauthorized",
      value: { messages: [{ default_message: "Permission denied" }] },
    }),
    { method: "POST", path: "/rest/x" },
  );
  assert.equal(rest.kind, "NoPermission");
  assert.equal(rest.vcMessage, "Permission denied");
  const cases: [string, string][] = [
    ["ALREADY_EXISTS", "AlreadyExists"],
    ["INVALID_ARGUMENT", "InvalidArgument"],
    ["NOT_ALLOWED_IN_CURRENT_STATE", "InvalidState"],
    ["RESOURCE_BUSY", "TaskInProgress"],
    ["UNSUPPORTED", "NotSupported"],
    ["UNAUTHENTICATED", "NotAuthenticated"],
    ["TIMED_OUT", "Timeout"],
    ["SERVICE_UNAVAILABLE", "Connection"],
  ];
  for (const [type, kind] of cases) {
    assert.equal(
      errorFromBody(400, JSON.stringify({ error_type: type }), { method: "GET", path: "/" }).kind,
      kind,
    );
  }
  const html = errorFromBody(503, "<html>down</html>", { method: "GET", path: "/api/x" });
  assert.equal(html.kind, "Connection");
  assert.equal(html.faultType, "HTTP503");
});

Deno.test("RestClient rides the SOAP client's round-tripper: thumbprint and insecure TLS modes apply", async () => {
  await using sim = await startVcsim();
  for (
    const tls of [{ mode: "thumbprint" as const, thumbprint: sim.sha256 }, { mode: "insecure" as const }]
  ) {
    const client = new VSphereClient(sim.target({ tls }));
    try {
      assert.deepEqual(await new TaggingManager(client.rest).listTags(), [], tls.mode);
    } finally {
      await client.close();
    }
  }
  const wrong = sim.sha256.replace(/^../, sim.sha256.startsWith("00") ? "11" : "00");
  const pinned = new VSphereClient(sim.target({ tls: { mode: "thumbprint", thumbprint: wrong } }));
  try {
    const error = await new TaggingManager(pinned.rest).listTags().catch((e) => e);
    assert.ok(error instanceof VSphereError);
    assert.equal(error.kind, "Certificate");
  } finally {
    await pinned.close();
  }
});

Deno.test("VSphereClient.close() deletes the REST session before releasing connections", async () => {
  await using sim = await startVcsim();
  const spy = spying(createRoundTripper(sim.target().tls));
  const client = new VSphereClient(sim.target(), { roundTrip: spy.send });
  await new TaggingManager(client.rest).listCategories();
  const token = spy.seen.at(-1)!.token;
  await client.close();
  const rest = spy.seen.filter((s) => s.path.startsWith("/rest/"));
  assert.deepEqual(rest.at(-1), {
    method: "DELETE",
    path: "/rest/com/vmware/cis/session",
    token,
    status: 200,
  });
});

Deno.test("loadTarget() reads VSPHERE_API_MODE (auto by default) and rejects other values", () => {
  const env = { VSPHERE_HOST: "vc", VSPHERE_USER: "u", VSPHERE_PASSWORD: "p" };
  assert.equal(loadTarget(env)?.apiMode, "auto");
  assert.equal(loadTarget({ ...env, VSPHERE_API_MODE: "REST" })?.apiMode, "rest");
  assert.throws(() => loadTarget({ ...env, VSPHERE_API_MODE: "soap" }), ConfigError);
});
