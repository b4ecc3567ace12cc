import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { connectRecording } from "../../../tests/helpers/recording.ts";
import { confirm, preview, previewAndConfirm } from "../../../tests/helpers/confirm.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { validateRequests } from "../../../tests/helpers/wsdl.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import type { MoRef, VimObject } from "../../vsphere/soap/types.ts";

async function getSpec(client: VSphereClient, name: string): Promise<VimObject> {
  const manager = (await client.serviceContent()).customizationSpecManager as MoRef;
  return await client.call("GetCustomizationSpec", manager, { name }) as VimObject;
}

Deno.test("customization_spec creates a Linux spec that vCenter really stores, then overwrites it", async () => {
  await using sim = await startVcsim();
  await using mcp = await connectRecording(sim.target(), ["customization"]);
  const direct = new VSphereClient(sim.target());
  try {
    const listed = (await mcp.call("customization_spec_list", {})).structuredContent as {
      specs: { name: string }[];
    };
    assert.deepEqual(listed.specs.map((s) => s.name), [
      "vcsim-linux",
      "vcsim-linux-static",
      "vcsim-windows-domain",
      "vcsim-windows-static",
    ]);

    const create = {
      action: "create_linux",
      name: "web-linux",
      description: "web tier",
      hostname: "web*",
      domain: "corp.example",
      timezone: "Asia/Tokyo",
      dns_servers: ["10.0.0.53"],
      dns_suffixes: ["corp.example"],
      nics: [{ ip: "10.0.1.20", subnet_mask: "255.255.255.0", gateway: ["10.0.1.1"] }, { ip: "dhcp" }],
    };
    const p = await preview(mcp, "customization_spec", create);
    assert.equal(p.preview?.method, "CreateCustomizationSpec");
    assert.equal(p.preview?.tier, "high");
    await assert.rejects(getSpec(direct, "web-linux"), /NotFound/, "the preview changed nothing");
    const done = await confirm(mcp, "customization_spec", create, p.confirmation_handle);
    assert.equal((done.spec as { hostname: string }).hostname, "web*");

    const stored = await getSpec(direct, "web-linux");
    const info = stored.info as VimObject;
    assert.deepEqual([info.name, info.type, info.description], ["web-linux", "Linux", "web tier"]);
    const spec = stored.spec as VimObject;
    const identity = spec.identity as VimObject;
    assert.equal(identity._type, "CustomizationLinuxPrep", "vCenter really has the spec");
    assert.deepEqual(identity.hostName, { _type: "CustomizationPrefixName", base: "web" });
    assert.equal(identity.domain, "corp.example");
    assert.equal(identity.timeZone, "Asia/Tokyo");
    assert.deepEqual((spec.globalIPSettings as VimObject).dnsServerList, ["10.0.0.53"]);
    const nics = spec.nicSettingMap as VimObject[];
    assert.deepEqual((nics[0]!.adapter as VimObject).ip as VimObject, {
      _type: "CustomizationFixedIp",
      ipAddress: "10.0.1.20",
    });
    assert.equal(((nics[1]!.adapter as VimObject).ip as VimObject)._type, "CustomizationDhcpIpGenerator");

    const again = (await mcp.call("customization_spec", create)).structuredContent as { status: string };
    assert.equal(again.status, "unchanged", "an existing spec is left alone without overwrite");

    const got = (await mcp.call("customization_spec_list", { name: "web-linux" })).structuredContent as {
      spec: { os: string; domain: string; nics: { ip: string }[] };
    };
    assert.deepEqual([got.spec.os, got.spec.domain, got.spec.nics.map((n) => n.ip)], [
      "linux",
      "corp.example",
      ["10.0.1.20", "dhcp"],
    ]);

    const overwrite = { ...create, domain: "lab.example", nics: undefined, overwrite: true };
    const o = await previewAndConfirm(mcp, "customization_spec", overwrite);
    assert.equal(o.preview.preview?.method, "OverwriteCustomizationSpec");
    const replaced = (await getSpec(direct, "web-linux")).spec as VimObject;
    assert.equal((replaced.identity as VimObject).domain, "lab.example", "really replaced");
    assert.equal((replaced.nicSettingMap as VimObject[]).length, 1);

    const missing = await mcp.call("customization_spec_list", { name: "nope" });
    assert.equal(missing.isError, true);
    assert.deepEqual(
      await validateRequests([
        ...mcp.requests("CreateCustomizationSpec"),
        ...mcp.requests("OverwriteCustomizationSpec"),
        ...mcp.requests("GetCustomizationSpec"),
      ]),
      [],
    );
  } finally {
    await direct.close();
  }
});

