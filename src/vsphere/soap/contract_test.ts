/**
 * Contract test: the requests the client produces are ones vCenter accepts. Every body is validated against
 * VMware's official vim25 WSDL schema with `xmllint --schema` (element names, order, types, xsi:type,
 * required fields), because the simulator checks none of that.
 */
import assert from "node:assert/strict";
import {
  bodyOfEnvelope,
  methodOfBody,
  recordingRoundTripper,
  validateRequests,
} from "../../../tests/helpers/wsdl.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { VSphereClient } from "../client.ts";
import { retrieveView } from "../objects/property_collector.ts";
import { resolveEntity } from "../objects/resolve.ts";
import { retrieveOne } from "../objects/retrieve.ts";
import { waitForTask } from "../objects/tasks.ts";
import { createRoundTripper } from "../transport.ts";
import { vim25Schema } from "../vim25/vim_schema.ts";
import { SoapEncoder } from "./encode.ts";
import type { MoRef, VimObject, VimValue } from "./types.ts";

const encoder = new SoapEncoder(vim25Schema);
const ref = (type: string, value: string): MoRef => ({ type, value });
const PC = ref("PropertyCollector", "propertyCollector");
const VM = ref("VirtualMachine", "vm-42");
const DS = ref("Datastore", "datastore-11");
const POOL = ref("ResourcePool", "resgroup-9");
const HOST = ref("HostSystem", "host-21");
const DVS_UUID = "50 1f 3a 6b 8c 2d 4e 5f-a1 b2 c3 d4 e5 f6 07 18";

/** The property collector traversal that walks the whole inventory from the root folder. */
function inventoryTraversal(): VimObject[] {
  const sel = (name: string): VimObject => ({ _type: "SelectionSpec", name });
  const trav = (name: string, type: string, path: string, selectSet: VimObject[] = []): VimObject => ({
    _type: "TraversalSpec",
    name,
    type,
    path,
    skip: false,
    selectSet,
  });
  return [
    trav("visitFolders", "Folder", "childEntity", [
      sel("visitFolders"),
      sel("dcToHostFolder"),
      sel("dcToVmFolder"),
      sel("crToHost"),
      sel("crToRp"),
      sel("rpToRp"),
    ]),
    trav("dcToHostFolder", "Datacenter", "hostFolder", [sel("visitFolders")]),
    trav("dcToVmFolder", "Datacenter", "vmFolder", [sel("visitFolders")]),
    trav("crToHost", "ComputeResource", "host"),
    trav("crToRp", "ComputeResource", "resourcePool", [sel("rpToRp")]),
    trav("rpToRp", "ResourcePool", "resourcePool", [sel("rpToRp")]),
  ];
}

/** ReconfigVM_Task: add a thin disk and a vmxnet3 NIC on a distributed portgroup, mount an ISO. */
function reconfigSpec(o: {
  scsiKey: number;
  unit: number;
  datastore: MoRef;
  switchUuid: string;
  portgroupKey: string;
  cdrom: VimObject;
}): VimObject {
  return {
    _type: "VirtualMachineConfigSpec",
    numCPUs: 2,
    memoryMB: 2048,
    deviceChange: [
      {
        _type: "VirtualDeviceConfigSpec",
        operation: "add",
        fileOperation: "create",
        device: {
          _type: "VirtualDisk",
          key: -101,
          backing: {
            _type: "VirtualDiskFlatVer2BackingInfo",
            fileName: "",
            datastore: o.datastore,
            diskMode: "persistent",
            thinProvisioned: true,
          },
          controllerKey: o.scsiKey,
          unitNumber: o.unit,
          capacityInKB: 4 * 1024 * 1024,
        },
      },
      {
        _type: "VirtualDeviceConfigSpec",
        operation: "add",
        device: {
          _type: "VirtualVmxnet3",
          key: -102,
          backing: {
            _type: "VirtualEthernetCardDistributedVirtualPortBackingInfo",
            port: {
              _type: "DistributedVirtualSwitchPortConnection",
              switchUuid: o.switchUuid,
              portgroupKey: o.portgroupKey,
            },
          },
          connectable: {
            _type: "VirtualDeviceConnectInfo",
            startConnected: true,
            allowGuestControl: true,
            connected: false,
          },
          addressType: "generated",
        },
      },
      {
        _type: "VirtualDeviceConfigSpec",
        operation: "edit",
        device: {
          ...o.cdrom,
          backing: {
            _type: "VirtualCdromIsoBackingInfo",
            fileName: "[LocalDS_0] iso/ubuntu-24.04.iso",
            datastore: o.datastore,
          },
          connectable: {
            _type: "VirtualDeviceConnectInfo",
            startConnected: true,
            allowGuestControl: true,
            connected: true,
          },
        },
      },
    ],
    extraConfig: [{ _type: "OptionValue", key: "guestinfo.mcp.owner", value: "team-a" }],
  };
}

