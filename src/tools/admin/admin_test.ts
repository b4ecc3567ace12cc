import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { preview, previewThenConfirm, structured } from "../../../tests/helpers/confirm.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { asArray, asObjects, num, str } from "../shared/vim_values.ts";

async function setup() {
  const env = await simEnv(["admin"]);
  const { direct } = env;
  const content = await direct.serviceContent();
  return {
    ...env,
    auth: content.authorizationManager as MoRef,
    async roles() {
      return asObjects(
        (await retrieveOne(direct, content.authorizationManager as MoRef, ["roleList"])).roleList,
      );
    },
  };
}

Deno.test("role_list and privilege_list read the real role and privilege lists", async () => {
  await using env = await setup();
  const { mcp } = env;
  const direct = await env.roles();
  const listed = structured(await mcp.call("role_list", {})) as unknown as {
    roles: { id: number; name: string; system: boolean }[];
  };
  assert.equal(listed.roles.length, direct.length);
  const admin = listed.roles.find((r) => r.name === "Admin");
  assert.equal(admin?.id, -1);
  assert.equal(admin?.system, true);

  const privs = structured(
    await mcp.call("privilege_list", { id: "VirtualMachine.Interact.Power*" }),
  ) as unknown as {
    privileges: { id: string; group: string }[];
  };
  assert.deepEqual(privs.privileges.map((p) => p.id), [
    "VirtualMachine.Interact.PowerOff",
    "VirtualMachine.Interact.PowerOn",
  ]);
  const readOnly = structured(await mcp.call("privilege_list", { role: "ReadOnly" })) as unknown as {
    total: number;
  };
  const ro = direct.find((r) => r.name === "ReadOnly")!;
  assert.equal(readOnly.total, asArray(ro.privilege).length);
});

Deno.test("role creates, updates and deletes a role for real; system roles are refused", async () => {
  await using env = await setup();
  const { mcp } = env;
  const create = {
    action: "create",
    name: "vm-operator",
    privileges: ["System.View", "VirtualMachine.Interact.PowerOn"],
  };
  const { first, done } = await previewThenConfirm(mcp, "role", create, async () => {
    assert.ok(!(await env.roles()).some((r) => r.name === "vm-operator"), "the preview changed nothing");
  });
  assert.equal(first.preview?.tier, "high");
  const id = Number(done.result?.role_id);
  const created = (await env.roles()).find((r) => num(r.roleId) === id);
  assert.equal(str(created?.name), "vm-operator", "the role really exists");
  assert.ok(asArray(created?.privilege).includes("VirtualMachine.Interact.PowerOn"));

  const update = {
    action: "update",
    role: "vm-operator",
    name: "vm-ops",
    add_privileges: ["VirtualMachine.Interact.PowerOff"],
  };
  const upd = await previewThenConfirm(mcp, "role", update);
  assert.match(upd.first.preview?.summary ?? "", /add: VirtualMachine.Interact.PowerOff/);
  const updated = (await env.roles()).find((r) => num(r.roleId) === id);
  assert.equal(str(updated?.name), "vm-ops");
  assert.ok(
    asArray(updated?.privilege).includes("VirtualMachine.Interact.PowerOff"),
    "the privilege really was added",
  );

  const same = structured(
    await mcp.call("role", {
      action: "update",
      role: String(id),
      add_privileges: ["VirtualMachine.Interact.PowerOff"],
    }),
  );
  assert.equal(same.status, "unchanged");
  const replace = structured(
    await mcp.call("role", {
      action: "update",
      role: "vm-ops",
      privileges: ["VirtualMachine.Interact.PowerOn", "VirtualMachine.Interact.PowerOff"],
    }),
  );
  assert.equal(
    replace.status,
    "unchanged",
    "the System.* privileges vCenter keeps in every role are not a change",
  );

  await previewThenConfirm(mcp, "role", { action: "delete", role: "vm-ops" });
  assert.ok(!(await env.roles()).some((r) => num(r.roleId) === id), "the role really is gone");

  const system = await mcp.call("role", { action: "delete", role: "Admin" });
  assert.equal(system.isError, true);
  assert.match(textOf(system), /system role/);
  const unknown = await mcp.call("role", { action: "create", name: "x", privileges: ["No.Such.Privilege"] });
  assert.equal(unknown.isError, true);
});

