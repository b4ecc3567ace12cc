import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { connectRecording } from "../../../tests/helpers/recording.ts";
import { confirm, preview } from "../../../tests/helpers/confirm.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { validateRequests } from "../../../tests/helpers/wsdl.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { VSphereError } from "../../vsphere/errors.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { guestCredential } from "./credentials.ts";
import { terminateArgs } from "./guest_process.ts";
import { guestParams, redactError, sendTransfer, transferUrl } from "./shared.ts";
import { SoapEncoder } from "../../vsphere/soap/encode.ts";
import { vim25Schema } from "../../vsphere/vim25/vim_schema.ts";

const VM = "DC0_H0_VM0";
const PASSWORD = "gu3st-Pa55word";

function envOf(values: Record<string, string>) {
  return { get: (key: string) => values[key] };
}

Deno.test("guest_info reports what VMware Tools reports, read straight from the VM's guest property", async () => {
  await using sim = await startVcsim();
  await using mcp = await connectRecording(sim.target(), ["guest"]);
  const direct = new VSphereClient(sim.target());
  try {
    const vm = await resolveEntity(direct, "VirtualMachine", VM);
    const guest = (await retrieveOne(direct, vm.ref, ["guest"])).guest as VimObject;
    const info = (await mcp.call("guest_info", { vm: VM })).structuredContent as Record<string, unknown>;
    assert.equal(info.moref, vm.ref.value);
    assert.equal(info.tools_status, guest.toolsStatus ?? null);
    assert.equal(info.tools_running, guest.toolsRunningStatus ?? null);
    assert.equal(info.os, guest.guestFullName || null);
    assert.equal(info.ip, guest.ipAddress || null);
    assert.equal((info.nics as unknown[]).length, Array.isArray(guest.net) ? guest.net.length : 0);
    assert.equal(info.power_state, "poweredOn");
  } finally {
    await direct.close();
  }
});

