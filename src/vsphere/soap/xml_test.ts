import assert from "node:assert/strict";
import { vim25Schema } from "../vim25/vim_schema.ts";
import { childEntries, SoapDecoder } from "./decode.ts";
import { parseXml, XmlSyntaxError } from "./xml.ts";

const decoder = new SoapDecoder(vim25Schema);

Deno.test("parseXml() builds the tree: repeated children, attributes, entities, CDATA, comments", () => {
  const doc = parseXml(
    `<?xml version="1.0"?><!-- c --><r a='1 > 0' b="&lt;&amp;&#34;&#x41;"><x>one</x><x/><y k="v">t&gt;</y>` +
      `<z><![CDATA[<raw & text>]]></z></r>`,
  );
  const r = doc.r![0] as Record<string, unknown>;
  assert.equal(r["@a"], "1 > 0");
  assert.equal(r["@b"], '<&"A');
  assert.deepEqual(r.x, ["one", ""]);
  assert.deepEqual(r.y, [{ "@k": "v", "#text": "t>" }]);
  assert.deepEqual(r.z, ["<raw & text>"]);
});

Deno.test("parseXml() refuses what is not well-formed, and any DOCTYPE (no entity expansion)", () => {
  for (
    const bad of [
      "<a><b></a>",
      "<a>",
      "<a x=1/>",
      `<!DOCTYPE a [<!ENTITY e "boom">]><a>&e;</a>`,
      "text<a/>",
    ]
  ) {
    assert.throws(() => parseXml(bad), XmlSyntaxError, bad);
  }
  assert.deepEqual(decoder.parse("<html><br></html>"), {}, "the client then reports: not a SOAP envelope");
});

const RESPONSE = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<soapenv:Header><operationID>x</operationID></soapenv:Header>
<soapenv:Body><RetrievePropertiesExResponse xmlns="urn:vim25"><returnval>
<objects><obj type="VirtualMachine">vm-1</obj>
<propSet><name>config.hardware.numCPU</name><val xsi:type="xsd:int">4</val></propSet>
<propSet><name>config.template</name><val xsi:type="xsd:boolean">false</val></propSet>
<propSet><name>network</name><val xsi:type="ArrayOfManagedObjectReference"><ManagedObjectReference type="Network">net-1</ManagedObjectReference></val></propSet>
<propSet><name>name</name><val xsi:type="xsd:string">a &amp; b</val></propSet>
<propSet><name>config.annotation</name><val xsi:type="xsd:string"></val></propSet>
</objects>
<objects><obj type="VirtualMachine">vm-2</obj><missingSet><path>guest</path><fault><fault xsi:type="NoPermission"><privilegeId>System.Read</privilegeId></fault></fault></missingSet></objects>
<token>t1</token></returnval></RetrievePropertiesExResponse></soapenv:Body></soapenv:Envelope>`;

function viaTree(xml: string, method: string) {
  const body = decoder.body(decoder.parse(xml))!;
  const [name, nodes] = childEntries(body)[0]!;
  if (name === "Fault") return "fault";
  return decoder.returnValue(method, nodes[0]!);
}

Deno.test("decodeResponse() gives exactly the tree path's values, arrays of one included", () => {
  const direct = decoder.decodeResponse(RESPONSE, "RetrievePropertiesEx");
  assert(direct);
  assert.deepEqual(direct.value, viaTree(RESPONSE, "RetrievePropertiesEx"));
  const value = direct.value as { objects: { propSet?: { val: unknown }[]; missingSet?: unknown[] }[] };
  assert.equal(value.objects.length, 2);
  assert.deepEqual(value.objects[0]!.propSet!.map((p) => p.val), [
    4,
    false,
    [{ type: "Network", value: "net-1" }],
    "a & b",
    "",
  ]);
  assert.equal(value.objects[1]!.missingSet!.length, 1, "a list of one stays a list");
});

Deno.test("decodeResponse() leaves faults and non-envelopes to the tree path", () => {
  const fault = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>` +
    `<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>no</faultstring></soapenv:Fault>` +
    `</soapenv:Body></soapenv:Envelope>`;
  assert.equal(decoder.decodeResponse(fault, "RetrievePropertiesEx"), undefined);
  assert.equal(decoder.decodeResponse("<html>busy</html>", "RetrievePropertiesEx"), undefined);
  assert.equal(decoder.decodeResponse("not xml <", "RetrievePropertiesEx"), undefined);
  const empty = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>` +
    `<LogoutResponse xmlns="urn:vim25"/></soapenv:Body></soapenv:Envelope>`;
  assert.deepEqual(decoder.decodeResponse(empty, "Logout"), { value: undefined });
});
