/**
 * Data objects the vm and snapshot tools send, built with the WSDL's field names in the WSDL's order
 * (vim-types.xsd 9.0, base-type fields first). The encoder keeps an object's own key order when the
 * client's schema table does not know the type, so the order is fixed here; `contract_test.ts` validates
 * every request these tools produce against the official XSD.
 */
import type { VimObject, VimValue } from "../../vsphere/soap/types.ts";

type Fields = Record<string, VimValue | undefined>;

/** Field order of the types built here (only the fields the tools use, in XSD order). */
const ORDER: Record<string, readonly string[]> = {
  VirtualMachineConfigSpec: [
    "name",
    "version",
    "guestId",
    "annotation",
    "files",
    "numCPUs",
    "numCoresPerSocket",
    "memoryMB",
    "memoryHotAddEnabled",
    "cpuHotAddEnabled",
    "cpuHotRemoveEnabled",
    "deviceChange",
    "cpuAllocation",
    "memoryAllocation",
    "extraConfig",
    "bootOptions",
    "changeTrackingEnabled",
    "firmware",
  ],
  VirtualMachineFileInfo: ["vmPathName"],
  ResourceAllocationInfo: ["reservation", "expandableReservation", "limit", "shares"],
  SharesInfo: ["shares", "level"],
  VirtualMachineBootOptions: [
    "bootDelay",
    "enterBIOSSetup",
    "efiSecureBootEnabled",
    "bootRetryEnabled",
    "bootRetryDelay",
    "bootOrder",
  ],
  VirtualDeviceConfigSpec: ["operation", "fileOperation", "device"],
  VirtualMachineRelocateSpec: ["folder", "datastore", "diskMoveType", "pool", "host"],
  VirtualMachineCloneSpec: ["location", "template", "config", "customization", "powerOn", "snapshot"],
  OptionValue: ["key", "value"],
  Description: ["label", "summary"],
  VirtualDeviceConnectInfo: ["startConnected", "allowGuestControl", "connected"],
  VirtualDisk: [
    "key",
    "deviceInfo",
    "backing",
    "controllerKey",
    "unitNumber",
    "capacityInKB",
    "capacityInBytes",
  ],
  VirtualDiskFlatVer2BackingInfo: ["fileName", "datastore", "diskMode", "thinProvisioned", "eagerlyScrub"],
  VirtualEthernetCardNetworkBackingInfo: ["deviceName", "network"],
  VirtualEthernetCardDistributedVirtualPortBackingInfo: ["port"],
  DistributedVirtualSwitchPortConnection: ["switchUuid", "portgroupKey"],
  VirtualCdromIsoBackingInfo: ["fileName", "datastore"],
  VirtualCdromRemotePassthroughBackingInfo: ["deviceName", "useAutoDetect", "exclusive"],
  ParaVirtualSCSIController: ["key", "deviceInfo", "controllerKey", "unitNumber", "busNumber", "sharedBus"],
  VirtualLsiLogicSASController: [
    "key",
    "deviceInfo",
    "controllerKey",
    "unitNumber",
    "busNumber",
    "sharedBus",
  ],
  VirtualMachineBootOptionsBootableCdromDevice: [],
  VirtualMachineBootOptionsBootableFloppyDevice: [],
  VirtualMachineBootOptionsBootableDiskDevice: ["deviceKey"],
  VirtualMachineBootOptionsBootableEthernetDevice: ["deviceKey"],
};

/** Network adapters share VirtualDevice's fields plus the card's own, in this order. */
const NIC_ORDER = [
  "key",
  "deviceInfo",
  "backing",
  "connectable",
  "controllerKey",
  "unitNumber",
  "addressType",
  "macAddress",
  "wakeOnLanEnabled",
];
for (const t of ["VirtualVmxnet3", "VirtualE1000e", "VirtualE1000"]) ORDER[t] = NIC_ORDER;
const CDROM_ORDER = ["key", "deviceInfo", "backing", "connectable", "controllerKey", "unitNumber"];
ORDER.VirtualCdrom = CDROM_ORDER;

/**
 * `{ _type, ...fields }` with the fields in WSDL order; undefined fields are dropped. An unknown field is
 * a programming error and throws, as the generated-schema encoder will.
 */
export function wire(type: string, fields: Fields): VimObject {
  const order = ORDER[type];
  if (!order) throw new TypeError(`wire(): no field order for ${type}`);
  const unknown = Object.keys(fields).filter((k) => fields[k] !== undefined && !order.includes(k));
  if (unknown.length) throw new TypeError(`wire(): unknown field for ${type}: ${unknown.join(", ")}`);
  const out: VimObject = { _type: type };
  for (const name of order) {
    const value = fields[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

export function hasFields(object: VimObject): boolean {
  return Object.keys(object).some((k) => k !== "_type");
}
