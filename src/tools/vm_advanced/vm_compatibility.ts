/**
 * Read-only checks vCenter runs before a migration or power-on: vMotion compatibility with hosts
 * (QueryVMotionCompatibilityEx_Task), migrate / relocate / host-compatibility / power-on checks
 * (VirtualMachineProvisioningChecker, VirtualMachineCompatibilityChecker), Fault Tolerance compatibility
 * and the files in the VM's folder that no VM owns. The checks run as tasks but change nothing.
 */
import { z } from "zod";
import { defineTool, type ToolContext } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { waitForTask } from "../../vsphere/objects/tasks.ts";
import type { MoRef, VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput, waitInput } from "../shared/inputs.ts";
import { serviceManager } from "../shared/vim_values.ts";
import { list, obj, objects, readVm, resolveVm, str } from "../vm/common.ts";
import { cleanValue, deviceRecord } from "./common.ts";

const CHECKS = [
  "vmotion",
  "migrate",
  "relocate",
  "host_compatibility",
  "power_on",
  "compatible_hosts",
  "fault_tolerance",
  "unowned_files",
] as const;
type Check = typeof CHECKS[number];
const TEST_TYPES = [
  "sourceTests",
  "hostTests",
  "resourcePoolTests",
  "datastoreTests",
  "networkTests",
] as const;

export interface CheckPlan {
  method: string;
  manager: "serviceInstance" | "vmProvisioningChecker" | "vmCompatibilityChecker" | "vm";
  args: Record<string, VimValue | undefined>;
}

/** The request of one check (also used by the WSDL contract test). */
export function checkRequest(
  check: Check,
  o: { vm: MoRef; hosts?: MoRef[]; pool?: MoRef; datastore?: MoRef; testTypes?: string[] },
): CheckPlan {
  const tests = o.testTypes?.length ? { testType: o.testTypes } : {};
  const placement = {
    ...(o.hosts?.[0] ? { host: o.hosts[0] } : {}),
    ...(o.pool ? { pool: o.pool } : {}),
  };
  switch (check) {
    case "vmotion":
    case "compatible_hosts":
      return {
        method: "QueryVMotionCompatibilityEx_Task",
        manager: "serviceInstance",
        args: { vm: [o.vm], host: o.hosts ?? [] },
      };
    case "migrate":
      return {
        method: "CheckMigrate_Task",
        manager: "vmProvisioningChecker",
        args: { vm: o.vm, ...placement, ...tests },
      };
    case "relocate":
      return {
        method: "CheckRelocate_Task",
        manager: "vmProvisioningChecker",
        args: {
          vm: o.vm,
          spec: {
            _type: "VirtualMachineRelocateSpec",
            ...(o.datastore ? { datastore: o.datastore } : {}),
            ...(o.pool ? { pool: o.pool } : {}),
            ...(o.hosts?.[0] ? { host: o.hosts[0] } : {}),
          },
          ...tests,
        },
      };
    case "host_compatibility":
      return {
        method: "CheckCompatibility_Task",
        manager: "vmCompatibilityChecker",
        args: { vm: o.vm, ...placement, ...tests },
      };
    case "power_on":
      return {
        method: "CheckPowerOn_Task",
        manager: "vmCompatibilityChecker",
        args: { vm: o.vm, ...placement, ...tests },
      };
    case "fault_tolerance":
      return { method: "QueryFaultToleranceCompatibilityEx", manager: "vm", args: { forLegacyFt: false } };
    default:
      return { method: "QueryUnownedFiles", manager: "vm", args: {} };
  }
}

