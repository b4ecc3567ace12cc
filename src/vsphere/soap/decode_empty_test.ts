import assert from "node:assert/strict";
import { clientCodec } from "../../tools/vm/testing.ts";

const XSI = `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`;

Deno.test("SoapDecoder keeps the xsi:type of an empty data object (e.g. CustomizationVirtualMachineName)", async () => {
  const { decoder, close } = clientCodec();
  const doc = decoder.parse(
    `<r ${XSI}><hostName xsi:type="CustomizationVirtualMachineName"></hostName><s xsi:type="VirtualMachinePowerState">poweredOn</s><e xsi:type="xsd:string"></e></r>`,
  );
  const root = doc.r as unknown as [Record<string, unknown[]>];
  const [hostName, state, empty] = [root[0].hostName![0], root[0].s![0], root[0].e![0]];
  assert.deepEqual(decoder.decodeNode(hostName as never, undefined), {
    _type: "CustomizationVirtualMachineName",
  });
  assert.equal(decoder.decodeNode(state as never, undefined), "poweredOn", "enums stay text");
  assert.equal(decoder.decodeNode(empty as never, undefined), "", "an empty string stays a string");
  await close();
});

Deno.test("SoapEncoder marks extraConfig (OptionValue) values with their xsd type", async () => {
  const { encoder, close } = clientCodec();
  const xml = encoder.envelope("ReconfigVM_Task", { type: "VirtualMachine", value: "vm-1" }, {
    spec: {
      _type: "VirtualMachineConfigSpec",
      extraConfig: [{ _type: "OptionValue", key: "a", value: "b" }],
    },
  });
  assert.match(
    xml,
    /<extraConfig( xsi:type="OptionValue")?><key>a<\/key><value xsi:type="xsd:string">b<\/value>/,
  );
  await close();
});
