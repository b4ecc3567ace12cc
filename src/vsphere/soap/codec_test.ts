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

const VM = { type: "VirtualMachine", value: "vm-1" };

Deno.test("SoapEncoder refuses what vCenter would refuse, naming the place", () => {
  const spec = (extra: Record<string, unknown>) => ({
    spec: { _type: "VirtualMachineConfigSpec", ...extra },
  });
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ["Frobnicate_Task", {}, /Unknown vim25 method "Frobnicate_Task"/],
    ["ReconfigVM_Task", spec({ numCpus: 2 }), /"numCpus" \(did you mean "numCPUs"\?\)/],
    ["ReconfigVM_Task", {}, /Missing required field "spec" in ReconfigVM_Task/],
    ["ReconfigVM_Task", spec({ numCPUs: "two" }), /ReconfigVM_Task\.spec\.numCPUs: expected int, got "two"/],
    ["ReconfigVM_Task", spec({ numCPUs: 1.5 }), /expected int/],
    [
      "ReconfigVM_Task",
      spec({ deviceChange: [{ _type: "VirtualDeviceConfigSpec", operation: "plug" }] }),
      /"plug" is not a valid VirtualDeviceConfigSpecOperation/,
    ],
    [
      "ReconfigVM_Task",
      spec({
        deviceChange: [{ _type: "VirtualDeviceConfigSpec", device: { _type: "VirtualMachineConfigSpec" } }],
      }),
      /deviceChange\[0\]\.device: VirtualMachineConfigSpec is not a VirtualDevice/,
    ],
    [
      "ReconfigVM_Task",
      spec({
        deviceChange: [{ _type: "VirtualDeviceConfigSpec", device: { _type: "VirtualDisk", key: 1 } }],
      }),
      /Missing required field "capacityInKB"/,
    ],
    ["ReconfigVM_Task", spec({ name: ["a", "b"] }), /spec\.name takes one value, not a list/],
    ["ReconfigVM_Task", spec({ files: "x" }), /expected a VirtualMachineFileInfo object/],
    [
      "ReconfigVM_Task",
      spec({ extraConfig: [{ _type: "OptionValue", key: "k", value: [] }] }),
      /cannot tell the array type/,
    ],
    ["ReconfigVM_Task", spec({ cpuAllocation: { _type: "NoSuchType" } }), /unknown data type "NoSuchType"/],
    ["PowerOnVM_Task", { host: "host-1" }, /PowerOnVM_Task\.host: expected a ManagedObjectReference object/],
  ];
  for (const [method, args, error] of cases) {
    assert.throws(
      () => encoder.body(method, VM, args as never),
      (e: unknown) => e instanceof TypeError && error.test(e.message),
      `${method} ${JSON.stringify(args)}`,
    );
  }
});

Deno.test("SoapEncoder types values in anyType slots and subtypes with xsi:type, and omits it when declared", () => {
  const xml = encoder.body("ReconfigVM_Task", VM, {
    spec: {
      _type: "VirtualMachineConfigSpec",
      deviceChange: [{
        _type: "VirtualDeviceConfigSpec",
        operation: "add",
        device: {
          _type: "VirtualDisk",
          key: -1,
          backing: { _type: "VirtualDiskFlatVer2BackingInfo", fileName: "", diskMode: "persistent" },
          connectable: { startConnected: true, allowGuestControl: false, connected: true },
          capacityInKB: 1024,
        },
      }],
      extraConfig: [
        { _type: "OptionValue", key: "s", value: "x" },
        { _type: "OptionValue", key: "l", value: 7 },
        { _type: "OptionValue", key: "i", value: { _type: "int", _value: 7 } },
        { _type: "OptionValue", key: "b", value: true },
        { _type: "OptionValue", key: "a", value: ["p", "q"] },
        { _type: "OptionValue", key: "n", value: { _type: "ArrayOfInt", _value: [1, 2] } },
        { _type: "OptionValue", key: "m", value: { type: "Datastore", value: "ds-1" } },
      ],
    },
  });
  assert.match(
    xml,
    /^<ReconfigVM_Task xmlns="urn:vim25" xmlns:xsd="[^"]+" xmlns:xsi="[^"]+"><_this type="VirtualMachine">vm-1<\/_this><spec>/,
  );
  assert.match(xml, /<deviceChange><operation>add<\/operation><device xsi:type="VirtualDisk"><key>-1<\/key>/);
  assert.match(
    xml,
    /<backing xsi:type="VirtualDiskFlatVer2BackingInfo"><fileName><\/fileName><diskMode>persistent<\/diskMode><\/backing>/,
  );
  assert.match(
    xml,
    /<connectable><startConnected>true<\/startConnected>/,
    "the declared type needs no xsi:type",
  );
  assert.ok(xml.indexOf("<connectable>") < xml.indexOf("<capacityInKB>"), "base-type fields first");
  assert.match(xml, /<value xsi:type="xsd:string">x<\/value>/);
  assert.match(xml, /<value xsi:type="xsd:long">7<\/value>/);
  assert.match(xml, /<value xsi:type="xsd:int">7<\/value>/);
  assert.match(xml, /<value xsi:type="xsd:boolean">true<\/value>/);
  assert.match(xml, /<value xsi:type="ArrayOfString"><string>p<\/string><string>q<\/string><\/value>/);
  assert.match(xml, /<value xsi:type="ArrayOfInt"><int>1<\/int><int>2<\/int><\/value>/);
  assert.match(xml, /<value xsi:type="ManagedObjectReference" type="Datastore">ds-1<\/value>/);
});

