import assert from "node:assert/strict";
import { connect, textOf } from "../../../tests/helpers/mcp.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import {
  envelope,
  obj,
  objects,
  previewThenConfirm,
  props,
  recordEnvelopes,
  validateAgainstWsdl,
} from "../vm/testing.ts";
import { simEnv } from "../../../tests/helpers/sim_env.ts";

const VM = "DC0_H0_VM1";

/** Snapshot names in the simulator's tree, depth-first, and the current snapshot's id. */
async function tree(client: VSphereClient, vm: string) {
  const info = obj((await props(client, "VirtualMachine", vm, ["snapshot"])).snapshot);
  const names: string[] = [];
  const walk = (nodes: ReturnType<typeof objects>) => {
    for (const n of nodes) {
      names.push(String(n.name));
      walk(objects(n.childSnapshotList));
    }
  };
  walk(objects(info?.rootSnapshotList));
  return { names, current: (obj(info?.currentSnapshot) as MoRef | undefined)?.value };
}

Deno.test("snapshot tools create, list, revert, remove and rename snapshots in the simulator", async (t) => {
  await using env = await simEnv(["default"]);
  const { sim, mcp, direct } = env;
  const sent = recordEnvelopes(mcp.app.vsphere());
  const listed = envelope(await mcp.call("snapshot_list", { vm: VM })) as unknown as {
    moref: string;
    total: number;
  };
  const vm = listed.moref;
  assert.equal(listed.total, 0);

  await t.step("snapshot_create previews without acting, then creates with memory", async () => {
    const done = await previewThenConfirm(
      mcp,
      "snapshot_create",
      { vm: VM, name: "base", description: "before patch", memory: true },
      async (preview) => {
        assert.equal(preview.preview?.tier, "medium");
        assert.equal(preview.preview?.method, "CreateSnapshot_Task");
        assert.deepEqual(preview.preview?.args, {
          name: "base",
          description: "before patch",
          memory: true,
          quiesce: false,
        });
        assert.deepEqual((await tree(direct, vm)).names, [], "the preview created nothing");
      },
    );
    const after = await tree(direct, vm);
    assert.deepEqual(after.names, ["base"]);
    assert.equal(done.result?.snapshot, after.current);
    await previewThenConfirm(mcp, "snapshot_create", { vm: VM, name: "patched" });
    await previewThenConfirm(mcp, "snapshot_create", { vm: VM, name: "tested" });
    assert.deepEqual((await tree(direct, vm)).names, ["base", "patched", "tested"]);
  });

  await t.step(
    "snapshot_list returns the tree with parents, depth, dates and the current one",
    async () => {
      const list = envelope(await mcp.call("snapshot_list", { vm })) as unknown as {
        total: number;
        current: string;
        snapshots: {
          id: string;
          name: string;
          depth: number;
          parent?: string;
          created?: string;
          current: boolean;
          description?: string;
          power_state?: string;
          size_mb?: number;
        }[];
      };
      assert.equal(list.total, 3);
      assert.deepEqual(list.snapshots.map((s) => [s.name, s.depth]), [["base", 0], ["patched", 1], [
        "tested",
        2,
      ]]);
      assert.equal(list.snapshots[1]?.parent, list.snapshots[0]?.id);
      assert.equal(list.snapshots[0]?.description, "before patch");
      assert.equal(list.snapshots[0]?.power_state, "poweredOn");
      assert.ok(!Number.isNaN(Date.parse(list.snapshots[0]?.created ?? "")));
      assert.equal(typeof list.snapshots[0]?.size_mb, "number");
      assert.equal(list.current, (await tree(direct, vm)).current);
      assert.ok(list.snapshots[2]?.current);
    },
  );

  await t.step(
    "snapshot_manage reverts to a named snapshot (high tier), then to the current one",
    async () => {
      const base = (await tree(direct, vm)).names.indexOf("base");
      assert.equal(base, 0);
      await previewThenConfirm(
        mcp,
        "snapshot_manage",
        { vm, action: "revert", snapshot: "base" },
        (p) => {
          assert.equal(p.preview?.tier, "high");
          assert.equal(p.preview?.method, "RevertToSnapshot_Task");
          assert.equal(p.preview?.targets[1]?.name, "base");
        },
      );
      const list = envelope(await mcp.call("snapshot_list", { vm })) as unknown as {
        snapshots: { id: string; name: string; current: boolean }[];
      };
      assert.equal((await tree(direct, vm)).current, list.snapshots.find((s) => s.name === "base")?.id);
      const current = await previewThenConfirm(mcp, "snapshot_manage", { vm, action: "revert" }, (p) => {
        assert.equal(p.preview?.method, "RevertToCurrentSnapshot_Task");
      });
      assert.equal(current.result?.task_state, "success");
    },
  );

  await t.step("snapshot_manage rename is built for vCenter (vcsim lacks RenameSnapshot)", async () => {
    const same = envelope(
      await mcp.call("snapshot_manage", { vm, action: "rename", snapshot: "base", new_name: "base" }),
    );
    assert.equal(same.status, "unchanged");
    const preview = envelope(
      await mcp.call("snapshot_manage", { vm, action: "rename", snapshot: "base", new_name: "golden" }),
    );
    assert.equal(preview.preview?.method, "RenameSnapshot");
    const result = await mcp.call("snapshot_manage", {
      vm,
      action: "rename",
      snapshot: "base",
      new_name: "golden",
      confirm: true,
      confirmation_handle: preview.confirmation_handle,
    });
    assert.equal(result.isError, true, "the simulator does not implement RenameSnapshot");
    assert.match(textOf(result), /RenameSnapshot/);
    assert.ok(
      sent.some((xml) => xml.includes("<RenameSnapshot ")),
      "the request was sent as vCenter expects",
    );
  });

  await t.step(
    "snapshot_manage consolidate changes nothing when vCenter says it is not needed",
    async () => {
      const result = envelope(await mcp.call("snapshot_manage", { vm, action: "consolidate" }));
      assert.equal(result.status, "unchanged");
      assert.match(result.result?.message ?? "", /does not need disk consolidation/);
    },
  );

  await t.step("snapshot_manage removes one snapshot with its children, then all", async () => {
    const ambiguous = await mcp.call("snapshot_manage", { vm, action: "remove", snapshot: "nope" });
    assert.equal(ambiguous.isError, true);
    assert.match(textOf(ambiguous), /base, patched, tested/);

    const removed = await previewThenConfirm(mcp, "snapshot_manage", {
      vm,
      action: "remove",
      snapshot: "patched",
      remove_children: true,
    }, async (p) => {
      assert.equal(p.preview?.method, "RemoveSnapshot_Task");
      assert.deepEqual(p.preview?.args, { removeChildren: true, consolidate: true });
      assert.equal((await tree(direct, vm)).names.length, 3);
    });
    assert.equal(removed.result?.removed, 2);
    assert.deepEqual((await tree(direct, vm)).names, ["base"]);

    await previewThenConfirm(mcp, "snapshot_create", { vm, name: "another" });
    const all = await previewThenConfirm(mcp, "snapshot_manage", { vm, action: "remove_all" });
    assert.equal(all.result?.removed, 2);
    assert.deepEqual((await tree(direct, vm)).names, []);
    const none = envelope(await mcp.call("snapshot_manage", { vm, action: "remove_all" }));
    assert.equal(none.status, "unchanged", "nothing to remove: says so");
  });

  await t.step("answers in Japanese when the server language is ja", async () => {
    await using ja = await connect({ target: sim.target() }, { lang: "ja" });
    const none = envelope(await ja.call("snapshot_manage", { vm, action: "remove_all" }));
    assert.equal(none.status, "unchanged");
    assert.match(none.result?.message ?? "", /スナップショットがありません/);
    const preview = envelope(await ja.call("snapshot_create", { vm, name: "jp" }));
    assert.match(preview.preview?.summary ?? "", /スナップショット "jp" を作成します/);
  });

  await t.step("the seed's names resolve and every request matches the vim25 WSDL", async () => {
    const viaAlias = envelope(await mcp.call("create_snapshot", { vm, name: "alias" }));
    assert.equal(viaAlias.status, "confirmation_required");
    const methods = await validateAgainstWsdl(sent);
    for (
      const m of ["CreateSnapshot_Task", "RevertToSnapshot_Task", "RemoveSnapshot_Task", "RenameSnapshot"]
    ) {
      assert.ok(methods.includes(m), `${m} in ${methods.join(",")}`);
    }
  });
});
