import assert from "node:assert/strict";
import { textOf } from "../../../tests/helpers/mcp.ts";
import { connectRecording } from "../../../tests/helpers/recording.ts";
import { startVcsim } from "../../../tests/helpers/vcsim.ts";
import { validateRequests } from "../../../tests/helpers/wsdl.ts";
import { VSphereClient } from "../../vsphere/client.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { SoapEncoder } from "../../vsphere/soap/encode.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { vim25Schema } from "../../vsphere/vim25/vim_schema.ts";
import { alarmSpec, counterOf } from "./alarm_definition.ts";
import { acknowledgeArgs, enableActionsArgs, reconfigureArgs } from "./shared.ts";

const MANAGER = { type: "AlarmManager", value: "AlarmManager" };
const ALARM = { type: "Alarm", value: "alarm-7" };
const HOST = { type: "HostSystem", value: "host-21" };

/** An AlarmInfo as the decoder gives it for vCenter's stock "Host connection state" alarm. */
const HOST_CONNECTION_ALARM: VimObject = {
  _type: "AlarmInfo",
  name: "Host connection and power state",
  systemName: "alarm.HostConnectionStateAlarm",
  description: "Default alarm to monitor host connection and power state",
  enabled: true,
  expression: {
    _type: "AndAlarmExpression",
    expression: [
      {
        _type: "StateAlarmExpression",
        operator: "isEqual",
        type: "HostSystem",
        statePath: "runtime.connectionState",
        red: "notResponding",
      },
      {
        _type: "StateAlarmExpression",
        operator: "isEqual",
        type: "HostSystem",
        statePath: "runtime.powerState",
        red: "poweredOn",
      },
    ],
  },
  action: {
    _type: "GroupAlarmAction",
    action: [{
      _type: "AlarmTriggeringAction",
      action: { _type: "SendSNMPAction" },
      transitionSpecs: [{ startState: "yellow", finalState: "red", repeats: false }],
      green2yellow: false,
      yellow2red: false,
      red2yellow: false,
      yellow2green: false,
    }],
  },
  setting: { toleranceRange: 0, reportingFrequency: 300 },
  key: "alarm-7.group-d1",
  alarm: ALARM,
  entity: { type: "Folder", value: "group-d1" },
  lastModifiedTime: "2026-01-01T00:00:00Z",
  lastModifiedUser: "",
  creationEventId: 0,
};

Deno.test("alarm request shapes are valid vim25: AcknowledgeAlarm, EnableAlarmActions, ReconfigureAlarm", async () => {
  const encoder = new SoapEncoder(vim25Schema);
  const disable = reconfigureArgs(HOST_CONNECTION_ALARM, false);
  assert.equal(disable.spec.enabled, false);
  assert.equal(disable.spec.key, undefined, "AlarmInfo-only fields are dropped");
  assert.equal(disable.spec.name, HOST_CONNECTION_ALARM.name);
  const bodies = [
    { name: "ack", xml: encoder.body("AcknowledgeAlarm", MANAGER, acknowledgeArgs(ALARM, HOST)) },
    { name: "actions", xml: encoder.body("EnableAlarmActions", MANAGER, enableActionsArgs(HOST, false)) },
    { name: "reconfigure", xml: encoder.body("ReconfigureAlarm", ALARM, disable) },
  ];
  assert.deepEqual(await validateRequests(bodies), []);
  assert.match(bodies[2]!.xml, /<enabled>false<\/enabled>/);
});

