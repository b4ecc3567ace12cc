import assert from "node:assert/strict";
import { connect, textOf } from "../../../tests/helpers/mcp.ts";
import { preview, previewThenConfirm } from "../../../tests/helpers/confirm.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { findLocalUser } from "./host_local_user.ts";
import { resolveSecret } from "./secrets.ts";

const PASSWORD = "Sup3r-s3cret-pw!";

Deno.test("host_local_user creates, updates and removes a real ESXi account; the password never leaves the server", async () => {
  const dir = await Deno.makeTempDir();
  const audit = `${dir}/audit.jsonl`;
  await using sim = await startVcsim({ model: { esx: true } });
  const mcp = await connect({ target: sim.target(), toolsets: ["host_config"], auditLog: audit });
  const direct = new VSphereClient(sim.target());
  Deno.env.set("VSPHERE_SECRET_SVC_BACKUP", PASSWORD);
  let closed = false;
  try {
    const args = {
      action: "create",
      user: "svc-backup",
      password_ref: "env:SVC_BACKUP",
      shell_access: false,
    };
    const { first, done } = await previewThenConfirm(mcp, "host_local_user", args, async () => {
      assert.equal(await findLocalUser(direct, "svc-backup"), false, "the preview created nothing");
    });
    assert.equal(first.preview?.tier, "high");
    assert.equal(first.preview?.method, "HostLocalAccountManager.CreateUser");
    assert.match(first.preview?.summary ?? "", /read on the server from env:SVC_BACKUP/);
    assert.equal(first.preview?.targets[0]?.name, "localhost.localdomain", "the ESXi host's own name");
    assert.equal(done.result?.exists, true);
    assert.equal(await findLocalUser(direct, "svc-backup"), true, "the account really exists on the host");

    const again = await mcp.call("host_local_user", args);
    assert.match(textOf(again), /already exists; use action update/);

    await previewThenConfirm(mcp, "host_local_user", {
      action: "update",
      user: "svc-backup",
      password_ref: "env:SVC_BACKUP",
      description: "Backup service",
    });
    const removed = await previewThenConfirm(mcp, "host_local_user", {
      action: "remove",
      user: "svc-backup",
    });
    assert.equal(removed.done.result?.exists, false);
    assert.equal(await findLocalUser(direct, "svc-backup"), false, "the account is really gone");

    const root = await mcp.call("host_local_user", { action: "remove", user: "root" });
    assert.match(textOf(root), /root account cannot be removed/);

    await mcp.close();
    closed = true;
    const log = await Deno.readTextFile(audit);
    assert.match(log, /HostLocalAccountManager\.CreateUser/, "the audit log has the calls");
    assert.ok(!log.includes(PASSWORD), "the password is not in the audit log");
    assert.ok(!JSON.stringify([first, done]).includes(PASSWORD), "nor in the preview or result");
  } finally {
    Deno.env.delete("VSPHERE_SECRET_SVC_BACKUP");
    if (!closed) await mcp.close();
    await direct.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("host_local_user refuses to work through vCenter; host_domain previews a join without the password", async () => {
  await using sim = await startVcsim();
  await using mcp = await connect({ target: sim.target(), toolsets: ["host_config"] });
  Deno.env.set("VSPHERE_SECRET_AD_JOIN", PASSWORD);
  try {
    const viaVc = await mcp.call("host_local_user", { action: "remove", user: "bob" });
    assert.match(textOf(viaVc), /only be managed on a connection to the ESXi host itself/);

    const args = {
      host: "DC0_H0",
      action: "join",
      domain: "corp.example",
      user: "joiner",
      password_ref: "env:AD_JOIN",
    };
    const first = await preview(mcp, "host_domain", args);
    assert.equal(first.preview?.tier, "high");
    assert.equal(first.preview?.method, "HostActiveDirectoryAuthentication.JoinDomain_Task");
    assert.deepEqual(first.preview?.args, {
      domain: "corp.example",
      user: "joiner",
      password_ref: "env:AD_JOIN",
    });
    const done = await mcp.call("host_domain", {
      ...args,
      confirm: true,
      confirmation_handle: first.confirmation_handle,
    });
    assert.equal(done.isError, true, "vcsim has no HostActiveDirectoryAuthentication");
    assert.ok(!JSON.stringify([first, done]).includes(PASSWORD));
    const missing = await mcp.call("host_domain", { host: "DC0_H0", action: "join", domain: "corp.example" });
    assert.match(textOf(missing), /needs user/);
    const leave = await mcp.call("host_domain", { host: "DC0_H0", action: "leave" });
    assert.equal(
      (leave.structuredContent as { status: string }).status,
      "unchanged",
      "not joined: nothing to leave",
    );
  } finally {
    Deno.env.delete("VSPHERE_SECRET_AD_JOIN");
  }
});

Deno.test("resolveSecret() reads env and file references and refuses others", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/ad`, "file-pw\n", { mode: 0o600 });
    await Deno.writeTextFile(`${dir}/open`, "x-pw", { mode: 0o644 });
    await Deno.chmod(`${dir}/open`, 0o644);
    const env = (name: string) =>
      ({ VSPHERE_SECRET_A: "env-pw", VSPHERE_SECRETS_DIR: dir } as Record<string, string>)[name];
    assert.equal(resolveSecret("env:A", env), "env-pw");
    assert.equal(resolveSecret("file:ad", env), "file-pw");
    assert.throws(() => resolveSecret("file:open", env), /secret_file_mode/);
    assert.throws(() => resolveSecret("file:../etc/passwd", env), /secret_ref_invalid/);
    assert.throws(() => resolveSecret("env:B", env), /secret_missing/);
    assert.throws(() => resolveSecret("/etc/shadow", env), /secret_ref_invalid/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
