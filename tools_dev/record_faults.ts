/**
 * Records real fault responses from the simulator — SOAP faults and failed tasks' `info.error` — into
 * src/vsphere/testdata/faults/ for the fault-mapping tests (errors_test.ts replays them through the real
 * SOAP client). Faults vcsim cannot produce (NoPermission, TaskInProgress, Timedout, ...) are kept there
 * as hand-written files in vCenter's wire format, validated against the WSDL by the same test.
 *
 *   deno run -A tools_dev/record_faults.ts
 */
import { startVcsim, type Vcsim } from "../tests/helpers/vcsim.ts";
import { VSphereClient } from "../src/vsphere/client.ts";
import { retrieveOne } from "../src/vsphere/objects/retrieve.ts";
import { waitForTask } from "../src/vsphere/objects/tasks.ts";
import type { MoRef, VimValue } from "../src/vsphere/soap/types.ts";
import { createRoundTripper, type RoundTripper } from "../src/vsphere/transport.ts";

export const FIXTURES = new URL("../src/vsphere/testdata/faults/", import.meta.url);

/** One recorded failure: how it was provoked and the raw HTTP response. */
export interface Recording {
  name: string;
  channel: "soap" | "task";
  /** The failing SOAP call (channel soap), or the task's method (channel task; the body is the task read). */
  method: string;
  this: MoRef;
  args: Record<string, VimValue>;
  /** channel task: the Task whose info was read. */
  task?: MoRef;
  status: number;
  body: string;
}

interface Scenario {
  name: string;
  channel: "soap" | "task";
  method: string;
  this: MoRef;
  args: Record<string, VimValue>;
  /** Puts the simulator into the state that makes the call fail. */
  before?: () => Promise<void>;
}

function recorder(inner: RoundTripper): RoundTripper & { last: { status: number; body: string } } {
  const send = (async (request: Request) => {
    const response = await inner(request);
    send.last = { status: response.status, body: await response.clone().text() };
    return response;
  }) as RoundTripper & { last: { status: number; body: string } };
  send.last = { status: 0, body: "" };
  send.close = () => inner.close?.();
  return send;
}

/** Provokes every fault the simulator can produce and returns the raw responses. */
export async function recordFaults(): Promise<Recording[]> {
  const out: Recording[] = [];
  {
    await using sim = await startVcsim({ user: "admin", password: "s3cret-Pa55" });
    const rt = recorder(createRoundTripper(sim.target().tls));
    const client = new VSphereClient(sim.target({ password: "wrong-Pa55" }), { roundTrip: rt });
    const content = await client.serviceContent();
    const args = { userName: "admin", password: "wrong-Pa55" };
    await client.soap.call("Login", content.sessionManager, args).catch(() => undefined);
    out.push({
      name: "InvalidLogin",
      channel: "soap",
      method: "Login",
      this: content.sessionManager,
      args,
      ...rt.last,
    });
    await client.close();
  }
  await using sim = await startVcsim();
  out.push(...await scenarios(sim));
  return out;
}

