import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { VSphereError } from "../../vsphere/errors.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { callVim } from "../shared/vim_values.ts";
import { optionManagerOf, optionValue, queryOptions } from "./advanced_option_list.ts";

type Value = string | number | boolean;

/** The new value in the type the option already has (vCenter refuses a value of another type). */
export function coerceOption(current: Value | null, wanted: Value): Value {
  if (typeof current === "number" && typeof wanted === "string" && /^-?\d+(\.\d+)?$/.test(wanted.trim())) {
    return Number(wanted);
  }
  if (typeof current === "boolean" && (wanted === "true" || wanted === "false")) return wanted === "true";
  if (typeof current === "string" && typeof wanted !== "string") return String(wanted);
  return wanted;
}

/** UpdateOptions arguments, WSDL order. */
export function updateOptionsRequest(key: string, value: Value) {
  const changed: VimObject = { _type: "OptionValue", key, value };
  return { method: "UpdateOptions", args: { changedValue: [changed] } };
}

export const advancedOption = defineTool({
  name: "advanced_option",
  toolset: "host",
  input: (t) => ({
    host: z.string().min(1).max(300).optional().describe(t("param.option_host")),
    key: z.string().min(1).max(200).describe(t("param.option_key")),
    value: optionValue.describe(t("param.option_value")),
    datacenter: datacenterInput(t),
  }),
  output: {
    owner: z.string(),
    key: z.string(),
    previous: optionValue.nullable(),
    value: optionValue.nullable(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Advanced settings change kernel and agent behaviour with little validation: high, as the seed rates it.
  tier: "high",
  privileges: ["Host.Config.AdvancedConfig", "Global.Settings"],
  aliases: ["set_esxi_advanced_setting", "set_vcenter_advanced_setting"],
  async handler(args, ctx) {
    const { manager, owner } = await optionManagerOf(ctx, args.host, args.datacenter);
    const ownerName = sanitizeText(owner.name);
    const current = (await queryOptions(ctx, manager, args.key).catch((error) => {
      // An unknown key is InvalidName from vCenter: an input the model can correct.
      if (error instanceof VSphereError && error.faultType === "InvalidName") return [];
      throw error;
    })).find((o) => o.key === args.key);
    if (!current) throw new ToolInputError("errors.option_not_found", { key: args.key, owner: ownerName });
    const value = coerceOption(current.value, args.value);
    if (current.value === value) {
      return {
        owner: ownerName,
        key: args.key,
        previous: current.value,
        value,
        message: ctx.t("advanced_option.already", { owner: ownerName, key: args.key, value: String(value) }),
      };
    }
    const request = updateOptionsRequest(args.key, value);
    return await ctx.mutate({
      targets: [{ ref: owner.ref, name: ownerName, state: { [args.key]: current.value } }],
      summary: ctx.t("advanced_option.summary", {
        owner: ownerName,
        key: args.key,
        from: String(current.value),
        to: String(value),
      }),
      method: "OptionManager.UpdateOptions",
      args: { key: args.key, value },
    }, async () => {
      await callVim(ctx, request.method, manager, request.args);
      const after = (await queryOptions(ctx, manager, args.key)).find((o) => o.key === args.key);
      return {
        owner: ownerName,
        key: args.key,
        previous: current.value,
        value: after?.value ?? null,
        message: ctx.t("advanced_option.done", {
          owner: ownerName,
          key: args.key,
          value: String(after?.value),
        }),
      };
    });
  },
});