function linkedCloneSpec(pool: MoRef, snapshot: MoRef): VimObject {
  return {
    _type: "VirtualMachineCloneSpec",
    location: { _type: "VirtualMachineRelocateSpec", pool, diskMoveType: "createNewChildDiskBacking" },
    template: false,
    powerOn: false,
    snapshot,
  };
}

function createVmConfig(name: string, datastoreName: string): VimObject {
  return {
    _type: "VirtualMachineConfigSpec",
    name,
    guestId: "otherGuest64",
    files: { _type: "VirtualMachineFileInfo", vmPathName: `[${datastoreName}]` },
    numCPUs: 1,
    memoryMB: 512,
    deviceChange: [
      {
        _type: "VirtualDeviceConfigSpec",
        operation: "add",
        device: { _type: "ParaVirtualSCSIController", key: -200, busNumber: 0, sharedBus: "noSharing" },
      },
      {
        _type: "VirtualDeviceConfigSpec",
        operation: "add",
        fileOperation: "create",
        device: {
          _type: "VirtualDisk",
          key: -201,
          backing: { _type: "VirtualDiskFlatVer2BackingInfo", fileName: "", diskMode: "persistent" },
          controllerKey: -200,
          unitNumber: 0,
          capacityInKB: 1024 * 1024,
        },
      },
    ],
  };
}

function perfQuery(entity: MoRef, counterId: number): VimObject[] {
  return [{
    _type: "PerfQuerySpec",
    entity,
    maxSample: 1,
    metricId: [{ _type: "PerfMetricId", counterId, instance: "" }],
    intervalId: 20,
  }];
}

function eventFilter(entity: MoRef): VimObject {
  return {
    _type: "EventFilterSpec",
    entity: { _type: "EventFilterSpecByEntity", entity, recursion: "self" },
    time: { _type: "EventFilterSpecByTime", beginTime: "2026-01-01T00:00:00Z" },
    eventTypeId: ["VmPoweredOnEvent", "VmPoweredOffEvent"],
    maxCount: 100,
  };
}

function watchSpec(vm: MoRef): VimObject {
  return {
    _type: "PropertyFilterSpec",
    propSet: [{ _type: "PropertySpec", type: "VirtualMachine", pathSet: ["runtime.powerState"] }],
    objectSet: [{ _type: "ObjectSpec", obj: vm }],
  };
}

/** The methods the simulator session below sends (and the contract test validates). */
const SENT_TO_SIMULATOR = [
  "RetrieveServiceContent",
  "Login",
  "Logout",
  "CreateContainerView",
  "RetrievePropertiesEx",
  "PowerOffVM_Task",
  "PowerOnVM_Task",
  "CreateSnapshot_Task",
  "ReconfigVM_Task",
  "CloneVM_Task",
  "CreateVM_Task",
  "CreateFilter",
  "WaitForUpdatesEx",
  "DestroyPropertyFilter",
  "QueryEvents",
  "QueryPerf",
];

async function task(client: VSphereClient, method: string, thisRef: MoRef, args: Record<string, VimValue>) {
  const ref = await client.call(method, thisRef, args) as MoRef;
  return await waitForTask(client, ref, { pollMs: 20 });
}