Deno.test("guestCredential reads the configured user and password, refuses open password files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/pw`;
    await Deno.writeTextFile(file, `${PASSWORD}\n`);
    await Deno.chmod(file, 0o600);
    const env = envOf({ VSPHERE_GUEST_OPS_USER: "root", VSPHERE_GUEST_OPS_PASSWORD_FILE: file });
    assert.deepEqual(guestCredential("ops", env), { name: "ops", user: "root", password: PASSWORD });
    await Deno.chmod(file, 0o644);
    assert.throws(
      () => guestCredential("ops", env),
      (e: Error) => e.message.includes("credential_file_open"),
    );
    assert.throws(
      () => guestCredential("nobody", env),
      (e: Error) => e.message.includes("credential_missing"),
    );
    assert.deepEqual(
      guestCredential("b", envOf({ VSPHERE_GUEST_B_USER: "u", VSPHERE_GUEST_B_PASSWORD: "p w" })).password,
      "p w",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("redactError removes the guest password from vCenter's message", () => {
  const credential = { name: "ops", user: "root", password: PASSWORD };
  const error = new VSphereError("InvalidLogin", {
    faultType: "InvalidGuestLogin",
    vcMessage: `Login failed for root with ${PASSWORD}`,
  });
  const redacted = redactError(error, credential) as VSphereError;
  assert.equal(redacted.kind, "InvalidLogin");
  assert.ok(!redacted.message.includes(PASSWORD));
  assert.match(redacted.vcMessage, /\[redacted\]/);
});

Deno.test("transfer URLs with host * go to vCenter over the client's own verified TLS", async () => {
  await using sim = await startVcsim();
  const client = new VSphereClient(sim.target());
  try {
    const url = transferUrl(client, "https://*/about");
    assert.equal(url.host, `${sim.host}:${sim.port}`);
    const response = await sendTransfer(client, new Request(url));
    assert.equal(response.status, 200);
    assert.ok(new TextDecoder().decode(response.body).includes("Method"), "the simulator's /about answered");
    assert.equal(transferUrl(client, "https://esx01.corp:443/guestFile?id=1").host, "esx01.corp");
  } finally {
    await client.close();
  }
});

Deno.test("guest operations send WSDL-valid requests with the configured credential, never echoing it", async () => {
  await using sim = await startVcsim();
  await using mcp = await connectRecording(sim.target(), ["guest"]);
  Deno.env.set("VSPHERE_GUEST_LINUXOPS_USER", "root");
  Deno.env.set("VSPHERE_GUEST_LINUXOPS_PASSWORD", PASSWORD);
  try {
    const base = { vm: VM, credential: "linuxops" };
    const outputs: string[] = [];

    const missing = await mcp.call("guest_process_list", { vm: VM, credential: "unset" });
    assert.equal(missing.isError, true);
    assert.match(textOf(missing), /VSPHERE_GUEST_UNSET_USER/);
    assert.equal(mcp.requests("ListProcessesInGuest").length, 0, "nothing is sent without a credential");

    // The simulator runs guest operations only for Docker-backed VMs: every call below reaches it and is
    // refused; what is checked is the exact request and that the password never comes back out.
    const processes = await mcp.call("guest_process_list", base);
    assert.equal(processes.isError, true);
    assert.match(textOf(processes), /MethodNotFound \(ListProcessesInGuest\)/);
    outputs.push(textOf(processes));

    const run = { ...base, program: "/bin/sh", arguments: "-c 'uptime > /tmp/up'", env: ["LANG=C"] };
    const p = await preview(mcp, "guest_process", run);
    assert.equal(p.preview?.method, "StartProgramInGuest");
    assert.equal(p.preview?.tier, "high");
    assert.match(p.preview?.summary ?? "", /as root/);
    assert.equal(mcp.requests("StartProgramInGuest").length, 0, "the preview sent nothing");
    outputs.push(JSON.stringify(p));
    const started = await mcp.call("guest_process", {
      ...run,
      confirm: true,
      confirmation_handle: p.confirmation_handle,
    });
    assert.match(textOf(started), /MethodNotFound \(StartProgramInGuest\)/);
    outputs.push(textOf(started));

    const list = await mcp.call("guest_file_read", {
      ...base,
      action: "list",
      path: "/etc",
      pattern: "^host",
    });
    assert.match(textOf(list), /MethodNotFound \(ListFilesInGuest\)/);
    const read = await mcp.call("guest_file_read", { ...base, action: "read", path: "/etc/hostname" });
    assert.match(textOf(read), /GuestOperationsUnavailable/);
    outputs.push(textOf(list), textOf(read));

    const write = { ...base, path: "/tmp/motd", content: "hello\n", overwrite: true };
    const w = await preview(mcp, "guest_file_write", write);
    assert.deepEqual(w.preview?.args, {
      path: "/tmp/motd",
      size: 6,
      sha256: "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03",
      overwrite: true,
    });
    const written = await confirm(mcp, "guest_file_write", write, w.confirmation_handle).catch((e) =>
      String(e)
    );
    assert.match(String(written), /GuestOperationsUnavailable/);
    outputs.push(JSON.stringify(w), String(written));

    const terminate = await mcp.call("guest_process", { ...base, action: "terminate", pid: 4242 });
    assert.match(
      textOf(terminate),
      /MethodNotFound \(ListProcessesInGuest\)/,
      "the state is read before acting",
    );
    assert.equal(mcp.requests("TerminateProcessInGuest").length, 0);
    outputs.push(textOf(terminate));

    for (
      const args of [
        { action: "make_directory", path: "/opt/app/conf" },
        { action: "delete_file", path: "/tmp/motd" },
        { action: "delete_directory", path: "/opt/old", recursive: true },
        { action: "move_file", path: "/tmp/a", destination: "/tmp/b", overwrite: true },
        { action: "move_directory", path: "/opt/a", destination: "/opt/b" },
      ]
    ) {
      const m = await preview(mcp, "guest_file_manage", { ...base, ...args });
      assert.equal(m.preview?.tier, "high");
      const done = await mcp.call("guest_file_manage", {
        ...base,
        ...args,
        confirm: true,
        confirmation_handle: m.confirmation_handle,
      });
      assert.match(textOf(done), new RegExp(`MethodNotFound \\(${m.preview?.method}\\)`));
      outputs.push(JSON.stringify(m), textOf(done));
    }

    for (const text of outputs) assert.ok(!text.includes(PASSWORD), `the password leaked: ${text}`);
    const methods = [
      "StartProgramInGuest",
      "ListFilesInGuest",
      "InitiateFileTransferFromGuest",
      "InitiateFileTransferToGuest",
      "MakeDirectoryInGuest",
      "DeleteFileInGuest",
      "DeleteDirectoryInGuest",
      "MoveFileInGuest",
      "MoveDirectoryInGuest",
    ];
    const bodies = methods.flatMap((m) => mcp.requests(m));
    assert.equal(bodies.length, methods.length);
    bodies.push(...mcp.requests("ListProcessesInGuest"));
    // TerminateProcessInGuest is never reached here (the process list comes first): its body is built the
    // way guestCall builds it and checked too.
    const vmRef = { type: "VirtualMachine", value: "vm-42" };
    bodies.push({
      name: "TerminateProcessInGuest",
      xml: new SoapEncoder(vim25Schema).body(
        "TerminateProcessInGuest",
        { type: "GuestProcessManager", value: "guestOperationsProcessManager" },
        guestParams(
          { vm: { ref: vmRef, name: VM }, credential: guestCredential("linuxops") },
          terminateArgs(4242),
        ),
      ),
    });
    for (const body of bodies) {
      assert.match(body.xml, /<auth xsi:type="NamePasswordAuthentication">/);
      assert.ok(body.xml.includes(`<password>${PASSWORD}</password>`), "only vCenter gets the password");
    }
    assert.deepEqual(await validateRequests(bodies), []);
  } finally {
    Deno.env.delete("VSPHERE_GUEST_LINUXOPS_USER");
    Deno.env.delete("VSPHERE_GUEST_LINUXOPS_PASSWORD");
  }
});
