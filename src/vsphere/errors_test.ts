import assert from "node:assert/strict";
import { startVcsim } from "../../tests/helpers/vcsim.ts";
import { validateRequests } from "../../tests/helpers/wsdl.ts";
import { VSphereClient } from "./client.ts";
import { kindOfFault, VSphereError, type VSphereErrorKind } from "./errors.ts";
import { toObjectProps } from "./objects/property_collector.ts";
import { toTaskInfo } from "./objects/tasks.ts";
import { SoapClient } from "./soap/client.ts";
import type { MoRef, VimObject, VimValue } from "./soap/types.ts";
import { vim25Schema } from "./vim25/vim_schema.ts";

const FIXTURES = new URL("./testdata/faults/", import.meta.url);

interface Fixture {
  file: string;
  source: string;
  name: string;
  channel: "soap" | "task";
  method: string;
  this?: MoRef;
  args?: Record<string, VimValue>;
  task?: MoRef;
  status?: number;
}

const fixtures: Fixture[] = [
  ...JSON.parse(Deno.readTextFileSync(new URL("vcsim.json", FIXTURES))),
  ...JSON.parse(Deno.readTextFileSync(new URL("vcenter.json", FIXTURES))),
];
const bodyOf = (f: Fixture) => Deno.readTextFileSync(new URL(f.file, FIXTURES));

/** The taxonomy kind every recorded fault must map to. */
const EXPECTED: Record<string, VSphereErrorKind> = {
  NotAuthenticated: "NotAuthenticated",
  InvalidLogin: "InvalidLogin",
  NoPermission: "NoPermission",
  ManagedObjectNotFound: "NotFound",
  InvalidState: "InvalidState",
  InvalidPowerState: "InvalidState",
  TaskInProgress: "TaskInProgress",
  DuplicateName: "AlreadyExists",
  FileAlreadyExists: "AlreadyExists",
  InvalidArgument: "InvalidArgument",
  InvalidRequest: "InvalidArgument",
  NotSupported: "NotSupported",
  MethodNotFound: "NotSupported",
  RequestCanceled: "Timeout",
  Timedout: "Timeout",
};

/** A SOAP client whose "network" answers with one recorded response. */
function replay(f: Fixture): SoapClient {
  const body = bodyOf(f);
  const status = f.status ?? (f.channel === "soap" ? 500 : 200);
  return new SoapClient({
    baseUrl: new URL("https://vcenter.invalid"),
    roundTrip: () => Promise.resolve(new Response(body, { status, headers: { "content-type": "text/xml" } })),
    schema: vim25Schema,
    timeoutMs: 5_000,
    userAgent: "errors_test",
  });
}

/** Replays a fixture through the real client code: the SOAP call, or the task read that `waitForTask` does. */
async function errorOf(f: Fixture): Promise<VSphereError> {
  const soap = replay(f);
  if (f.channel === "soap") {
    const error = await soap.call(f.method, f.this!, f.args ?? {}).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof VSphereError, `${f.file}: a VSphereError`);
    return error;
  }
  const result = await soap.call("RetrievePropertiesEx", {
    type: "PropertyCollector",
    value: "propertyCollector",
  }, {
    specSet: [{
      _type: "PropertyFilterSpec",
      propSet: [{ _type: "PropertySpec", type: "Task", pathSet: ["info"] }],
      objectSet: [{ _type: "ObjectSpec", obj: f.task! }],
    }],
    options: { _type: "RetrieveOptions" },
  }) as { objects: VimObject[] };
  const info = toTaskInfo(f.task!, toObjectProps(result.objects[0]!).props.info as VimObject);
  assert.equal(info.state, "error", `${f.file}: the task failed`);
  return info.error!;
}

Deno.test("recorded faults of both channels map to the taxonomy with type, message and path", async () => {
  const covered = new Set<string>();
  for (const f of fixtures) {
    const error = await errorOf(f);
    assert.equal(error.faultType, f.name, f.file);
    assert.equal(error.kind, EXPECTED[f.name], `${f.file}: ${f.name} → ${EXPECTED[f.name]}`);
    const path = f.channel === "soap" ? f.method : String(error.path);
    assert.ok(path.length > 0 && error.message.includes(path), `${f.file}: names the request path`);
    covered.add(`${f.channel}:${error.kind}`);
    if (f.source.startsWith("hand-written")) {
      assert.ok(error.vcMessage.length > 0, `${f.file}: vCenter's message`);
    }
  }
  for (const kind of new Set(Object.values(EXPECTED))) {
    assert.ok(covered.has(`soap:${kind}`) || covered.has(`task:${kind}`), `a recorded fault for ${kind}`);
  }
  for (const kind of ["NoPermission", "TaskInProgress", "AlreadyExists", "InvalidState", "Timeout"]) {
    assert.ok(covered.has(`task:${kind}`), `a failed task for ${kind}`);
  }
  console.log(`${fixtures.length} recorded fault responses, ${covered.size} channel/kind pairs`);
});

