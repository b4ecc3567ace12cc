import assert from "node:assert/strict";
import { vim25Schema } from "../vim25/vim_schema.ts";
import { SoapDecoder } from "./decode.ts";
import { SoapEncoder } from "./encode.ts";

const encoder = new SoapEncoder(vim25Schema);
const decoder = new SoapDecoder(vim25Schema);

Deno.test("SoapEncoder.envelope() writes parameters in schema order with xsi:type on subtypes", () => {
  const xml = encoder.envelope("RetrievePropertiesEx", {
    type: "PropertyCollector",
    value: "propertyCollector",
  }, {
    options: { _type: "RetrieveOptions", maxObjects: 10 },
    specSet: [{
      _type: "PropertyFilterSpec",
      objectSet: [{
        _type: "ObjectSpec",
        obj: { type: "ContainerView", value: "session[1]view" },
        skip: true,
        selectSet: [{ _type: "TraversalSpec", name: "v", type: "ContainerView", path: "view", skip: false }],
      }],
      propSet: [{ _type: "PropertySpec", type: "VirtualMachine", pathSet: ["name", "runtime.powerState"] }],
    }],
  });
  assert.ok(xml.indexOf("<specSet>") < xml.indexOf("<options>"), "specSet before options");
  assert.ok(xml.indexOf("<propSet>") < xml.indexOf("<objectSet>"), "propSet before objectSet as in the WSDL");
  assert.match(xml, /<selectSet xsi:type="TraversalSpec"><name>v<\/name><type>ContainerView<\/type>/);
  assert.match(xml, /<obj type="ContainerView">session\[1\]view<\/obj>/);
  assert.match(xml, /<pathSet>name<\/pathSet><pathSet>runtime.powerState<\/pathSet>/);
});

Deno.test("SoapEncoder escapes text and refuses unknown parameters", () => {
  const xml = encoder.envelope("Login", { type: "SessionManager", value: "SessionManager" }, {
    userName: 'a<b>&"c"',
    password: "p",
  });
  assert.match(xml, /<userName>a&lt;b&gt;&amp;&quot;c&quot;<\/userName>/);
  assert.throws(
    () => encoder.envelope("Login", { type: "SessionManager", value: "x" }, { bogus: "1" }),
    /bogus/,
  );
});

Deno.test("SoapDecoder types values by xsi:type under any namespace prefix and keeps arrays", () => {
  const xml =
    `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>
    <RetrievePropertiesExResponse xmlns="urn:vim25"><returnval><objects><obj type="VirtualMachine">vm-1</obj>
    <propSet><name>config.hardware.numCPU</name><val XMLSchema-instance:type="xsd:int">4</val></propSet>
    </objects><token>t1</token></returnval></RetrievePropertiesExResponse></soapenv:Body></soapenv:Envelope>`;
  const body = decoder.body(decoder.parse(xml.replace(/>\s+</g, "><")))!;
  const value = decoder.returnValue("RetrievePropertiesEx", body["RetrievePropertiesExResponse"]![0]!) as {
    token: string;
    objects: { obj: unknown; propSet: { name: string; val: unknown }[] }[];
  };
  assert.equal(value.token, "t1");
  assert.equal(value.objects.length, 1, "one object still decodes as an array");
  assert.deepEqual(value.objects[0]!.obj, { type: "VirtualMachine", value: "vm-1" });
  assert.deepEqual(value.objects[0]!.propSet, [{ name: "config.hardware.numCPU", val: 4 }]);
});

Deno.test("SoapDecoder decodes ArrayOf values, MoRefs in anyType and booleans", () => {
  const xml = `<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<a xsi:type="ArrayOfManagedObjectReference"><ManagedObjectReference type="HostSystem">host-1</ManagedObjectReference></a>` +
    `<b xsi:type="ManagedObjectReference" type="Folder">group-d1</b><c xsi:type="xsd:boolean">true</c>` +
    `<d xsi:type="ArrayOfString"><string>x</string><string>y</string></d></r>`;
  const root = decoder.parse(xml)["r"]![0]!;
  const decoded = decoder.decodeNode(root, undefined) as Record<string, unknown>;
  assert.deepEqual(decoded.a, [{ type: "HostSystem", value: "host-1" }]);
  assert.deepEqual(decoded.b, { type: "Folder", value: "group-d1" });
  assert.equal(decoded.c, true);
  assert.deepEqual(decoded.d, ["x", "y"]);
});
