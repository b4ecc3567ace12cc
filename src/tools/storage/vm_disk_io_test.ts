import assert from "node:assert/strict";
import { connect } from "../../../tests/helpers/mcp.ts";
import { previewThenConfirm, structured } from "../../../tests/helpers/confirm.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { validateRequests } from "../../../tests/helpers/wsdl.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { asObject, asObjects, num, str } from "../shared/vim_values.ts";
import { diskIoSpec } from "./vm_disk_io.ts";

Deno.test("vm_disk_io sets a disk's IOPS limit and shares for real; the request validates against the WSDL", async () => {
  const sim = await startVcsim();
  const mcp = await connect({ target: sim.target(), toolsets: ["storage"] });
  const direct = new VSphereClient(sim.target());
  try {
    let vm: MoRef | undefined;
    for await (const v of retrieveView(direct, { type: "VirtualMachine", paths: ["name"] })) {
      if (v.props.name === "DC0_H0_VM0") vm = v.ref;
    }
    const disk = async () =>
      asObjects((await retrieveOne(direct, vm!, ["config.hardware.device"]))["config.hardware.device"])
        .find((d) => d._type === "VirtualDisk")!;
    const args = { vm: "DC0_H0_VM0", limit_iops: 500, shares: "high" };
    const { first, done } = await previewThenConfirm(mcp, "vm_disk_io", args, async () => {
      assert.notEqual(
        num(asObject((await disk()).storageIOAllocation).limit),
        500,
        "the preview changed nothing",
      );
    });
    assert.equal(first.preview?.method, "ReconfigVM_Task");
    assert.equal(first.preview?.tier, "medium");
    const io = asObject((await disk()).storageIOAllocation);
    assert.equal(num(io.limit), 500, "the limit really is set");
    assert.equal(str(asObject(io.shares).level), "high");
    assert.equal(num(asObject(io.shares).shares), 2000);
    assert.equal(done.result?.limit_iops, 500);
    assert.equal(structured(await mcp.call("vm_disk_io", args)).status, "unchanged");

    const body = direct.soap.encoder.body("ReconfigVM_Task", vm!, {
      spec: diskIoSpec(await disk(), { limitIops: -1, shares: 1500 }),
    });
    assert.deepEqual(await validateRequests([{ name: "disk io", xml: body }]), []);
    assert.match(
      body,
      /<storageIOAllocation><limit>-1<\/limit><shares><shares>1500<\/shares><level>custom<\/level>/,
    );
  } finally {
    await direct.close();
    await mcp.close();
    await sim.stop();
  }
});
