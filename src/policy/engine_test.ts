import assert from "node:assert/strict";
import { configError } from "../../tests/helpers/config_error.ts";
import { z } from "zod";
import { type AnyTool, type DangerTier, defineTool, type Principal } from "../registry/define.ts";
import { hashToken, PolicyEngine } from "./engine.ts";
import { BUILTIN_POLICIES, defaultPolicy, loadPolicy } from "./mod.ts";
import { type PolicyV2, validatePolicy } from "./schema.ts";

function tool(
  name: string,
  toolset: string,
  tier: DangerTier,
  readOnly: boolean,
  aliases: string[] = [],
): AnyTool {
  return defineTool({
    name,
    toolset,
    input: () => ({}),
    output: { ok: z.boolean() },
    annotations: {
      readOnlyHint: readOnly,
      destructiveHint: !readOnly,
      idempotentHint: true,
      openWorldHint: true,
    },
    tier,
    privileges: [],
    aliases,
    handler: () => Promise.resolve({ ok: true }),
  }) as unknown as AnyTool;
}

const TOOLS = {
  vm_list: tool("vm_list", "inventory", "low", true),
  vm_power: tool("vm_power", "vm", "medium", false, ["power_off_vm", "power_on_vm"]),
  vm_migrate: tool("vm_migrate", "vm", "high", false),
  vm_delete: tool("vm_delete", "vm", "critical", false, ["delete_vm"]),
  host_list: tool("host_list", "host", "low", true),
};
type ToolName = keyof typeof TOOLS;

const ALICE = "alice-secret-token";
const BOB = "bob-secret-token";
const MULTI: PolicyV2 = {
  version: 2,
  principals: {
    local: { local: true, roles: ["admin"] },
    alice: { token_sha256: hashToken(ALICE), roles: ["operator"] },
    bob: { token_sha256: hashToken(BOB), roles: ["reader", "powerer"] },
  },
  roles: {
    admin: { toolsets: ["*"], tools: [], deny_tools: [], read_only: false, max_tier: "critical" },
    operator: {
      toolsets: ["inventory", "vm"],
      tools: [],
      deny_tools: ["vm_del*"],
      read_only: false,
      max_tier: "high",
      require_elicitation: "high",
      scope: { datacenters: ["DC0"] },
    },
    reader: { toolsets: ["*"], tools: [], deny_tools: [], read_only: true, max_tier: "low" },
    powerer: { toolsets: [], tools: ["vm_pow?r"], deny_tools: [], read_only: false, max_tier: "low" },
  },
  deny_tools: ["host_*"],
};

const engine = new PolicyEngine(MULTI, { source: "test" });
const alice = engine.authenticate(ALICE)!;
const bob = engine.authenticate(BOB)!;
const local = engine.localPrincipal();

const cases: [string, Principal, ToolName, boolean, string][] = [
  ["admin may call critical tools", local, "vm_delete", true, "role:admin toolsets[*]"],
  ["global deny_tools wins over admin", local, "host_list", false, "deny_tools[host_*]"],
  ["operator lists via toolset", alice, "vm_list", true, "role:operator toolsets[inventory]"],
  ["operator changes up to high", alice, "vm_migrate", true, "role:operator toolsets[vm]"],
  [
    "operator's deny_tools glob wins over its toolset",
    alice,
    "vm_delete",
    false,
    "role:operator deny_tools[vm_del*]",
  ],
  ["reader role is read-only", bob, "vm_list", true, "role:reader toolsets[*]"],
  ["no role grants it: the first refusing role is named", bob, "vm_power", false, "role:reader read_only"],
  ["a role without the tool refuses", bob, "vm_migrate", false, "role:reader read_only"],
];

for (const [what, principal, name, allowed, rule] of cases) {
  Deno.test(`PolicyEngine.decide(): ${what}`, () => {
    const decision = engine.decide(principal, TOOLS[name]);
    assert.equal(decision.allowed, allowed);
    assert.equal(decision.rule, rule);
  });
}

