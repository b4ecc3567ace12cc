import assert from "node:assert/strict";
import { connect, textOf } from "../../../tests/helpers/mcp.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { CONTRACT_CASES } from "./contract_cases.ts";
import { clientCodec, envelope, recordEnvelopes, validateAgainstWsdl } from "./testing.ts";

Deno.test("CONTRACT_CASES (methods vcsim lacks) match the vim25 WSDL", async () => {
  const { encoder } = clientCodec();
  const xml = CONTRACT_CASES.map((c) => encoder.envelope(c.method, c.this, c.args));
  const methods = await validateAgainstWsdl(xml);
  assert.deepEqual(methods, CONTRACT_CASES.map((c) => c.method));
  assert.match(
    xml[2]!,
    /<RenameSnapshot xmlns="urn:vim25"[^>]*><_this type="VirtualMachineSnapshot">snapshot-7<\/_this><name>golden<\/name><description>ok<\/description>/,
  );
});

Deno.test("validateAgainstWsdl() catches a request vCenter would refuse", async () => {
  const envelope = (body: string) =>
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
  const wrongOrder = envelope(
    `<ReconfigVM_Task xmlns="urn:vim25"><_this type="VirtualMachine">vm-1</_this><spec><memoryMB>512</memoryMB><numCPUs>2</numCPUs></spec></ReconfigVM_Task>`,
  );
  await assert.rejects(validateAgainstWsdl([wrongOrder]), /numCPUs.*not expected/);
  const unknownField = envelope(
    `<CreateSnapshot_Task xmlns="urn:vim25"><_this type="VirtualMachine">vm-1</_this><name>s</name><memory>false</memory><quiet>false</quiet><quiesce>false</quiesce></CreateSnapshot_Task>`,
  );
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
