import assert from "node:assert/strict";
import { generate, OUTPUT } from "../../../tools_dev/gen_vim25.ts";
import { decodeIndexes, encodeIndex } from "./packing.ts";
import { vim25Schema } from "./vim_schema.ts";

Deno.test("the committed schema.ts is what tools_dev/gen_vim25.ts generates from the WSDL (run `make gen`)", () => {
  const committed = Deno.readTextFileSync(new URL(`../../../${OUTPUT}`, import.meta.url));
  const fresh = generate();
  assert.ok(committed === fresh, `${OUTPUT} is stale: run \`make gen\` and commit the result`);
});

Deno.test("encodeIndex() and decodeIndexes() round-trip and are self-delimiting", () => {
  const numbers = [0, 1, 51, 52, 53, 1871, 1872, 1873, 12345, 67000, 123456];
  assert.deepEqual(decodeIndexes(numbers.map(encodeIndex).join("")), numbers);
});

Deno.test("vim25Schema gives fields base-first, parameters, returns, enums and faults from the WSDL", () => {
  const disk = vim25Schema.fieldsOf("VirtualDisk")!.map((f) => f.name);
  assert.deepEqual(disk.slice(0, 3), ["key", "deviceInfo", "backing"], "VirtualDevice's fields first");
  assert.ok(disk.indexOf("capacityInKB") > disk.indexOf("deviceGroupInfo"));
  assert.deepEqual(vim25Schema.fieldsOf("TraversalSpec")!.map((f) => f.name), [
    "name",
    "type",
    "path",
    "skip",
    "selectSet",
  ]);
  const specSet = vim25Schema.paramsOf("RetrievePropertiesEx")![0]!;
  assert.deepEqual(specSet, { name: "specSet", type: "PropertyFilterSpec", array: true, optional: false });
  assert.deepEqual(vim25Schema.returnOf("QueryPerf"), {
    name: "returnval",
    type: "PerfEntityMetricBase",
    array: true,
    optional: true,
  });
  assert.equal(vim25Schema.returnOf("Logout"), undefined);
  assert.deepEqual(vim25Schema.fieldsOf("ArrayOfString"), [
    { name: "string", type: "string", array: true, optional: true },
  ]);
  assert.deepEqual(vim25Schema.enumValues("VirtualMachinePowerState"), [
    "poweredOff",
    "poweredOn",
    "suspended",
  ]);
  assert.ok(vim25Schema.faultsOf("ReconfigVM_Task")!.includes("TaskInProgress"));
  assert.ok(vim25Schema.isSubtypeOf("VirtualVmxnet3", "VirtualEthernetCard"));
  assert.ok(!vim25Schema.isSubtypeOf("VirtualDisk", "VirtualEthernetCard"));
  const stats = vim25Schema.stats();
  assert.ok(stats.types > 3000 && stats.methods > 900 && stats.enums > 400, JSON.stringify(stats));
});