Deno.test("PolicyEngine.decide() reports the tier refusal and the elicitation requirement", () => {
  const tiered = new PolicyEngine({
    ...MULTI,
    roles: { ...MULTI.roles, powerer: { ...MULTI.roles.powerer!, max_tier: "medium" } },
  }, { source: "test" });
  const b = tiered.authenticate(BOB)!;
  assert.equal(tiered.decide(b, TOOLS.vm_power).allowed, true);
  assert.equal(tiered.decide(b, TOOLS.vm_migrate).reason, "read_only");
  const lowOnly = new PolicyEngine({
    ...MULTI,
    principals: { p: { token_sha256: hashToken("p-token"), roles: ["powerer"] } },
  }, { source: "test" });
  const refused = lowOnly.decide(lowOnly.authenticate("p-token")!, TOOLS.vm_power);
  assert.deepEqual([refused.allowed, refused.reason, refused.rule], [
    false,
    "tier",
    "role:powerer max_tier=low",
  ]);
  assert.equal(
    engine.decide(alice, TOOLS.vm_migrate).elicitation,
    true,
    "high tier reaches require_elicitation",
  );
  assert.equal(engine.decide(alice, TOOLS.vm_power).elicitation, false);
  assert.deepEqual(engine.decide(alice, TOOLS.vm_power).scopes, [{ datacenters: ["DC0"] }]);
  assert.deepEqual(engine.decide(local, TOOLS.vm_power).scopes, [], "admin is unrestricted");
});

Deno.test("PolicyEngine.authenticate() knows tokens only by hash; unknown tokens get nothing", () => {
  assert.equal(alice.id, "alice");
  assert.deepEqual(alice.roles, ["operator"]);
  assert.equal(engine.authenticate("alice-secret-token "), undefined);
  assert.equal(engine.authenticate(""), undefined);
  assert.ok(!JSON.stringify(MULTI).includes(ALICE), "the file holds hashes only");
});

Deno.test("A principal without roles is refused everything", () => {
  const nobody: Principal = { id: "x", kind: "token", roles: [] };
  const decision = engine.decide(nobody, TOOLS.vm_list);
  assert.deepEqual([decision.allowed, decision.reason], [false, "no_role"]);
});

Deno.test("The built-in default: local user everything but critical, critical with --allow-critical", () => {
  const plain = new PolicyEngine(defaultPolicy(false), { source: "default" });
  assert.equal(plain.allow(plain.localPrincipal(), TOOLS.vm_migrate), true);
  assert.equal(plain.allow(plain.localPrincipal(), TOOLS.vm_delete), false);
  assert.equal(plain.authenticate("any-token"), undefined, "HTTP gets nothing without a known token");
  const critical = new PolicyEngine(defaultPolicy(true), { source: "default" });
  assert.equal(critical.allow(critical.localPrincipal(), TOOLS.vm_delete), true);
});

Deno.test("The seed's version-1 format becomes one role for the local user, old tool names included", () => {
  const deny = validatePolicy({
    version: 1,
    default_action: "deny",
    allowed_tools: ["list_vms", "power_off_vm", "vm_list", "delete_vm"],
    denied_tools: [],
  });
  assert.ok(deny.ok);
  const e1 = new PolicyEngine(deny.policy, { source: "seed" });
  const me = e1.localPrincipal();
  assert.equal(e1.allow(me, TOOLS.vm_list), true);
  assert.equal(e1.allow(me, TOOLS.vm_power), true, "power_off_vm is vm_power's alias");
  assert.equal(e1.allow(me, TOOLS.vm_delete), true, "named explicitly, so granted at the critical tier");
  assert.equal(e1.allow(me, TOOLS.vm_migrate), false);

  const allow = validatePolicy({
    version: 1,
    default_action: "allow",
    denied_tools: ["delete_vm", "vm_migrate"],
  });
  assert.ok(allow.ok);
  const e2 = new PolicyEngine(allow.policy, { source: "seed" });
  assert.equal(e2.allow(e2.localPrincipal(), TOOLS.vm_power), true);
  assert.equal(e2.allow(e2.localPrincipal(), TOOLS.vm_migrate), false);
  assert.equal(e2.allow(e2.localPrincipal(), TOOLS.vm_delete), false);
});

