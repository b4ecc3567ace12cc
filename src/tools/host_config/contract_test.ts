import assert from "node:assert/strict";
import { methodElement, validateCases } from "../../../tests/helpers/wsdl_validate.ts";
import { HOST_CONFIG_CONTRACT_CASES } from "./contract_cases.ts";

Deno.test({
  name: "host configuration requests validate against the vim25 WSDL",
  async fn() {
    const results = await validateCases(HOST_CONFIG_CONTRACT_CASES);
    for (const [name, outcome] of results) assert.equal(outcome, "ok", `${name}: ${outcome}`);
    assert.equal(results.size, HOST_CONFIG_CONTRACT_CASES.length, "case names are unique");
  },
});

Deno.test("UpdateDnsConfig sends no server list when DNS comes from DHCP", () => {
  const dhcp = HOST_CONFIG_CONTRACT_CASES.find((c) => c.name === "host_dns from DHCP")!;
  const xml = methodElement(dhcp);
  assert.match(
    xml,
    /<dhcp>true<\/dhcp><virtualNicDevice>vmk0<\/virtualNicDevice><hostName>esx01<\/hostName>/,
  );
  assert.doesNotMatch(xml, /<address>/);
});

Deno.test("host_vswitch_policy changes only the asked fields and maps failback to rollingOrder", () => {
  const update = HOST_CONFIG_CONTRACT_CASES.find((c) => c.method === "UpdateVirtualSwitch")!;
  const xml = methodElement(update);
  assert.match(
    xml,
    /<numPorts>128<\/numPorts><bridge[^>]*><nicDevice>vmnic0<\/nicDevice><nicDevice>vmnic1<\/nicDevice>/,
  );
  assert.match(
    xml,
    /<policy>loadbalance_ip<\/policy><notifySwitches>true<\/notifySwitches><rollingOrder>true<\/rollingOrder>/,
  );
  assert.match(xml, /<checkBeacon>true<\/checkBeacon>/);
  assert.match(xml, /<activeNic>vmnic0<\/activeNic><standbyNic>vmnic1<\/standbyNic>/);
  assert.match(xml, /<macChanges>true<\/macChanges>/);
  assert.match(xml, /<mtu>1500<\/mtu>/);
});
