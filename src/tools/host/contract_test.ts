import assert from "node:assert/strict";
import { methodElement, validateCases } from "../../../tests/helpers/wsdl_validate.ts";
import { HOST_CONTRACT_CASES } from "./contract_cases.ts";

Deno.test({
  name: "host requests the simulator lacks validate against the vim25 WSDL",
  async fn() {
    const results = await validateCases(HOST_CONTRACT_CASES);
    for (const [name, outcome] of results) assert.equal(outcome, "ok", `${name}: ${outcome}`);
  },
});

Deno.test({
  name: "the WSDL check rejects a request with an element the WSDL does not declare",
  async fn() {
    const [good] = HOST_CONTRACT_CASES;
    const bad = { ...good!, name: "swapped", args: { force: true, extra: "x" } };
    // With a full schema table the encoder itself refuses the unknown parameter; either way it never passes.
    const outcome = await validateCases([bad]).then((r) => r.get("swapped")).catch((e) => String(e));
    assert.notEqual(outcome, "ok");
  },
});

Deno.test("host_add's request puts HostConnectSpec fields and asConnected in the WSDL's order", () => {
  const add = HOST_CONTRACT_CASES.find((c) => c.method === "AddHost_Task")!;
  const xml = methodElement(add);
  assert.match(
    xml,
    /<spec(?: xsi:type="HostConnectSpec")?><hostName>esx01.example<\/hostName><port>443<\/port>/,
  );
  assert.match(xml, /<force>false<\/force><\/spec><asConnected>true<\/asConnected>/);
});

Deno.test("update_portgroup sends the current policy back typed, without the empty parts", () => {
  const update = HOST_CONTRACT_CASES.find((c) => c.method === "UpdatePortGroup")!;
  const xml = methodElement(update);
  assert.match(xml, /<vlanId>20<\/vlanId><vswitchName>vSwitch0<\/vswitchName><policy/);
  assert.match(xml, /<notifySwitches>true<\/notifySwitches><rollingOrder>false<\/rollingOrder>/);
  assert.match(xml, /<nicOrder[^>]*><activeNic>vmnic0<\/activeNic><\/nicOrder>/);
  assert.doesNotMatch(xml, /<security|<offloadPolicy|<shapingPolicy/);
});