const invalid: [string, unknown, RegExp][] = [
  ["no version", {}, /^\$\.version: expected 1 \(seed format\) or 2/],
  ["bad tier", { ...MULTI, roles: { r: { max_tier: "extreme" } } }, /\$\.roles\.r\.max_tier: /],
  [
    "unknown role",
    { ...MULTI, principals: { a: { local: true, roles: ["ghost"] } } },
    /\$\.principals\.a\.roles\[0\]: unknown role "ghost"/,
  ],
  [
    "token in clear",
    { ...MULTI, principals: { a: { token_sha256: "hunter2", roles: ["admin"] } } },
    /\$\.principals\.a\.token_sha256: expected 64 lower-case hex/,
  ],
  ["both token and local", {
    ...MULTI,
    principals: { a: { token_sha256: hashToken("x"), local: true, roles: ["admin"] } },
  }, /\$\.principals\.a: set exactly one/],
  [
    "unknown key",
    { ...MULTI, roles: { r: { toolset: ["vm"] } } },
    /\$\.roles\.r: Unrecognized key: "toolset"/,
  ],
  ["seed: bad default_action", { version: 1, default_action: "maybe" }, /\$\.default_action: /],
  ["duplicate token", {
    ...MULTI,
    principals: {
      a: { token_sha256: hashToken("t"), roles: ["admin"] },
      b: { token_sha256: hashToken("t"), roles: ["admin"] },
    },
  }, /\$\.principals\.b\.token_sha256: same token as principal "a"/],
];
for (const [what, doc, message] of invalid) {
  Deno.test(`validatePolicy() names the JSON path: ${what}`, () => {
    const result = validatePolicy(doc);
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.problems.join("\n"), message);
  });
}

Deno.test("loadPolicy() fails closed on a missing, unreadable, non-JSON or invalid file", () => {
  assert.equal(configError(() => loadPolicy({ path: "/nonexistent/policy.json" })).key, "policy.unreadable");
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(`${dir}/broken.json`, "{ not json");
    assert.equal(configError(() => loadPolicy({ path: `${dir}/broken.json` })).key, "policy.invalid_json");
    Deno.writeTextFileSync(
      `${dir}/bad.json`,
      JSON.stringify({ version: 2, principals: {}, roles: { r: { max_tier: 3 } } }),
    );
    const bad = configError(() => loadPolicy({ path: `${dir}/bad.json` }));
    assert.equal(bad.key, "policy.invalid");
    assert.match(String(bad.params.problems), /\$\.roles\.r\.max_tier/);
    assert.equal(configError(() => loadPolicy({ path: dir })).key, "policy.unreadable", "a directory");
    Deno.writeTextFileSync(
      `${dir}/ok.json`,
      JSON.stringify({ version: 1, default_action: "deny", allowed_tools: ["vm_list"] }),
    );
    assert.equal(loadPolicy({ path: `${dir}/ok.json` }).source, `${dir}/ok.json`);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
  assert.equal(configError(() => loadPolicy({ path: "builtin:nope" })).key, "policy.unknown_builtin");
  assert.equal(loadPolicy({}).source, "default");
});

Deno.test("The shipped policies are valid and mean what their names say", () => {
  for (const [name, doc] of Object.entries(BUILTIN_POLICIES)) {
    const result = validatePolicy(doc);
    assert.ok(result.ok, `${name}: ${result.ok ? "" : result.problems.join("; ")}`);
  }
  const ro = loadPolicy({ path: "builtin:read-only" });
  assert.equal(ro.allow(ro.localPrincipal(), TOOLS.vm_list), true);
  assert.equal(ro.allow(ro.localPrincipal(), TOOLS.vm_power), false);
  const op = loadPolicy({ path: "builtin:operator" });
  assert.equal(op.allow(op.localPrincipal(), TOOLS.vm_migrate), true);
  assert.equal(op.allow(op.localPrincipal(), TOOLS.vm_delete), false);
  const admin = loadPolicy({ path: "builtin:admin" });
  assert.equal(admin.allow(admin.localPrincipal(), TOOLS.vm_delete), true);
  const multi = loadPolicy({ path: "builtin:example-multi-user" });
  const bobby = multi.authenticate("example-bob-token");
  assert.equal(bobby?.id, "bob");
  assert.equal(multi.allow(bobby!, TOOLS.vm_list), true);
  assert.equal(multi.allow(bobby!, TOOLS.vm_power), false);
});
