import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { callVim, ref } from "../shared/vim_values.ts";
import { licenseEntity, maskLicense, readLicenses } from "./common.ts";

const ACTIONS = ["add", "remove", "label", "assign"] as const;

/** LicenseManager calls, WSDL order. */
export function licenseRequest(
  action: typeof ACTIONS[number],
  key: string,
  label?: { key: string; value: string },
  entity?: { id: string; name: string },
) {
  switch (action) {
    case "assign":
      return {
        method: "UpdateAssignedLicense",
        args: { entity: entity!.id, licenseKey: key, entityDisplayName: entity!.name || undefined },
      };
    case "add":
      return {
        method: "AddLicense",
        args: {
          licenseKey: key,
          labels: label ? [{ _type: "KeyValue", key: label.key, value: label.value }] : undefined,
        },
      };
    case "remove":
      return { method: "RemoveLicense", args: { licenseKey: key } };
    case "label":
      return {
        method: "UpdateLicenseLabel",
        args: { licenseKey: key, labelKey: label!.key, labelValue: label!.value },
      };
  }
}

const KEY = /^[A-Z0-9]{5}(-[A-Z0-9]{5}){4}$/i;

export const license = defineTool({
  name: "license",
  toolset: "admin",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.license_action")),
    license: z.string().min(5).max(29).describe(t("param.license")),
    label_key: z.string().min(1).max(100).optional().describe(t("param.label_key")),
    label_value: z.string().max(256).optional().describe(t("param.label_value")),
    entity: z.string().min(1).max(300).optional().describe(t("param.license_entity")),
  }),
  output: {
    action: z.enum(ACTIONS),
    license: z.string(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Removing a license stops hosts or vCenter features that use it at their next check.
  tier: "medium",
  privileges: ["Global.Licenses"],
  aliases: ["add_license", "remove_license", "assign_license"],
  async handler(args, ctx) {
    const { manager, licenses } = await readLicenses(ctx);
    // A masked key from license_list (or just its last block) picks an installed license.
    const suffix = args.license.slice(-5).toUpperCase();
    const installed = licenses.filter((l) =>
      KEY.test(args.license) && !args.license.includes("X")
        ? l.key === args.license
        : l.key.toUpperCase().endsWith(suffix)
    );
    if (installed.length > 1) throw new ToolInputError("errors.license_ambiguous", { suffix });
    const found = installed[0];
    const masked = maskLicense(found?.key ?? args.license);
    const label = args.label_key ? { key: args.label_key, value: args.label_value ?? "" } : undefined;
    if (args.action === "add") {
      if (!KEY.test(args.license) || args.license.includes("X")) {
        throw new ToolInputError("errors.license_format", {});
      }
      if (found) {
        return {
          action: args.action,
          license: masked,
          message: ctx.t("license.already", { license: masked }),
        };
      }
    } else if (!found) {
      if (args.action === "remove") {
        return {
          action: args.action,
          license: masked,
          message: ctx.t("license.absent", { license: masked }),
        };
      }
      throw new ToolInputError("errors.license_not_found", { license: masked });
    }
    if (args.action === "label" && !label) throw new ToolInputError("errors.license_label", {});
    if (args.action === "assign" && !args.entity) throw new ToolInputError("errors.license_entity", {});
    const entity = args.action === "assign" ? await licenseEntity(ctx, args.entity!) : undefined;
    const key = found?.key ?? args.license;
    const request = licenseRequest(args.action, key, label, entity);
    return await ctx.mutate({
      targets: [{
        ref: manager,
        name: masked,
        state: found ? { name: found.name, total: found.total, used: found.used, labels: found.labels } : {},
      }],
      summary: ctx.t(`license.summary_${args.action}` as const, {
        license: masked,
        used: found?.used ?? 0,
        entity: entity?.name ?? "",
      }),
      method: request.method,
      args: { license: masked, ...(label ? { label } : {}), ...(entity ? { entity: entity.id } : {}) },
    }, async () => {
      const on = args.action === "assign"
        ? ref(
          (await retrieveOne(ctx.vsphere, manager, ["licenseAssignmentManager"])).licenseAssignmentManager,
        )!
        : manager;
      await callVim(ctx, request.method, on, request.args);
      return {
        action: args.action,
        license: masked,
        message: ctx.t("license.done", { license: masked, action: args.action }),
      };
    });
  },
});