Deno.test("customization_spec takes Windows passwords from named server credentials, never from arguments", async () => {
  await using sim = await startVcsim();
  await using mcp = await connectRecording(sim.target(), ["customization"]);
  const direct = new VSphereClient(sim.target());
  const secret = "S3cret-admin-pw!";
  Deno.env.set("VSPHERE_GUEST_CUSTADMIN_USER", "Administrator");
  Deno.env.set("VSPHERE_GUEST_CUSTADMIN_PASSWORD", secret);
  try {
    const create = {
      action: "create_windows",
      name: "win-std",
      timezone: "235",
      org: "Example",
      workgroup: "LAB",
      admin_credential: "custadmin",
    };
    const p = await preview(mcp, "customization_spec", create);
    assert.ok(!JSON.stringify(p).includes(secret), "the preview never shows the password");
    assert.equal(p.preview?.args?.admin_credential, "custadmin");
    const done = await confirm(mcp, "customization_spec", create, p.confirmation_handle);
    assert.ok(!JSON.stringify(done).includes(secret), "nor does the result");
    assert.equal((done.spec as { admin_password_set: boolean }).admin_password_set, true);

    const identity = ((await getSpec(direct, "win-std")).spec as VimObject).identity as VimObject;
    assert.equal(identity._type, "CustomizationSysprep");
    const gui = identity.guiUnattended as VimObject;
    assert.equal(gui.timeZone, 235);
    assert.deepEqual(gui.password, { value: secret, plainText: true }, "vCenter got the configured password");
    assert.equal((identity.identification as VimObject).joinWorkgroup, "LAB");
    assert.equal((identity.userData as VimObject).orgName, "Example");

    const unknown = await mcp.call("customization_spec", {
      ...create,
      name: "x",
      admin_credential: "nobody",
    });
    assert.equal(unknown.isError, true);
    assert.match(textOf(unknown), /VSPHERE_GUEST_NOBODY_USER/);
    const needsCred = await mcp.call("customization_spec", {
      ...create,
      name: "y",
      join_domain: "corp.example",
    });
    assert.match(textOf(needsCred), /domain_credential/);

    // The simulator has no Duplicate/Rename/DeleteCustomizationSpec: preview, request shape and the typed
    // outcome are checked.
    for (const action of ["duplicate", "rename"]) {
      const copy = { action, name: "win-std", new_name: `win-${action}` };
      const c = await preview(mcp, "customization_spec", copy);
      const outcome = await mcp.call("customization_spec", {
        ...copy,
        confirm: true,
        confirmation_handle: c.confirmation_handle,
      });
      assert.match(textOf(outcome), new RegExp(`MethodNotFound \\(${c.preview?.method}\\)`));
    }
    const taken =
      (await mcp.call("customization_spec", { action: "rename", name: "win-std", new_name: "vcsim-linux" }))
        .structuredContent as { status: string };
    assert.equal(taken.status, "unchanged", "an existing target name is left alone");
    // The simulator has no DeleteCustomizationSpec: preview, request shape and the typed outcome are checked.
    const del = { action: "delete", name: "win-std" };
    const d = await preview(mcp, "customization_spec", del);
    assert.equal(d.preview?.method, "DeleteCustomizationSpec");
    const outcome = await mcp.call("customization_spec", {
      ...del,
      confirm: true,
      confirmation_handle: d.confirmation_handle,
    });
    assert.match(textOf(outcome), /MethodNotFound \(DeleteCustomizationSpec\)/);
    const absent = (await mcp.call("customization_spec", { action: "delete", name: "nope" }))
      .structuredContent as {
        status: string;
      };
    assert.equal(absent.status, "unchanged");
    const bodies = [
      ...mcp.requests("CreateCustomizationSpec"),
      ...mcp.requests("DuplicateCustomizationSpec"),
      ...mcp.requests("RenameCustomizationSpec"),
      ...mcp.requests("DeleteCustomizationSpec"),
    ];
    assert.equal(bodies.length, 4);
    assert.deepEqual(await validateRequests(bodies), []);
  } finally {
    Deno.env.delete("VSPHERE_GUEST_CUSTADMIN_USER");
    Deno.env.delete("VSPHERE_GUEST_CUSTADMIN_PASSWORD");
    await direct.close();
  }
});
