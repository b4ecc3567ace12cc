import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { datastoreInput, dsPathInput, resolvePath } from "../datastore/common.ts";
import { parseOvf } from "./descriptor.ts";
import { MAX_DESCRIPTOR } from "./ovf_import.ts";
import { datastoreFileUrl, httpGet } from "./transfer.ts";

export const ovfInspect = defineTool({
  name: "ovf_inspect",
  toolset: "ovf",
  input: (t) => ({
    ovf: dsPathInput(t).describe(t("param.ovf_path")),
    ovf_datastore: datastoreInput(t),
  }),
  output: {
    ovf: z.string(),
    virtual_systems: z.array(z.string()),
    deployment_options: z.array(z.object({ id: z.string(), label: z.string(), default: z.boolean() })),
    networks: z.array(z.object({ name: z.string(), description: z.string() })),
    disks: z.array(z.object({ id: z.string(), file: z.string(), capacity: z.string() })),
    files: z.array(z.object({ id: z.string(), href: z.string(), size: z.number().nullable() })),
    properties: z.array(z.object({
      key: z.string(),
      type: z.string(),
      default: z.string(),
      configurable: z.boolean(),
      label: z.string(),
    })),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["Datastore.Browse"],
  aliases: ["list_ovf_deploy_options"],
  async handler(args, ctx) {
    const ovf = await resolvePath(ctx, args.ovf_datastore, args.ovf);
    const bytes = await httpGet(ctx, await datastoreFileUrl(ctx, ovf, ovf.datastore.name), MAX_DESCRIPTOR);
    try {
      return { ovf: ovf.full, ...parseOvf(new TextDecoder().decode(bytes)) };
    } catch (error) {
      throw new ToolInputError("errors.ovf_not_descriptor", {
        path: ovf.full,
        reason: String((error as Error).message),
      });
    }
  },
});
