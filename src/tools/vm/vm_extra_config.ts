import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { vmInput } from "../shared/inputs.ts";
import { changeOutput, DEFAULT_WAIT_SECONDS, objects, readVm, resolveVm, str, taskResult } from "./common.ts";
import { wire } from "./wire.ts";

const KEY = z.string().min(1).max(256).regex(/^[A-Za-z0-9_.:-]+$/);

export const vmExtraConfig = defineTool({
  name: "vm_extra_config",
  toolset: "vm",
  input: (t) => ({
    vm: vmInput(t),
    set: z.record(KEY, z.string().max(4096)).optional().describe(t("param.extra_set")),
    remove: z.array(KEY).max(100).optional().describe(t("param.extra_remove")),
  }),
  output: { ...changeOutput, changed: z.array(z.string()) },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Advanced settings (extraConfig) can change VM behaviour and security: high in the seed's tiers.
  tier: "high",
  privileges: ["VirtualMachine.Config.AdvancedConfig"],
  aliases: ["set_vm_extra_config", "set_vm_advanced_setting"],
  async handler(args, ctx) {
    const entries = Object.entries(args.set ?? {});
    if (!entries.length && !args.remove?.length) {
      throw new ToolInputError(
        "errors.param_required",
        { param: "set or remove", action: "extra_config" },
        "hints.input",
      );
    }
    const vm = await resolveVm(ctx, args.vm);
    const current = new Map<string, string>();
    for (const o of objects((await readVm(ctx, vm.ref, ["config.extraConfig"]))["config.extraConfig"])) {
      const key = str(o.key);
      if (key !== undefined) current.set(key, String(o.value ?? ""));
    }
    // vSphere removes an extraConfig key when it is set to an empty value.
    const changes = [
      ...entries.filter(([k, v]) => current.get(k) !== v),
      ...(args.remove ?? []).filter((k) => current.has(k) && current.get(k) !== "").map((k) =>
        [k, ""] as const
      ),
    ];
    const changed = changes.map(([k]) => k);
    if (!changes.length) {
      return {
        vm: vm.display,
        moref: vm.ref.value,
        message: ctx.t("vm_change.nothing", { name: vm.display }),
        changed,
      };
    }
    const spec = wire("VirtualMachineConfigSpec", {
      extraConfig: changes.map(([key, value]) => wire("OptionValue", { key, value })),
    });
    return await ctx.mutate({
      targets: [{
        ref: vm.ref,
        name: vm.display,
        state: Object.fromEntries(
          changed.map((k) => [k, current.has(k) ? sanitizeText(current.get(k)!) : null]),
        ),
      }],
      summary: ctx.t("vm_extra_config.summary", { name: vm.display, keys: changed.join(", ") }),
      method: "ReconfigVM_Task",
      args: { spec },
    }, async () => ({
      ...(await taskResult(ctx, "ReconfigVM_Task", vm.ref, { spec }, DEFAULT_WAIT_SECONDS, {
        vm: vm.display,
        moref: vm.ref.value,
        message: ctx.t("vm_extra_config.done", { name: vm.display, keys: changed.join(", ") }),
      })),
      changed,
    }));
  },
});
