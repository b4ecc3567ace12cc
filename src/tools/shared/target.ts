/**
 * Multi-vCenter opt-in for tools. A tool that can act on a named target (VSPHERE_TARGETS_FILE) adds
 * `target: targetInput(t)` to its input and talks to `clientFor(ctx, args.target)` instead of
 * `ctx.vsphere`. Governance reads the same `target` argument: scope checks and audit records follow it.
 */
import { z } from "zod";
import type { Translate } from "../../i18n/mod.ts";
import type { ToolContext } from "../../registry/define.ts";
import type { VSphereClient } from "../../vsphere/client.ts";

export function targetInput(t: Translate) {
  return z.string().regex(/^[\w.-]{1,64}$/).optional().describe(t("param.target"));
}

export function clientFor(ctx: ToolContext, target: string | undefined): VSphereClient {
  return target === undefined ? ctx.vsphere : ctx.vsphereFor(target);
}
