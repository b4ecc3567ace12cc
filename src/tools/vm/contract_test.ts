import assert from "node:assert/strict";
import { connect, textOf } from "../../../tests/helpers/mcp.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { SoapEncoder } from "../../vsphere/soap/encode.ts";
import { bootstrapSchema } from "../../vsphere/vim25/bootstrap_schema.ts";
import { CONTRACT_CASES } from "./contract_cases.ts";
import { envelope, recordEnvelopes, validateAgainstWsdl } from "./testing.ts";

Deno.test("CONTRACT_CASES (methods vcsim lacks) match the vim25 WSDL", async () => {
  const encoder = new SoapEncoder(bootstrapSchema);
  const xml = CONTRACT_CASES.map((c) => encoder.envelope(c.method, c.this, c.args));
  const methods = await validateAgainstWsdl(xml);
  assert.deepEqual(methods, CONTRACT_CASES.map((c) => c.method));
  assert.match(
    xml[2]!,
    /<RenameSnapshot xmlns="urn:vim25"><_this type="VirtualMachineSnapshot">snapshot-7<\/_this><name>golden<\/name><description>ok<\/description>/,
  );
});

Deno.test("validateAgainstWsdl() catches a request vCenter would refuse", async () => {
  const encoder = new SoapEncoder(bootstrapSchema);
  const wrongOrder = encoder.envelope("ReconfigVM_Task", { type: "VirtualMachine", value: "vm-1" }, {
    spec: { _type: "VirtualMachineConfigSpec", memoryMB: 512, numCPUs: 2 },
  });
  await assert.rejects(validateAgainstWsdl([wrongOrder]), /numCPUs.*not expected/);
  const unknownField = encoder.envelope("CreateSnapshot_Task", { type: "VirtualMachine", value: "vm-1" }, {
    name: "s",
    memory: false,
    quiesce: false,
  }).replace("<quiesce>", "<quiet>false</quiet><quiesce>");
  await assert.rejects(validateAgainstWsdl([unknownField]), /quiet/);
});

Deno.test("vm_power reboot_guest and standby_guest send WSDL-valid requests (vcsim lacks both)", async () => {
  await using sim = await startVcsim();
  await using mcp = await connect({ target: sim.target() });
  const sent = recordEnvelopes(mcp.app.vsphere());
  for (const action of ["reboot_guest", "standby_guest"]) {
    const preview = envelope(await mcp.call("vm_power", { vm: "DC0_H0_VM0", action }));
    assert.equal(preview.preview?.method, action === "reboot_guest" ? "RebootGuest" : "StandbyGuest");
    const result = await mcp.call("vm_power", {
      vm: "DC0_H0_VM0",
      action,
      confirm: true,
      confirmation_handle: preview.confirmation_handle,
    });
    // vcsim 0.24 does not implement these guest operations; vCenter does (with VMware Tools running).
    assert.equal(result.isError, true, textOf(result));
  }
  const methods = await validateAgainstWsdl(sent);
  assert.ok(methods.includes("RebootGuest") && methods.includes("StandbyGuest"), methods.join(","));
});
