import assert from "node:assert/strict";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { findDevice, freeUnit, list, num, SCSI, withDeviceField } from "./common.ts";
import { wire } from "./wire.ts";

const scsi: VimObject = {
  _type: "ParaVirtualSCSIController",
  key: "1000",
  busNumber: "0",
  scsiCtlrUnitNumber: "7",
};
const ide: VimObject = { _type: "VirtualIDEController", key: 200, busNumber: 0 };
const disk = (key: number, unit: number): VimObject => ({
  _type: "VirtualDisk",
  key,
  deviceInfo: { _type: "Description", label: `Hard disk ${key - 1999}`, summary: "" },
  controllerKey: 1000,
  unitNumber: unit,
  capacityInKB: 1024,
});

Deno.test("num() and list() read values typed by the schema or left as text", () => {
  assert.equal(num("1024"), 1024);
  assert.equal(num(12), 12);
  assert.equal(num("x"), undefined);
  assert.deepEqual(list({ a: 1 }), [{ a: 1 }]);
  assert.deepEqual(list(""), []);
});

Deno.test("freeUnit() skips used units and the SCSI controller's own unit 7; IDE has two", () => {
  const devices = [scsi, ide, ...[0, 1, 2, 3, 4, 5, 6].map((u) => disk(2000 + u, u))];
  assert.equal(freeUnit(devices, scsi), 8);
  const full = [...devices, ...[8, 9, 10, 11, 12, 13, 14, 15].map((u) => disk(3000 + u, u))];
  assert.equal(freeUnit(full, scsi), undefined);
  assert.equal(
    freeUnit([ide, { _type: "VirtualCdrom", key: 3000, controllerKey: 200, unitNumber: 0 }], ide),
    1,
  );
});

Deno.test("findDevice() matches label, key or position and lists the candidates otherwise", () => {
  const devices = [scsi, disk(2000, 0), disk(2001, 1)];
  const isDisk = (d: VimObject) => d._type === "VirtualDisk";
  assert.equal(findDevice(devices, isDisk, "disk", "Hard disk 2").key, 2001);
  assert.equal(findDevice(devices, isDisk, "disk", "2000").key, 2000);
  assert.equal(findDevice(devices, isDisk, "disk", "2").key, 2001);
  assert.throws(() => findDevice(devices, isDisk, "disk", undefined), /device_not_found/);
  assert.equal(findDevice(devices, SCSI, "controller", undefined).key, "1000");
});

Deno.test("withDeviceField() keeps the WSDL order when it inserts a missing field", () => {
  const card: VimObject = {
    _type: "VirtualVmxnet3",
    key: 4000,
    deviceInfo: { label: "n" },
    controllerKey: 100,
  };
  const connectable = wire("VirtualDeviceConnectInfo", {
    startConnected: true,
    allowGuestControl: true,
    connected: true,
  });
  assert.deepEqual(Object.keys(withDeviceField(card, "connectable", connectable)), [
    "_type",
    "key",
    "deviceInfo",
    "connectable",
    "controllerKey",
  ]);
  assert.throws(() => wire("VirtualDeviceConnectInfo", { connectd: true }), /unknown field/);
});