async function scenarios(sim: Vcsim): Promise<Recording[]> {
  const rt = recorder(createRoundTripper(sim.target().tls));
  const client = new VSphereClient(sim.target(), { roundTrip: rt });
  const content = await client.serviceContent();
  const out: Recording[] = [];

  // Before login: every method but a few needs a session.
  const viewArgs = { container: content.rootFolder, type: ["VirtualMachine"], recursive: true };
  await client.soap.call("CreateContainerView", content.viewManager, viewArgs).catch(() => undefined);
  out.push({
    name: "NotAuthenticated",
    channel: "soap",
    method: "CreateContainerView",
    this: content.viewManager,
    args: viewArgs,
    ...rt.last,
  });

  await client.ensureSession();
  const vm = { type: "VirtualMachine", value: "vm-58" };
  const other = { type: "VirtualMachine", value: "vm-61" };
  const props = await retrieveOne(client, vm, ["parent", "resourcePool", "config.files.vmPathName"]);
  const session = (await retrieveOne(client, content.sessionManager, ["currentSession"])).currentSession as {
    key: string;
  };
  const folder = props.parent as MoRef;
  const dc = { type: "Datacenter", value: "datacenter-2" };
  const off = async (ref: MoRef) => {
    const task = await client.call("PowerOffVM_Task", ref) as MoRef;
    await waitForTask(client, task, { pollMs: 10 }).catch(() => undefined);
  };
  const list: Scenario[] = [
    {
      name: "ManagedObjectNotFound",
      channel: "soap",
      method: "PowerOffVM_Task",
      this: { type: "VirtualMachine", value: "vm-99999" },
      args: {},
    },
    {
      name: "InvalidPowerState",
      channel: "soap",
      method: "ShutdownGuest",
      this: vm,
      args: {},
      before: () => off(vm),
    },
    {
      name: "InvalidPowerState",
      channel: "task",
      method: "PowerOffVM_Task",
      this: vm,
      args: {},
    },
    {
      name: "InvalidState",
      channel: "soap",
      method: "PowerOnVM_Task",
      this: other,
      args: {},
      before: async () => {
        await off(other);
        await client.call("MarkAsTemplate", other);
      },
    },
    {
      name: "DuplicateName",
      channel: "soap",
      method: "CreateFolder",
      this: content.rootFolder,
      args: { name: "DC0" },
    },
    {
      name: "FileAlreadyExists",
      channel: "soap",
      method: "MakeDirectory",
      this: content.fileManager as MoRef,
      args: { name: "[LocalDS_0] DC0_H0_VM0", datacenter: dc, createParentDirectories: false },
    },
    {
      name: "FileAlreadyExists",
      channel: "task",
      method: "CreateVM_Task",
      this: folder,
      args: {
        config: {
          _type: "VirtualMachineConfigSpec",
          name: "copy-of-vm0",
          guestId: "otherGuest64",
          files: { _type: "VirtualMachineFileInfo", vmPathName: String(props["config.files.vmPathName"]) },
        },
        pool: props.resourcePool as MoRef,
      },
    },
    {
      name: "InvalidArgument",
      channel: "soap",
      method: "TerminateSession",
      this: content.sessionManager,
      args: { sessionId: [session.key] },
    },
    {
      name: "MethodNotFound",
      channel: "soap",
      method: "ContinueRetrievePropertiesEx",
      this: content.propertyCollector,
      args: { token: "0" },
    },
    {
      name: "NotSupported",
      channel: "soap",
      method: "CreateStoragePod",
      this: folder,
      args: { name: "pod-in-vm-folder" },
    },
    {
      name: "NotSupported",
      channel: "task",
      method: "CreateVM_Task",
      this: folder,
      args: {
        config: {
          _type: "VirtualMachineConfigSpec",
          name: "bad-version",
          version: "vmx-latest",
          files: { _type: "VirtualMachineFileInfo", vmPathName: "[LocalDS_0]" },
        },
        pool: props.resourcePool as MoRef,
      },
    },
  ];
  for (const s of list) {
    await s.before?.();
    if (s.channel === "soap") {
      await client.soap.call(s.method, s.this, s.args).catch(() => undefined);
      out.push({
        name: s.name,
        channel: s.channel,
        method: s.method,
        this: s.this,
        args: s.args,
        ...rt.last,
      });
      continue;
    }
    const task = await client.call(s.method, s.this, s.args) as MoRef;
    await waitForTask(client, task, { pollMs: 10 }).catch(() => undefined);
    out.push({
      name: s.name,
      channel: s.channel,
      method: s.method,
      this: s.this,
      args: s.args,
      task,
      ...rt.last,
    });
  }

  // RequestCanceled: a WaitForUpdatesEx cut short by CancelWaitForUpdates.
  await client.call("CreateFilter", content.propertyCollector, {
    spec: {
      _type: "PropertyFilterSpec",
      propSet: [{ _type: "PropertySpec", type: "VirtualMachine", pathSet: ["name"] }],
      objectSet: [{ _type: "ObjectSpec", obj: vm }],
    },
    partialUpdates: false,
  });
  const first = await client.call("WaitForUpdatesEx", content.propertyCollector, { version: "" }) as {
    version: string;
  };
  const waitArgs = { version: first.version, options: { _type: "WaitOptions", maxWaitSeconds: 30 } };
  const waiting = client.soap.call("WaitForUpdatesEx", content.propertyCollector, waitArgs, {
    ...(client.sessionCookie ? { cookie: client.sessionCookie } : {}),
  }).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 200));
  const cancelRt = recorder(createRoundTripper(sim.target().tls));
  const canceller = new VSphereClient(sim.target(), { roundTrip: cancelRt });
  await canceller.soap.call("CancelWaitForUpdates", content.propertyCollector, {}, {
    ...(client.sessionCookie ? { cookie: client.sessionCookie } : {}),
  });
  await waiting;
  out.push({
    name: "RequestCanceled",
    channel: "soap",
    method: "WaitForUpdatesEx",
    this: content.propertyCollector,
    args: waitArgs,
    ...rt.last,
  });
  cancelRt.close?.();
  await client.close();
  return out;
}

if (import.meta.main) {
  const recordings = await recordFaults();
  await Deno.mkdir(FIXTURES, { recursive: true });
  const index = [];
  for (const r of recordings) {
    const file = `vcsim-${r.channel}-${r.name}.xml`;
    await Deno.writeTextFile(new URL(file, FIXTURES), r.body);
    const { body: _body, ...meta } = r;
    index.push({ file, source: "vcsim (govmomi 0.24.2)", ...meta });
  }
  await Deno.writeTextFile(new URL("vcsim.json", FIXTURES), JSON.stringify(index, null, 2) + "\n");
  console.log(`recorded ${recordings.length} fault responses into ${FIXTURES.pathname}`);
}
