import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { vmInput } from "../shared/inputs.ts";
import {
  bool,
  changeOutput,
  type ChangeResult,
  customizationSpec,
  DEFAULT_WAIT_SECONDS,
  poolOfHost,
  readVm,
  resolveOptional,
  resolveVm,
  str,
  taskResult,
} from "./common.ts";

const ACTIONS = ["mark_template", "mark_vm", "unregister", "upgrade_hardware", "customize"] as const;

export const vmLifecycle = defineTool({
  name: "vm_lifecycle",
  toolset: "vm",
  input: (t) => ({
    vm: vmInput(t),
    action: z.enum(ACTIONS).describe(t("param.lifecycle_action")),
    pool: z.string().max(300).optional().describe(t("param.pool")),
    host: z.string().max(300).optional().describe(t("param.host")),
    version: z.string().regex(/^vmx-\d+$/).optional().describe(t("param.hw_version")),
    customization_spec: z.string().max(300).optional().describe(t("param.customization_spec")),
  }),
  output: changeOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Hardware upgrades cannot be undone, customization rewrites the guest's identity and unregistering
  // drops the VM from inventory (its files stay): high in the seed's tiers.
  tier: "high",
  privileges: [
    "VirtualMachine.Provisioning.MarkAsTemplate",
    "VirtualMachine.Provisioning.MarkAsVM",
    "VirtualMachine.Inventory.Unregister",
    "VirtualMachine.Config.UpgradeVirtualHardware",
    "VirtualMachine.Provisioning.Customize",
  ],
  aliases: ["convert_vm_to_template", "convert_template_to_vm", "unregister_vm", "upgrade_vm_hardware"],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm);
    const p = await readVm(ctx, vm.ref, [
      "config.template",
      "config.version",
      "runtime.powerState",
      "runtime.host",
    ]);
    const isTemplate = bool(p["config.template"]) ?? false;
    const version = str(p["config.version"]) ?? "";
    const power = String(p["runtime.powerState"] ?? "");
    const base = { vm: vm.display, moref: vm.ref.value };
    const unchanged = (message: string): ChangeResult => ({ ...base, message });

    let method: string;
    let request: Record<string, VimValue | undefined> = {};
    let previewArgs: Record<string, unknown> | undefined;
    switch (args.action) {
      case "mark_template":
        if (isTemplate) return unchanged(ctx.t("vm_lifecycle.already_template", { name: vm.display }));
        method = "MarkAsTemplate";
        break;
      case "mark_vm": {
        if (!isTemplate) return unchanged(ctx.t("vm_lifecycle.already_vm", { name: vm.display }));
        const host = await resolveOptional(ctx, "HostSystem", args.host);
        const onHost = host?.ref ?? (p["runtime.host"] as MoRef | undefined);
        const pool = (await resolveOptional(ctx, "ResourcePool", args.pool))?.ref ??
          (onHost ? await poolOfHost(ctx, onHost) : undefined);
        if (!pool) throw new ToolInputError("errors.pool_needed", { name: vm.display }, "hints.input");
        method = "MarkAsVirtualMachine";
        request = { pool, host: host?.ref };
        break;
      }
      case "unregister":
        method = "UnregisterVM";
        break;
      case "upgrade_hardware":
        if (args.version && args.version === version) {
          return unchanged(ctx.t("vm_lifecycle.already_version", { name: vm.display, version }));
        }
        method = "UpgradeVM_Task";
        request = { version: args.version };
        break;
      case "customize": {
        if (!args.customization_spec) {
          throw new ToolInputError("errors.param_required", {
            param: "customization_spec",
            action: "customize",
          }, "hints.input");
        }
        method = "CustomizeVM_Task";
        request = { spec: await customizationSpec(ctx, args.customization_spec) };
        // The spec can hold (encrypted) passwords: the preview names it instead of showing it.
        previewArgs = { spec: args.customization_spec };
        break;
      }
    }
    const done = ctx.t(`vm_lifecycle.done_${args.action}`, {
      name: vm.display,
      version: args.version ?? "latest",
      spec: args.customization_spec ?? "",
    });
    return await ctx.mutate({
      targets: [{
        ref: vm.ref,
        name: vm.display,
        state: { template: isTemplate, version, powerState: power },
      }],
      summary: ctx.t(`vm_lifecycle.summary_${args.action}`, {
        name: vm.display,
        version: args.version ?? "latest",
        spec: args.customization_spec ?? "",
      }),
      method,
      args: previewArgs ?? request,
    }, async () => {
      if (method.endsWith("_Task")) {
        return await taskResult(ctx, method, vm.ref, request, DEFAULT_WAIT_SECONDS, {
          ...base,
          message: done,
        });
      }
      await ctx.vsphere.call(method, vm.ref, request, { signal: ctx.signal, operationId: ctx.eventId });
      return { ...base, message: done };
    });
  },
});