export const vmCompatibility = defineTool({
  name: "vm_compatibility",
  toolset: "vm_advanced",
  input: (t) => ({
    vm: vmInput(t),
    check: z.enum(CHECKS).describe(t("param.vm_compatibility_check")),
    host: z.string().min(1).max(300).optional().describe(t("param.vm_compatibility_host")),
    cluster: z.string().min(1).max(300).optional().describe(t("param.vm_compatibility_cluster")),
    pool: z.string().min(1).max(300).optional().describe(t("param.vm_compatibility_pool")),
    datastore: z.string().min(1).max(300).optional().describe(t("param.vm_compatibility_datastore")),
    test_types: z.array(z.enum(TEST_TYPES)).max(5).optional().describe(
      t("param.vm_compatibility_test_types"),
    ),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    vm: z.string(),
    moref: z.string(),
    check: z.string(),
    compatible: z.boolean().nullable(),
    results: z.array(deviceRecord),
    task: z.string().optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["Resource.QueryVMotion"],
  aliases: [
    "query_vmotion_compatibility",
    "check_migrate",
    "query_compatible_hosts_for_vm",
    "query_ft_compatibility",
    "query_vm_unowned_files",
    "check_vm_compatibility",
    "check_power_on_compatibility",
  ],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm, args.datacenter);
    const dc = args.datacenter ? { datacenter: args.datacenter } : {};
    const find = async (type: string, name: string | undefined) =>
      name ? (await resolveEntity(ctx.vsphere, type, name, { signal: ctx.signal, ...dc })).ref : undefined;
    let hosts: MoRef[] = [];
    const host = await find("HostSystem", args.host);
    if (host) hosts = [host];
    if (args.cluster) {
      hosts = list(
        (await readVm(ctx, (await find("ClusterComputeResource", args.cluster))!, ["host"])).host,
      ) as MoRef[];
    }
    if (args.check === "compatible_hosts" && hosts.length === 0) {
      const own = (await readVm(ctx, vm.ref, ["runtime.host"]))["runtime.host"] as MoRef | undefined;
      const parent = own ? (await readVm(ctx, own, ["parent"])).parent as MoRef : undefined;
      hosts = parent ? list((await readVm(ctx, parent, ["host"])).host) as MoRef[] : [];
    }
    if (args.check === "vmotion" && hosts.length === 0) {
      throw new ToolInputError(
        "errors.param_required",
        { param: "host or cluster", action: args.check },
        "hints.input",
      );
    }
    const pool = await find("ResourcePool", args.pool);
    const datastore = await find("Datastore", args.datastore);
    const plan = checkRequest(args.check, {
      vm: vm.ref,
      hosts,
      ...(pool ? { pool } : {}),
      ...(datastore ? { datastore } : {}),
      ...(args.test_types ? { testTypes: args.test_types } : {}),
    });
    const base = { vm: vm.display, moref: vm.ref.value, check: args.check };
    const value = await run(ctx, plan, vm.ref, args.wait_seconds);
    if (args.check === "unowned_files") {
      const files = list(value.result).map((f) => ({ file: sanitizeText(String(f)) }));
      return { ...base, compatible: null, results: files };
    }
    if (args.check === "fault_tolerance") {
      const faults = objects(value.result).map(fault);
      return { ...base, compatible: faults.length === 0, results: faults };
    }
    if (args.check === "vmotion" || args.check === "compatible_hosts") {
      const results = objects(value.result).map((r) => ({
        host: str(obj(r.host)?.value) ?? str((r.host as MoRef | undefined)?.value) ?? "",
        compatibility: list(r.compatibility).map(String),
        vmotion: list(r.compatibility).includes("vmotion"),
        cpu: list(r.compatibility).includes("cpu"),
      }));
      return { ...base, compatible: results.some((r) => r.vmotion && r.cpu), results, ...value.task };
    }
    const results = objects(value.result).map((r) => ({
      host: (r.host as MoRef | undefined)?.value ?? null,
      errors: objects(r.error).map(fault),
      warnings: objects(r.warning).map(fault),
    }));
    return {
      ...base,
      compatible: results.every((r) => r.errors.length === 0),
      results,
      ...value.task,
    };
  },
});

async function run(ctx: ToolContext, plan: CheckPlan, vm: MoRef, waitSeconds: number) {
  const thisRef = plan.manager === "vm"
    ? vm
    : plan.manager === "serviceInstance"
    ? { type: "ServiceInstance", value: "ServiceInstance" }
    : await serviceManager(ctx.vsphere, plan.manager);
  const options = { signal: ctx.signal, operationId: ctx.eventId };
  if (!plan.method.endsWith("_Task")) {
    return { result: await ctx.vsphere.call(plan.method, thisRef, plan.args, options) };
  }
  const task = await ctx.vsphere.call(plan.method, thisRef, plan.args, options) as MoRef;
  const info = await waitForTask(ctx.vsphere, task, {
    deadlineMs: waitSeconds * 1000,
    ...options,
    onProgress: (percent) => ctx.progress({ progress: percent, total: 100 }),
  });
  return { result: info.result, task: { task: task.value } };
}

/** A LocalizedMethodFault as the fault type and vCenter's message. */
function fault(value: VimObject): Record<string, unknown> {
  const inner = obj(value.fault);
  return {
    fault: String(inner?._type ?? value._type ?? "Fault"),
    message: sanitizeText(str(value.localizedMessage) ?? ""),
    ...(inner ? { detail: cleanValue(inner) } : {}),
  };
}
