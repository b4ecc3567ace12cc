import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { asObject, asObjects, callVim, ref, str, text } from "../shared/vim_values.ts";
import { licenseEntity, maskLicense, readLicenses } from "./common.ts";

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
  input: (t) => ({
    assignments: z.boolean().default(false).describe(t("param.license_assignments")),
    entity: z.string().min(1).max(300).optional().describe(t("param.license_entity_filter")),
  }),
  output: {
    licenses: z.array(licenseEntry),
    assignments: z.array(z.object({
      entity_id: z.string().describe("Host MoRef id, or vCenter's instance UUID"),
      entity_name: z.string(),
      scope: z.string().nullable(),
      license: z.string(),
      name: z.string(),
    })).optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["Global.Licenses"],
  aliases: ["get_license_info", "list_license_assignments"],
  async handler(args, ctx) {
    const { manager, licenses } = await readLicenses(ctx);
    const out = { licenses: licenses.map(({ key: _key, ...rest }) => rest) };
    if (!args.assignments && !args.entity) return out;
    const assignment = ref(
      (await retrieveOne(ctx.vsphere, manager, ["licenseAssignmentManager"])).licenseAssignmentManager,
    );
    if (!assignment) return { ...out, assignments: [] };
    const entityId = args.entity ? (await licenseEntity(ctx, args.entity)).id : undefined;
    const raw = await callVim(ctx, "QueryAssignedLicenses", assignment, entityId ? { entityId } : {});
    return {
      ...out,
      assignments: asObjects(raw).map((a) => {
        const info = asObject(a.assignedLicense);
        return {
          entity_id: text(a.entityId),
          entity_name: text(a.entityDisplayName),
          scope: a.scope === undefined ? null : text(a.scope),
          license: maskLicense(str(info.licenseKey) ?? ""),
          name: text(info.name),
        };
      }),
    };
  },
});
