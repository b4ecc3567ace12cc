import { z } from "zod";
import { defineTool, type ToolContext } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { globMatcher } from "../shared/glob.ts";
import { datacenterInput } from "../shared/inputs.ts";
import { page, pagingInput } from "../shared/paging.ts";
import { asObjects, callVim, hostManager, serviceManager, text } from "../shared/vim_values.ts";
import { readHost } from "./common.ts";

export const optionValue = z.union([z.string(), z.number(), z.boolean()]);

/** The option manager to use: the host's advancedOption, or vCenter's own settings when no host is given. */
export async function optionManagerOf(
  ctx: ToolContext,
  host: string | undefined,
  datacenter: string | undefined,
): Promise<{ manager: MoRef; owner: { ref: MoRef; name: string } }> {
  if (!host) {
    const manager = await serviceManager(ctx.vsphere, "setting");
    return { manager, owner: { ref: manager, name: "vCenter" } };
  }
  const resolved = await readHost(ctx, host, datacenter);
  return { manager: await hostManager(ctx, resolved.ref, "advancedOption"), owner: resolved };
}

/** OptionValue.value is anyType: keep numbers and booleans typed, show anything else as text. */
export function plainValue(value: VimValue | undefined): string | number | boolean | null {
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "string") return sanitizeText(value);
  return value === undefined || value === null ? null : sanitizeText(JSON.stringify(value));
}

/** QueryOptions(name): a full key, or a prefix ending in "." for a subtree. */
export async function queryOptions(ctx: ToolContext, manager: MoRef, name: string | undefined) {
  const values = await callVim(ctx, "QueryOptions", manager, name ? { name } : {});
  return asObjects(values).map((o) => ({ key: text(o.key), value: plainValue(o.value) }));
}

export const advancedOptionList = defineTool({
  name: "advanced_option_list",
  toolset: "host",
  input: (t) => ({
    host: z.string().min(1).max(300).optional().describe(t("param.option_host")),
    prefix: z.string().max(200).optional().describe(t("param.option_prefix")),
    key: z.string().max(200).optional().describe(t("param.option_key_glob")),
    datacenter: datacenterInput(t),
    ...pagingInput(t),
  }),
  output: {
    owner: z.string().describe("Host name, or vCenter"),
    options: z.array(z.object({ key: z.string(), value: optionValue.nullable() })),
    total: z.number().int(),
    next_cursor: z.string().optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: ["get_esxi_advanced_settings", "get_vcenter_advanced_settings"],
  async handler(args, ctx) {
    const { manager, owner } = await optionManagerOf(ctx, args.host, args.datacenter);
    const matches = globMatcher(args.key);
    const options = (await queryOptions(ctx, manager, args.prefix))
      .filter((o) => matches(o.key))
      .sort((a, b) => a.key.localeCompare(b.key));
    const { items, total, next_cursor } = page(options, args.limit, args.cursor);
    return {
      owner: sanitizeText(owner.name),
      options: items,
      total,
      ...(next_cursor ? { next_cursor } : {}),
    };
  },
});