Deno.test("every request the client sends in a simulator session validates against the vim25 WSDL", async () => {
  await using sim = await startVcsim();
  const roundTrip = recordingRoundTripper(createRoundTripper(sim.target().tls));
  const client = new VSphereClient(sim.target(), { roundTrip });
  try {
    const content = await client.serviceContent();
    await client.ensureSession();
    const vm = await resolveEntity(client, "VirtualMachine", "DC0_H0_VM0");
    await resolveEntity(client, "VirtualMachine", vm.ref.value);
    const props = await retrieveOne(client, vm.ref, [
      "config.hardware.device",
      "resourcePool",
      "parent",
      "datastore",
    ]);
    const devices = props["config.hardware.device"] as VimObject[];
    const [datastore] = props.datastore as MoRef[];
    const dsName = String((await retrieveOne(client, datastore!, ["name"])).name);
    const dvs =
      (await Array.fromAsync(retrieveView(client, { type: "DistributedVirtualSwitch", paths: ["uuid"] })))[
        0
      ]!;
    const portgroups = await Array.fromAsync(retrieveView(client, {
      type: "DistributedVirtualPortgroup",
      paths: ["key", "name"],
    }));
    const portgroup = portgroups.find((p) => p.props.name === "DC0_DVPG0")!;

    // Full-inventory traversal from the root folder.
    const hosts = await client.call("RetrievePropertiesEx", content.propertyCollector, {
      specSet: [{
        _type: "PropertyFilterSpec",
        propSet: [{ _type: "PropertySpec", type: "HostSystem", all: false, pathSet: ["name"] }],
        objectSet: [{
          _type: "ObjectSpec",
          obj: content.rootFolder,
          skip: false,
          selectSet: inventoryTraversal(),
        }],
      }],
      options: { _type: "RetrieveOptions", maxObjects: 100 },
    }) as { objects: VimObject[] };
    assert.equal(hosts.objects.length, 4, "the traversal reaches every host");

    // Power, snapshot, reconfigure, linked clone, create.
    assert.equal((await task(client, "PowerOffVM_Task", vm.ref, {})).state, "success");
    assert.equal((await task(client, "PowerOnVM_Task", vm.ref, {})).state, "success");
    const snap = await task(client, "CreateSnapshot_Task", vm.ref, {
      name: "before-change",
      description: "taken by the contract test",
      memory: false,
      quiesce: false,
    });
    const scsi = devices.find((d) => d._type === "ParaVirtualSCSIController")!;
    const used = devices.filter((d) => d.controllerKey === scsi.key).map((d) => d.unitNumber as number);
    const cdrom = devices.find((d) => d._type === "VirtualCdrom")!;
    const reconfig = await task(client, "ReconfigVM_Task", vm.ref, {
      spec: reconfigSpec({
        scsiKey: scsi.key as number,
        unit: Math.max(...used) + 1,
        datastore: datastore!,
        switchUuid: String(dvs.props.uuid),
        portgroupKey: String(portgroup.props.key),
        cdrom,
      }),
    });
    assert.equal(reconfig.state, "success");
    const after = (await retrieveOne(client, vm.ref, ["config.hardware.device"]))[
      "config.hardware.device"
    ] as VimObject[];
    assert.equal(after.filter((d) => d._type === "VirtualDisk").length, 2, "the disk was added");
    assert.ok(after.some((d) => d._type === "VirtualVmxnet3"), "the vmxnet3 NIC was added");
    const iso = after.find((d) => d.key === cdrom.key)?.backing as VimObject;
    assert.equal(iso._type, "VirtualCdromIsoBackingInfo", "the CD-ROM now has the ISO");
    const clone = await task(client, "CloneVM_Task", vm.ref, {
      folder: props.parent as MoRef,
      name: "DC0_H0_VM0-linked",
      spec: linkedCloneSpec(props.resourcePool as MoRef, snap.result as MoRef),
    });
    assert.equal(clone.state, "success");
    const created = await task(client, "CreateVM_Task", props.parent as MoRef, {
      config: createVmConfig("contract-created", dsName),
      pool: props.resourcePool as MoRef,
    });
    assert.equal(created.state, "success");

    // Watching, events, performance.
    const filter = await client.call("CreateFilter", content.propertyCollector, {
      spec: watchSpec(vm.ref),
      partialUpdates: false,
    }) as MoRef;
    const updates = await client.call("WaitForUpdatesEx", content.propertyCollector, {
      version: "",
      options: { _type: "WaitOptions", maxWaitSeconds: 0, maxObjectUpdates: 50 },
    }) as VimObject;
    assert.ok(Array.isArray(updates.filterSet), "UpdateSet.filterSet decodes as a list");
    await client.call("DestroyPropertyFilter", filter);
    const events = await client.call("QueryEvents", content.eventManager as MoRef, {
      filter: eventFilter(vm.ref),
    });
    assert.ok(Array.isArray(events) && events.length > 0, "QueryEvents returns the power events");
    const perfManager = content.perfManager as MoRef;
    const counters = (await retrieveOne(client, perfManager, ["perfCounter"])).perfCounter as VimObject[];
    await client.call("QueryPerf", perfManager, { querySpec: perfQuery(vm.ref, counters[0]!.key as number) });
  } finally {
    await client.close();
  }

  const bodies = roundTrip.bodies.map((xml, i) => ({ name: `${i}:${methodOfBody(xml)}`, xml }));
  const methods = new Set(bodies.map((b) => methodOfBody(b.xml)));
  for (const m of SENT_TO_SIMULATOR) assert.ok(methods.has(m), `${m} was sent`);
  assert.deepEqual(await validateRequests(bodies), []);
  console.log(`validated ${bodies.length} recorded request bodies (${methods.size} methods)`);
});

