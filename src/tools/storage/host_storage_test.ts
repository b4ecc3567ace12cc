import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { preview, structured } from "../../../tests/helpers/confirm.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { asObject, asObjects, str } from "../shared/vim_values.ts";

const HOST = { type: "HostSystem", value: "host-21" }; // DC0_H0

function setup() {
  return simEnv(["storage"]);
}

async function lunPolicies(direct: VSphereClient): Promise<string[]> {
  const info = asObject((await retrieveOne(direct, HOST, ["config.storageDevice"]))["config.storageDevice"]);
  return asObjects(asObject(info.multipathInfo).lun).map((l) => str(asObject(l.policy).policy)!);
}

Deno.test("storage_device_list reads devices, multipathing, adapters and iSCSI of a host", async () => {
  await using env = await setup();
  const { mcp } = env;
  const devices = structured(await mcp.call("storage_device_list", { host: "DC0_H0" })) as unknown as {
    devices: { canonical_name: string; type: string; capacity_gb: number | null; vaai: string }[];
  };
  const disk = devices.devices.find((d) => d.canonical_name === "mpx.vmhba0:C0:T0:L0")!;
  assert.equal(disk.type, "disk");
  assert.match(disk.vaai, /^vStorage(Supported|Unsupported|Unknown)$/);
  assert.ok(devices.devices.some((d) => d.type === "cdrom"));

  const mp = structured(
    await mcp.call("storage_device_list", { host: "DC0_H0", action: "multipath" }),
  ) as unknown as {
    multipath: {
      canonical_name: string;
      policy: string;
      storage_array_type: string;
      paths: { name: string }[];
    }[];
  };
  const lun = mp.multipath.find((m) => m.canonical_name === "mpx.vmhba0:C0:T0:L0")!;
  assert.equal(lun.policy, "VMW_PSP_FIXED");
  assert.equal(lun.paths[0]!.name, "vmhba0:C0:T0:L0");
  assert.deepEqual(mp.multipath.map((m) => m.policy), await lunPolicies(env.direct));

  const adapters = structured(
    await mcp.call("storage_device_list", { host: "DC0_H0", action: "adapters" }),
  ) as unknown as {
    adapters: { device: string; driver: string }[];
  };
  assert.deepEqual(adapters.adapters.map((a) => a.device), ["vmhba0", "vmhba1", "vmhba64"]);

  const iscsi = structured(
    await mcp.call("storage_device_list", { host: "DC0_H0", action: "iscsi" }),
  ) as unknown as {
    iscsi: unknown[];
    software_iscsi_enabled: boolean;
  };
  assert.deepEqual(iscsi.iscsi, []);
  assert.equal(iscsi.software_iscsi_enabled, false);
});

Deno.test("host_storage_config previews a path policy change; vcsim lacks SetMultipathLunPolicy and nothing changes", async () => {
  await using env = await setup();
  const { mcp, direct } = env;
  const before = await lunPolicies(direct);
  const args = {
    host: "DC0_H0",
    action: "multipath_policy",
    lun: "mpx.vmhba0:C0:T0:L0",
    path_policy: "VMW_PSP_RR",
  };
  const p = await preview(mcp, "host_storage_config", args);
  assert.equal(p.preview?.tier, "high");
  assert.equal(p.preview?.method, "HostStorageSystem.SetMultipathLunPolicy");
  assert.equal(p.preview?.targets[0]?.state?.policy, "VMW_PSP_FIXED");
  const done = await mcp.call("host_storage_config", {
    ...args,
    confirm: true,
    confirmation_handle: p.confirmation_handle,
  });
  assert.equal(done.isError, true);
  assert.match(textOf(done), /not supported/i);
  assert.deepEqual(await lunPolicies(direct), before);

  const same = structured(await mcp.call("host_storage_config", { ...args, path_policy: "VMW_PSP_FIXED" }));
  assert.equal(same.status, "unchanged");

  const notIscsi = await mcp.call("host_storage_config", {
    host: "DC0_H0",
    action: "iscsi_add_static_target",
    adapter: "vmhba0",
    address: "10.0.0.5",
    iqn: "iqn.x",
  });
  assert.equal(notIscsi.isError, true);
  assert.match(textOf(notIscsi), /not an iSCSI adapter/);

  const krb = await preview(mcp, "host_storage_config", {
    host: "DC0_H0",
    action: "nfs_kerberos_set",
    nfs_user: "nfs-esx01@CORP.EXAMPLE",
    nfs_password: "kerberos-pw-1",
  });
  assert.equal(krb.preview?.method, "HostDatastoreSystem.SetNFSUser");
  assert.ok(!JSON.stringify(krb).includes("kerberos-pw-1"), "the NFS password is never previewed");

  const chap = await preview(mcp, "host_storage_config", { host: "DC0_H0", action: "iscsi_enable" });
  assert.equal(chap.preview?.method, "HostStorageSystem.UpdateSoftwareInternetScsiEnabled");
});

Deno.test("datastore_io previews SIOC and unmap with the datastore's state; vcsim lacks both methods", async () => {
  await using env = await setup();
  const { mcp } = env;
  const sioc = await preview(mcp, "datastore_io", {
    datastore: "LocalDS_0",
    action: "sioc",
    enabled: true,
    congestion_threshold_ms: 30,
  });
  assert.equal(sioc.preview?.method, "ConfigureDatastoreIORM_Task");
  assert.equal(sioc.preview?.tier, "medium");
  const refused = await mcp.call("datastore_io", {
    datastore: "LocalDS_0",
    action: "sioc",
    enabled: true,
    congestion_threshold_ms: 30,
    confirm: true,
    confirmation_handle: sioc.confirmation_handle,
  });
  assert.equal(refused.isError, true);
  const notVmfs = await mcp.call("datastore_io", { datastore: "LocalDS_0", action: "unmap", host: "DC0_H0" });
  assert.equal(notVmfs.isError, true);
  assert.match(textOf(notVmfs), /not a VMFS datastore/);
});

Deno.test("vmfs_datastore asks vCenter for the layout first; vcsim has no QueryVmfsDatastoreCreateOptions", async () => {
  await using env = await setup();
  const out = await env.mcp.call("vmfs_datastore", {
    host: "DC0_H0",
    action: "create",
    disk: "mpx.vmhba0:C0:T0:L0",
    name: "vmfs-new",
  });
  assert.equal(out.isError, true);
  assert.match(textOf(out), /not supported/i);
  const missing = await env.mcp.call("vmfs_datastore", {
    host: "DC0_H0",
    action: "create",
    disk: "naa.nope",
    name: "x",
  });
  assert.equal(missing.isError, true);
  assert.match(textOf(missing), /No disk named "naa.nope"/);
});