Deno.test("alarm_list reads triggeredAlarmState as vCenter has it; definitions and writes reach vCenter WSDL-valid", async () => {
  await using sim = await startVcsim();
  await using mcp = await connectRecording(sim.target(), ["alarm"]);
  const direct = new VSphereClient(sim.target());
  try {
    const vm = await resolveEntity(direct, "VirtualMachine", "DC0_H0_VM0");
    const direct_state = (await retrieveOne(direct, vm.ref, ["triggeredAlarmState"])).triggeredAlarmState;
    const listed = (await mcp.call("alarm_list", { entity: "DC0_H0_VM0" })).structuredContent;
    assert.deepEqual(listed, { entity: "DC0_H0_VM0", triggered: direct_state });
    const all = (await mcp.call("alarm_list", {})).structuredContent;
    assert.deepEqual(all, { entity: "Datacenters", triggered: [] });

    // The simulator has no AlarmManager methods: the request is checked, the outcome is reported typed.
    const defs = await mcp.call("alarm_list", {
      kind: "definitions",
      entity_type: "HostSystem",
      entity: "DC0_H0",
    });
    assert.equal(defs.isError, true);
    assert.match(textOf(defs), /MethodNotFound \(GetAlarm\)/);

    const ack = await mcp.call("alarm_acknowledge", { alarm: "alarm-7" });
    assert.equal(ack.isError, true);
    assert.match(textOf(ack), /not triggered/);
    const actions = await mcp.call("alarm_config", {
      action: "disable_actions",
      entity_type: "HostSystem",
      entity: "DC0_H0",
    });
    assert.equal(actions.isError, true, "without the current state nothing is changed");
    assert.match(textOf(actions), /MethodNotFound \(AreAlarmActionsEnabled\)/);
    assert.equal(mcp.requests("AcknowledgeAlarm").length + mcp.requests("EnableAlarmActions").length, 0);
    const sent = [...mcp.requests("GetAlarm"), ...mcp.requests("AreAlarmActionsEnabled")];
    assert.equal(sent.length, 2);
    assert.deepEqual(await validateRequests(sent), []);
  } finally {
    await direct.close();
  }
});

Deno.test("alarm_definition builds WSDL-valid CreateAlarm specs from a real counter key; RemoveAlarm too", async () => {
  await using sim = await startVcsim();
  const client = new VSphereClient(sim.target());
  try {
    const cpu = await counterOf({ vsphere: client }, "cpu.usage.average");
    assert.equal(cpu.percent, true);
    assert.ok(cpu.counterId > 0);
    await assert.rejects(counterOf({ vsphere: client }, "cpu.nothing.average"), /unknown_metric/);
    const encoder = new SoapEncoder(vim25Schema);
    const metric = alarmSpec({
      name: "VM CPU high",
      description: "",
      target_type: "VirtualMachine",
      metric: cpu,
      operator: "above",
      yellow: "75",
      red: "90",
      email_to: "ops@example.com",
    });
    const inner = ((metric.expression as VimObject).expression as VimObject[])[0]!;
    assert.deepEqual([inner.yellow, inner.red], [7500, 9000], "percent counters count hundredths");
    const state = alarmSpec({
      name: "Host disconnected",
      description: "",
      target_type: "HostSystem",
      state_path: "runtime.connectionState",
      operator: "equal",
      red: "disconnected",
    });
    const root = { type: "Folder", value: "group-d1" };
    const bodies = [
      { name: "metric", xml: encoder.body("CreateAlarm", MANAGER, { entity: root, spec: metric }) },
      { name: "state", xml: encoder.body("CreateAlarm", MANAGER, { entity: HOST, spec: state }) },
      { name: "remove", xml: encoder.body("RemoveAlarm", ALARM, {}) },
    ];
    assert.deepEqual(await validateRequests(bodies), []);
  } finally {
    await client.close();
  }
});

Deno.test("alarm_definition refuses to guess: it reads the existing alarms first and says what vCenter answered", async () => {
  await using sim = await startVcsim();
  await using mcp = await connectRecording(sim.target(), ["alarm"]);
  const result = await mcp.call("alarm_definition", {
    action: "create",
    name: "VM CPU high",
    metric: "cpu.usage.average",
    red: "90",
  });
  assert.equal(result.isError, true);
  assert.match(textOf(result), /MethodNotFound \(GetAlarm\)/);
  assert.equal(mcp.requests("CreateAlarm").length, 0, "nothing is created without knowing what exists");
  assert.deepEqual(await validateRequests(mcp.requests("GetAlarm")), []);
});