Deno.test("permission sets and removes a real permission; permission_list and privilege_check read them", async () => {
  await using env = await setup();
  const { mcp, direct, auth } = env;
  const dc = { type: "Datacenter", value: "datacenter-2" };
  const onDc = async () =>
    asObjects(await direct.call("RetrieveEntityPermissions", auth, { entity: dc, inherited: false }))
      .filter((p) => p.principal === "ops@vsphere.local");

  const set = { action: "set", entity: "DC0", principal: "ops@vsphere.local", role: "ReadOnly" };
  const { first } = await previewThenConfirm(mcp, "permission", set, async () => {
    assert.equal((await onDc()).length, 0, "the preview changed nothing");
  });
  assert.equal(first.preview?.targets[0]?.ref.value, dc.value);
  const granted = await onDc();
  assert.equal(granted.length, 1, "the permission really exists");
  assert.equal(num(granted[0]?.roleId), -2);
  assert.equal(structured(await mcp.call("permission", set)).status, "unchanged");

  const listed = structured(
    await mcp.call("permission_list", { entity: "DC0", principal: "ops" }),
  ) as unknown as {
    permissions: { principal: string; role: string; entity_name: string }[];
  };
  assert.deepEqual(listed.permissions.map((p) => [p.principal, p.role, p.entity_name]), [[
    "ops@vsphere.local",
    "ReadOnly",
    "DC0",
  ]]);

  await previewThenConfirm(mcp, "permission", {
    action: "remove",
    entity: "DC0",
    principal: "ops@vsphere.local",
  });
  assert.equal((await onDc()).length, 0, "the permission really is gone");
  assert.equal(
    structured(
      await mcp.call("permission", { action: "remove", entity: "DC0", principal: "ops@vsphere.local" }),
    ).status,
    "unchanged",
  );

  const check = structured(
    await mcp.call("privilege_check", {
      entities: ["DC0", "/"],
      privileges: ["VirtualMachine.Interact.PowerOff", "Datastore.Browse"],
    }),
  ) as unknown as { user: string; results: { entity: string; entity_name: string; granted: string[] }[] };
  assert.equal(check.user, "user");
  assert.deepEqual(check.results.map((r) => r.entity_name), ["DC0", "/"]);
  assert.deepEqual(check.results[0]?.granted, ["VirtualMachine.Interact.PowerOff", "Datastore.Browse"]);

  const other = structured(
    await mcp.call("privilege_check", {
      entities: ["DC0"],
      user: "ops@vsphere.local",
      privileges: ["System.View", "Nope.Nope"],
    }),
  ) as unknown as {
    results: { granted: string[]; denied: string[] }[];
  };
  assert.deepEqual(other.results[0]?.granted, ["System.View"]);
  assert.deepEqual(other.results[0]?.denied, ["Nope.Nope"]);
});

