import assert from "node:assert/strict";
import { connect } from "../../../tests/helpers/mcp.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { ref } from "../shared/vim_values.ts";

Deno.test("datastore_storage_info describes an NFS 4.1 datastore (server, export, version)", async () => {
  const sim = await startVcsim();
  const mcp = await connect({ target: sim.target(), toolsets: ["storage"] });
  const direct = new VSphereClient(sim.target());
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/krbds`);
    const host = { type: "HostSystem", value: "host-21" };
    const dss = ref(
      (await retrieveOne(direct, host, ["configManager.datastoreSystem"]))["configManager.datastoreSystem"],
    )!;
    await direct.call("CreateNasDatastore", dss, {
      spec: {
        _type: "HostNasVolumeSpec",
        remoteHost: "nfs.example",
        remotePath: "/exports/vm",
        localPath: `${dir}/krbds`,
        accessMode: "readWrite",
        type: "NFS41",
      },
    });
    const info = (await mcp.call("datastore_storage_info", { datastore: "krbds" })).structuredContent as {
      type: string;
      backing: {
        kind: string;
        nfs?: { remote_host: string; remote_path: string; version: string; security: string };
      };
    };
    assert.equal(info.backing.kind, "nfs");
    assert.equal(info.backing.nfs?.remote_host, "nfs.example");
    assert.equal(info.backing.nfs?.remote_path, "/exports/vm");
    assert.equal(info.backing.nfs?.version, "NFS41");
    // vcsim keeps neither securityType nor the host mount of a NAS datastore: the default (AUTH_SYS) shows.
    assert.equal(info.backing.nfs?.security, "AUTH_SYS");
  } finally {
    await direct.close();
    await mcp.close();
    await sim.stop();
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
});