/** Request shapes the simulator cannot take (methods it lacks) or that only appear in edge cases. */
const STATIC_SHAPES: [string, MoRef, Record<string, VimValue>][] = [
  ["ContinueRetrievePropertiesEx", PC, { token: "token-1" }],
  ["CancelRetrievePropertiesEx", PC, { token: "token-1" }],
  ["CancelTask", ref("Task", "task-7"), {}],
  // Views are reused for the session's life; DestroyView goes out only when the view cache evicts one.
  ["DestroyView", ref("ContainerView", "session[52a1]52b2"), {}],
  ["FindByInventoryPath", ref("SearchIndex", "SearchIndex"), { inventoryPath: "DC0/vm/web-01" }],
  // PropertyWatch: a private collector per watch, and the calls that end it.
  ["CreatePropertyCollector", PC, {}],
  ["CancelWaitForUpdates", ref("PropertyCollector", "session[52a1]52b3"), {}],
  ["DestroyPropertyCollector", ref("PropertyCollector", "session[52a1]52b3"), {}],
  // Named in the session layer's expiry detection; LoginByToken's SAML token travels in the WS-Security header.
  ["LoginByToken", ref("SessionManager", "SessionManager"), {}],
  ["RetrieveProperties", PC, {
    specSet: [{
      _type: "PropertyFilterSpec",
      propSet: [{ _type: "PropertySpec", type: "VirtualMachine", pathSet: ["name"] }],
      objectSet: [{ _type: "ObjectSpec", obj: VM, skip: false }],
    }],
  }],
  ["ResetVM_Task", VM, {}],
  ["SuspendVM_Task", VM, {}],
  ["ShutdownGuest", VM, {}],
  ["RebootGuest", VM, {}],
  ["StandbyGuest", VM, {}],
  ["PowerOnVM_Task", VM, { host: HOST }],
  ["CurrentTime", ref("ServiceInstance", "ServiceInstance"), {}],
  ["TerminateSession", ref("SessionManager", "SessionManager"), { sessionId: ["52b4d6f1-aaaa"] }],
  ["RemoveSnapshot_Task", ref("VirtualMachineSnapshot", "snapshot-3"), {
    removeChildren: false,
    consolidate: true,
  }],
  ["RevertToSnapshot_Task", ref("VirtualMachineSnapshot", "snapshot-3"), { suppressPowerOn: true }],
  ["RetrievePropertiesEx", PC, {
    specSet: [{
      _type: "PropertyFilterSpec",
      propSet: [{ _type: "PropertySpec", type: "VirtualMachine", pathSet: ["name", "runtime.powerState"] }],
      objectSet: [{
        _type: "ObjectSpec",
        obj: ref("ContainerView", "session[52]view-1"),
        skip: true,
        selectSet: [{
          _type: "TraversalSpec",
          name: "view",
          type: "ContainerView",
          path: "view",
          skip: false,
        }],
      }],
      reportMissingObjectsInResults: true,
    }],
    options: { _type: "RetrieveOptions", maxObjects: 500 },
  }],
  ["ReconfigVM_Task", VM, {
    spec: reconfigSpec({
      scsiKey: 1000,
      unit: 1,
      datastore: DS,
      switchUuid: DVS_UUID,
      portgroupKey: "dvportgroup-13",
      cdrom: {
        _type: "VirtualCdrom",
        key: 3002,
        deviceInfo: { _type: "Description", label: "CD/DVD drive 1", summary: "Remote device" },
        controllerKey: 201,
        unitNumber: 0,
      },
    }),
  }],
  ["CloneVM_Task", VM, {
    folder: ref("Folder", "group-v3"),
    name: "web-01-clone",
    spec: linkedCloneSpec(POOL, ref("VirtualMachineSnapshot", "snapshot-3")),
  }],
  ["CreateVM_Task", ref("Folder", "group-v3"), {
    config: createVmConfig("new-vm", "datastore1"),
    pool: POOL,
    host: HOST,
  }],
  ["QueryPerf", ref("PerformanceManager", "PerfMgr"), { querySpec: perfQuery(HOST, 6) }],
  ["QueryEvents", ref("EventManager", "EventManager"), { filter: eventFilter(VM) }],
  ["WaitForUpdatesEx", PC, { version: "3", options: { _type: "WaitOptions", maxWaitSeconds: 30 } }],
  // Values in anyType slots carry their xsd type (vCenter refuses an untyped option value).
  ["UpdateOptions", ref("OptionManager", "VpxSettings"), {
    changedValue: [
      { _type: "OptionValue", key: "config.log.level", value: "info" },
      { _type: "OptionValue", key: "event.maxAge", value: { _type: "int", _value: 30 } },
      { _type: "OptionValue", key: "task.maxAge", value: 30 },
      { _type: "OptionValue", key: "mail.enabled", value: false },
      { _type: "OptionValue", key: "list.option", value: ["a", "b"] },
      { _type: "OptionValue", key: "ref.option", value: DS },
    ],
  }],
];

