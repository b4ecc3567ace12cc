import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { globMatcher } from "../shared/glob.ts";
import { describeSpec, specDetail, specInfos, specManager } from "./shared.ts";
import { notFoundByName } from "../shared/lookup.ts";

export const customizationSpecList = defineTool({
  name: "customization_spec_list",
  toolset: "customization",
  input: (t) => ({
    name: z.string().min(1).max(200).optional().describe(t("param.customization.name_or_glob")),
  }),
  output: {
    specs: z.array(z.object({
      name: z.string(),
      description: z.string(),
      type: z.string().describe("Linux or Windows"),
      last_updated: z.string().nullable(),
    })),
    spec: specDetail.optional().describe("The full spec when name matches exactly one"),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["VirtualMachine.Provisioning.ReadCustSpecs"],
  aliases: ["list_customization_specs", "get_customization_spec"],
  async handler(args, ctx) {
    const matches = globMatcher(args.name);
    const specs = (await specInfos(ctx)).filter((s) => matches(s.name))
      .sort((a, b) => a.name.localeCompare(b.name));
    const exact = args.name !== undefined && !/[*?]/.test(args.name);
    if (!exact) return { specs };
    if (specs.length === 0) {
      notFoundByName("customization spec", sanitizeText(args.name!));
    }
    const item = await ctx.vsphere.call(
      "GetCustomizationSpec",
      await specManager(ctx),
      { name: args.name! },
      {
        signal: ctx.signal,
      },
    ) as VimObject;
    return { specs, spec: describeSpec(item) };
  },
});