Deno.test("NoPermission carries the privilege id and the object, also from vSphere 8's missingPrivileges", async () => {
  const byFile = (file: string) => errorOf(fixtures.find((f) => f.file === file)!);
  const classic = await byFile("vcenter-soap-NoPermission.xml");
  assert.equal(classic.details.privilegeId, "VirtualMachine.Interact.PowerOff");
  assert.deepEqual(classic.details.object, { type: "VirtualMachine", value: "vm-42" });
  const modern = await byFile("vcenter-soap-NoPermission-vsphere8.xml");
  assert.equal(modern.details.privilegeId, "Folder.Create");
  assert.deepEqual(modern.details.object, { type: "Folder", value: "group-v3" });
  assert.equal((modern.details.missingPrivileges as unknown[]).length, 2, "every missing privilege is kept");
  const task = await byFile("vcenter-task-NoPermission.xml");
  assert.equal(task.details.privilegeId, "VirtualMachine.Interact.PowerOff");
  assert.equal(task.path, "VirtualMachine.powerOff");
  const notAuth = await byFile("vcsim-soap-NotAuthenticated.xml");
  assert.equal(notAuth.details.privilegeId, "System.View");
});

Deno.test("kindOfFault() walks base types: subtypes nobody listed still land in the right kind", () => {
  assert.equal(kindOfFault("InvalidPowerState"), "InvalidState");
  assert.equal(kindOfFault("InvalidHostState"), "InvalidState");
  assert.equal(kindOfFault("VAppTaskInProgress"), "TaskInProgress");
  assert.equal(kindOfFault("InvalidDeviceSpec"), "InvalidArgument");
  assert.equal(kindOfFault("MethodNotFound"), "NotSupported", "nearer than its base InvalidRequest");
  assert.equal(kindOfFault("NotAuthenticated"), "NotAuthenticated", "nearer than its base NoPermission");
  assert.equal(kindOfFault("HostNotConnected"), "InvalidState");
  assert.equal(kindOfFault("InsufficientResourcesFault"), "Fault");
  assert.equal(kindOfFault("SomeFaultFromVSphere11"), "Fault");
});

Deno.test("hand-written vCenter fault bodies match the vim25 WSDL", async () => {
  const withNamespaces = (xml: string) =>
    xml.replace(
      /^<(\w+)/,
      `<$1 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"`,
    );
  const bodies = fixtures.filter((f) => f.source.startsWith("hand-written")).map((f) => {
    const body = bodyOf(f);
    // The fault detail (`<NoPermissionFault xsi:type=...>`) or the whole RetrievePropertiesExResponse.
    const detail = /<detail>(.*)<\/detail>/s.exec(body)?.[1];
    const response = /<soapenv:Body>\s*(.*?)\s*<\/soapenv:Body>/s.exec(body)![1]!;
    return { name: f.file, xml: withNamespaces(detail ?? response) };
  });
  assert.deepEqual(await validateRequests(bodies), []);
});

Deno.test("error text never contains credentials, cookies or raw SOAP", async () => {
  for (const f of fixtures) {
    const error = await errorOf(f);
    const text = `${error.message}\n${error.vcMessage}\n${JSON.stringify(error.details)}\n${
      JSON.stringify(error)
    }`;
    assert.doesNotMatch(text, /<\/?[A-Za-z]|soapenv|Envelope|vmware_soap_session="?\w/, f.file);
    const password = f.args?.password;
    if (typeof password === "string") assert.ok(!text.includes(password), `${f.file}: no password`);
  }
  const echo = await errorOf(fixtures.find((f) => f.file === "vcenter-soap-InvalidRequest-echo.xml")!);
  assert.match(echo.message, /Unable to parse request: unexpected element \[markup removed\]/);
  assert.doesNotMatch(echo.message, /hunter2|52a9c1d0e3/);
});

Deno.test("live simulator faults and failed tasks are typed, without the password or session cookie", async () => {
  await using sim = await startVcsim({ user: "admin", password: "live-Pa55word" });
  const bad = new VSphereClient(sim.target({ password: "not-the-Pa55word" }));
  const login = await bad.ensureSession().then(() => undefined, (e: unknown) => e);
  assert.ok(login instanceof VSphereError);
  assert.equal(login.kind, "InvalidLogin");
  assert.ok(!`${login.message}${JSON.stringify(login)}`.includes("not-the-Pa55word"));
  await bad.close();

  const client = new VSphereClient(sim.target());
  try {
    await client.ensureSession();
    const cookie = client.sessionCookie!.split("=")[1]!.replaceAll('"', "");
    const missing = await client.call("PowerOffVM_Task", { type: "VirtualMachine", value: "vm-424242" })
      .then(() => undefined, (e: unknown) => e);
    assert.ok(missing instanceof VSphereError);
    assert.equal(missing.kind, "NotFound");
    assert.deepEqual(missing.details.obj, { type: "VirtualMachine", value: "vm-424242" });
    assert.ok(!`${missing.message}${JSON.stringify(missing)}`.includes(cookie));
  } finally {
    await client.close();
  }
});