Deno.test("SoapDecoder follows the schema: lists of one, typed numbers, dateTime as text, enums, empty objects", () => {
  const xml = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"` +
    ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><RetrievePropertiesExResponse xmlns="urn:vim25">` +
    `<returnval><objects><obj type="VirtualMachine">vm-1</obj>` +
    `<propSet><name>config</name><val xsi:type="VirtualMachineConfigInfo"><changeVersion>1</changeVersion>` +
    `<modified>2025-06-02T09:14:03.218Z</modified><name>web-01</name><guestFullName>Linux</guestFullName>` +
    `<version>vmx-19</version><uuid>u</uuid><npivWorldWideNameType></npivWorldWideNameType>` +
    `<hardware><numCPU>2</numCPU><memoryMB>4096</memoryMB>` +
    `<device xsi:type="VirtualDisk"><key>2000</key><controllerKey>1000</controllerKey><capacityInKB>1048576</capacityInKB>` +
    `<iofilter>f1</iofilter></device></hardware>` +
    `<extraConfig><key>a</key><value xsi:type="xsd:string">b</value></extraConfig>` +
    `<defaultPowerOps/></val></propSet>` +
    `<propSet><name>runtime.powerState</name><val xsi:type="VirtualMachinePowerState">poweredOn</val></propSet>` +
    `<propSet><name>guest.net</name><val xsi:type="ArrayOfGuestNicInfo"><GuestNicInfo><network>VM Network</network>` +
    `<ipAddress>10.0.0.5</ipAddress><connected>true</connected><deviceConfigId>4000</deviceConfigId></GuestNicInfo></val></propSet>` +
    `</objects></returnval></RetrievePropertiesExResponse></soapenv:Body></soapenv:Envelope>`;
  const body = decoder.body(decoder.parse(xml))!;
  const result = decoder.returnValue("RetrievePropertiesEx", body["RetrievePropertiesExResponse"]![0]!) as {
    objects: { propSet: { name: string; val: Record<string, unknown> }[] }[];
  };
  const [config, power, net] = result.objects[0]!.propSet.map((p) => p.val);
  const hardware = config!.hardware as {
    numCPU: number;
    memoryMB: number;
    device: Record<string, unknown>[];
  };
  assert.equal(config!._type, "VirtualMachineConfigInfo");
  assert.equal(config!.modified, "2025-06-02T09:14:03.218Z", "dateTime stays ISO text");
  assert.equal(hardware.numCPU, 2);
  assert.equal(hardware.device.length, 1, "an array field with one element is a list");
  assert.deepEqual(hardware.device[0], {
    _type: "VirtualDisk",
    key: 2000,
    controllerKey: 1000,
    capacityInKB: 1048576,
    iofilter: ["f1"],
  });
  assert.deepEqual(config!.extraConfig, [{ key: "a", value: "b" }]);
  assert.deepEqual(config!.defaultPowerOps, {}, "an empty data object stays an object");
  assert.equal(config!.npivWorldWideNameType, "", "an empty string stays a string");
  assert.equal(power, "poweredOn");
  assert.deepEqual(net, [{
    network: "VM Network",
    ipAddress: ["10.0.0.5"],
    connected: true,
    deviceConfigId: 4000,
  }]);
});
