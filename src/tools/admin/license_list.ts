import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { readLicenses } from "./common.ts";

export const licenseEntry = z.object({
  license: z.string().describe("The key with all but its last block masked"),
  name: z.string(),
  edition: z.string(),
  total: z.number().nullable(),
  used: z.number().nullable(),
  cost_unit: z.string(),
  labels: z.record(z.string(), z.string()),
});

export const licenseList = defineTool({
  name: "license_list",
  toolset: "admin",
  input: () => ({}),
  output: { licenses: z.array(licenseEntry) },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["Global.Licenses"],
  aliases: ["get_license_info"],
  async handler(_args, ctx) {
    const { licenses } = await readLicenses(ctx);
    return { licenses: licenses.map(({ key: _key, ...rest }) => rest) };
  },
});