Deno.test("session_list hides keys; session terminates another session for real but never its own", async () => {
  await using env = await setup();
  const { mcp, direct, sim } = env;
  const victim = new VSphereClient(sim.target({ user: "victim" }));
  try {
    await victim.serviceContent();
    await victim.ensureSession();
    const sm = (await direct.serviceContent()).sessionManager as MoRef;
    const keyOf = async (user: string) =>
      asObjects((await retrieveOne(direct, sm, ["sessionList"])).sessionList).find((s) => s.userName === user)
        ?.key;
    const victimKey = str(await keyOf("victim"))!;
    assert.ok(victimKey);

    const list = await mcp.call("session_list", {});
    assert.ok(!textOf(list).includes(victimKey), "session keys are never shown");
    const sessions =
      (structured(list) as unknown as { sessions: { session: string; user: string; current: boolean }[] })
        .sessions;
    const mine = sessions.find((s) => s.current)!;
    const target = sessions.find((s) => s.user === "victim")!;
    assert.ok(mine && target);

    const own = await mcp.call("session", { action: "terminate", sessions: [mine.session] });
    assert.equal(own.isError, true);
    assert.match(textOf(own), /own session/);

    const args = { action: "terminate", sessions: [target.session] };
    const { first } = await previewThenConfirm(mcp, "session", args, async () => {
      assert.equal(await keyOf("victim"), victimKey, "the preview changed nothing");
    });
    assert.equal(first.preview?.tier, "high");
    assert.ok(!JSON.stringify(first).includes(victimKey));
    assert.equal(await keyOf("victim"), undefined, "the session really is gone");
    assert.equal(structured(await mcp.call("session", args)).status, "unchanged");
  } finally {
    await victim.close();
  }
});

Deno.test("license adds, labels and removes a license for real; keys are masked", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  const lm = (await direct.serviceContent()).licenseManager as MoRef;
  const installed = async () => asObjects((await retrieveOne(direct, lm, ["licenses"])).licenses);
  const key = "AB12C-DE34F-GH56I-JK78L-MN90P";

  const add = { action: "add", license: key };
  const { first } = await previewThenConfirm(mcp, "license", add, async () => {
    assert.ok(!(await installed()).some((l) => l.licenseKey === key));
  });
  assert.ok(!JSON.stringify(first).includes(key), "the key is masked in the preview");
  assert.ok((await installed()).some((l) => l.licenseKey === key), "the license really is installed");
  assert.equal(structured(await mcp.call("license", add)).status, "unchanged");

  const list = await mcp.call("license_list", {});
  assert.ok(!textOf(list).includes(key));
  assert.ok(textOf(list).includes("XXXXX-XXXXX-XXXXX-XXXXX-MN90P"));

  await previewThenConfirm(mcp, "license", {
    action: "label",
    license: "MN90P",
    label_key: "owner",
    label_value: "ops",
  });
  const labels = asObjects((await installed()).find((l) => l.licenseKey === key)?.labels);
  assert.deepEqual(labels.map((l) => [l.key, l.value]), [["owner", "ops"]], "the label really is set");

  await previewThenConfirm(mcp, "license", { action: "remove", license: "XXXXX-XXXXX-XXXXX-XXXXX-MN90P" });
  assert.ok(!(await installed()).some((l) => l.licenseKey === key), "the license really is gone");

  const assignments = structured(await mcp.call("license_list", { entity: "DC0_H0" })) as unknown as {
    assignments: { entity_id: string; license: string }[];
  };
  assert.equal(
    assignments.assignments[0]?.entity_id,
    "host-21",
    "QueryAssignedLicenses was asked about that host",
  );
  const evalKey = str((await installed())[0]?.licenseKey)!;
  assert.ok(!JSON.stringify(assignments).includes(evalKey), "assigned keys are masked too");
  assert.equal(assignments.assignments[0]?.license, `XXXXX-XXXXX-XXXXX-XXXXX-${evalKey.slice(-5)}`);

  const assign = { action: "assign", license: key, entity: "DC0_H0" };
  await previewThenConfirm(mcp, "license", { action: "add", license: key });
  const assignPreview = await preview(mcp, "license", assign);
  assert.equal(assignPreview.preview?.method, "UpdateAssignedLicense");
  assert.equal(assignPreview.preview?.args?.entity, "host-21");
  const assigned = await mcp.call("license", {
    ...assign,
    confirm: true,
    confirmation_handle: assignPreview.confirmation_handle,
  });
  assert.equal(
    assigned.isError,
    true,
    "vcsim lacks UpdateAssignedLicense (checked against the WSDL instead)",
  );

  const bad = await mcp.call("license", { action: "add", license: "MN90P" });
  assert.equal(bad.isError, true, "adding needs a full key");
  assert.match(textOf(bad), /full license key/);
});