Deno.test("request shapes the simulator lacks validate against the vim25 WSDL", async () => {
  const bodies = STATIC_SHAPES.map(([method, thisRef, args], i) => ({
    name: `${i}:${method}`,
    xml: encoder.body(method, thisRef, args),
  }));
  assert.deepEqual(await validateRequests(bodies), []);
  console.log(`validated ${bodies.length} static request shapes`);
});

Deno.test("the WSDL check rejects swapped fields, a device without xsi:type and a missing required field", async () => {
  const good = encoder.body(...STATIC_SHAPES.find(([m]) => m === "ReconfigVM_Task")!);
  const swapped = good.replace(
    "<fileName></fileName><datastore",
    "<datastore",
  ).replace("</datastore><diskMode>", "</datastore><fileName></fileName><diskMode>");
  assert.notEqual(swapped, good);
  const untyped = good.replace(`<device xsi:type="VirtualDisk">`, "<device>");
  assert.notEqual(untyped, good);
  const retrieve = encoder.body(...STATIC_SHAPES.find(([m]) => m === "RetrievePropertiesEx")!);
  const missing = retrieve.replace(/<propSet>.*?<\/propSet>/, "");
  assert.notEqual(missing, retrieve);
  const invalid = await validateRequests([
    { name: "good", xml: good },
    { name: "swapped", xml: swapped },
    { name: "untyped", xml: untyped },
    { name: "missing propSet", xml: missing },
    { name: "wrong order of parameters", xml: good.replace("<_this", "<spec/><_this") },
  ]);
  assert.deepEqual(invalid.map((i) => i.name), [
    "swapped",
    "untyped",
    "missing propSet",
    "wrong order of parameters",
  ]);
  assert.match(invalid[1]!.errors, /capacityInKB/);
});

Deno.test("a recorded envelope's body is what the validator sees", () => {
  const envelope = encoder.envelope("CurrentTime", ref("ServiceInstance", "ServiceInstance"), {});
  assert.equal(
    bodyOfEnvelope(envelope),
    encoder.body("CurrentTime", ref("ServiceInstance", "ServiceInstance"), {}),
  );
});

/** vim25 method names written as string literals in the code (outside tests and the generated table). */
async function methodsNamedIn(dir: URL): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) {
      for (const [m, file] of await methodsNamedIn(url)) found.set(m, file);
    } else if (
      // schema.ts is the generated table; retry.ts lists read methods by name, it sends none of them.
      entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts") &&
      !["schema.ts", "retry.ts"].includes(entry.name)
    ) {
      for (const [, name] of (await Deno.readTextFile(url)).matchAll(/"([A-Z]\w+)"/g)) {
        if (vim25Schema.paramsOf(name!)) found.set(name!, url.pathname);
      }
    }
  }
  return found;
}

Deno.test("every vim25 method the client code names has a request shape in this contract test", async () => {
  const covered = new Set([...SENT_TO_SIMULATOR, ...STATIC_SHAPES.map(([m]) => m)]);
  const named = await methodsNamedIn(new URL("../../", import.meta.url));
  const missing = [...named].filter(([m]) => !covered.has(m));
  const core = missing.filter(([, file]) => file.includes("/src/vsphere/"));
  assert.deepEqual(core, [], "methods the vSphere client layer calls need a contract shape here");
  if (missing.length) {
    console.warn(
      `no contract shape yet for: ${missing.map(([m, f]) => `${m} (${f.split("/src/")[1]})`).join(", ")}`,
    );
  }
  assert.ok(named.has("RetrievePropertiesEx") && named.has("PowerOffVM_Task"), "the scan finds the calls");
  console.log(`${covered.size} methods covered; the code names ${named.size}`);
});
