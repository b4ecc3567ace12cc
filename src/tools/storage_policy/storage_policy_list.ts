import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { VSphereError } from "../../vsphere/errors.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import { pbmOf } from "../../vsphere/pbm/client.ts";
import {
  associatedProfileXml,
  checkComplianceXml,
  checkRequirementsXml,
  type PbmEntity,
} from "../../vsphere/pbm/policies.ts";
import { asArray, asObject, asObjects, num, retrieveMany, str, text } from "../shared/vim_values.ts";
import { listPolicies, resolvePolicy } from "./common.ts";

const ACTIONS = ["list", "get", "vm", "compatible_datastores"] as const;

const rule = z.object({
  rule_set: z.string(),
  namespace: z.string(),
  capability: z.string(),
  property: z.string(),
  value: z.string(),
});
const policy = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.string(),
  is_default: z.boolean(),
  system_type: z.string(),
  rule_count: z.number(),
  rules: z.array(rule).optional(),
});

/** The VM home and each virtual disk as PBM server objects ("vm-1", "vm-1:2000"), with display labels. */
async function vmEntities(
  ctx: Parameters<typeof listPolicies>[0],
  vm: string,
): Promise<{ ref: string; name: string; entities: { entity: PbmEntity; label: string }[] }> {
  const resolved = await resolveEntity(ctx.vsphere, "VirtualMachine", vm, { signal: ctx.signal });
  const p = await retrieveOne(ctx.vsphere, resolved.ref, ["config.hardware.device"], { signal: ctx.signal });
  const disks = asObjects(p["config.hardware.device"]).filter((d) => d._type === "VirtualDisk");
  return {
    ref: resolved.ref.value,
    name: sanitizeText(resolved.name),
    entities: [
      { entity: { objectType: "virtualMachine", key: resolved.ref.value }, label: "vm home" },
      ...disks.map((d) => ({
        entity: { objectType: "virtualDiskId" as const, key: `${resolved.ref.value}:${str(d.key)}` },
        label: text(asObject(d.deviceInfo).label) || `disk ${str(d.key)}`,
      })),
    ],
  };
}

export const storagePolicyList = defineTool({
  name: "storage_policy_list",
  toolset: "storage_policy",
  input: (t) => ({
    action: z.enum(ACTIONS).default("list").describe(t("param.storage_policy_list_action")),
    policy: z.string().min(1).max(300).optional().describe(t("param.storage_policy")),
    vm: z.string().min(1).max(300).optional().describe(t("param.storage_policy_list_vm")),
  }),
  output: {
    action: z.enum(ACTIONS),
    policies: z.array(policy).optional(),
    vm: z.object({
      ref: z.string(),
      name: z.string(),
      objects: z.array(z.object({
        object: z.string(),
        label: z.string(),
        policies: z.array(z.string()),
        compliance: z.string(),
      })),
      compliance_error: z.string().optional(),
    }).optional(),
    datastores: z.array(z.object({
      ref: z.string(),
      name: z.string(),
      compatible: z.boolean(),
      free_gb: z.number().nullable(),
      reason: z.string().optional(),
    })).optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["StorageProfile.View"],
  aliases: [
    "list_storage_policies",
    "get_storage_policy",
    "get_vm_storage_policy_compliance",
    "get_compatible_datastores",
  ],
  async handler(args, ctx) {
    const summary = (p: Awaited<ReturnType<typeof listPolicies>>[number], full: boolean) => ({
      id: p.id,
      name: p.name,
      description: p.description,
      category: p.category,
      is_default: p.is_default,
      system_type: p.system_type,
      rule_count: p.rules.length,
      ...(full ? { rules: p.rules } : {}),
    });
    if (args.action === "list") {
      return { action: args.action, policies: (await listPolicies(ctx)).map((p) => summary(p, false)) };
    }
    if (args.action === "get" || args.action === "compatible_datastores") {
      if (!args.policy) throw new ToolInputError("errors.storage_policy_missing", { action: args.action });
      const found = await resolvePolicy(ctx, args.policy);
      if (args.action === "get") return { action: args.action, policies: [summary(found, true)] };
      const pbm = pbmOf(ctx.vsphere);
      const { placementSolver } = await pbm.content();
      const results = asObjects(
        await pbm.call("PbmCheckRequirements", placementSolver, checkRequirementsXml(found.id), ctx.signal),
      );
      const hubs = results.map((r) => ({
        id: text(asObject(r.hub).hubId),
        type: text(asObject(r.hub).hubType),
        error: asObjects(r.error).map((e) => text(asObject(e).localizedMessage)).filter(Boolean).join("; "),
      })).filter((h) => h.type === "Datastore");
      const props = await retrieveMany(
        ctx.vsphere,
        hubs.map((h) => ({ type: "Datastore", value: h.id })),
        ["name", "summary.freeSpace"],
        ctx.signal,
      );
      const byId = new Map(props.map((p) => [p.ref.value, p.props]));
      return {
        action: args.action,
        policies: [summary(found, false)],
        datastores: hubs.map((h) => {
          const ds = byId.get(h.id) ?? {};
          const free = num(ds["summary.freeSpace"]);
          return {
            ref: h.id,
            name: text(ds.name),
            compatible: h.error === "",
            free_gb: free === undefined ? null : Math.round(free / 2 ** 30 * 10) / 10,
            ...(h.error ? { reason: h.error } : {}),
          };
        }),
      };
    }
    if (!args.vm) throw new ToolInputError("errors.storage_policy_vm_missing", {});
    const vm = await vmEntities(ctx, args.vm);
    const pbm = pbmOf(ctx.vsphere);
    const { profileManager, complianceManager } = await pbm.content();
    const names = new Map((await listPolicies(ctx)).map((p) => [p.id, p.name]));
    const objects = [];
    for (const { entity, label } of vm.entities) {
      const ids = asObjects(
        await pbm.call("PbmQueryAssociatedProfile", profileManager, associatedProfileXml(entity), ctx.signal),
      ).map((id) => text(id.uniqueId));
      objects.push({
        object: entity.key,
        label,
        policies: ids.map((id) => names.get(id) ?? id),
        compliance: "",
      });
    }
    let complianceError: string | undefined;
    try {
      const results = asArray(
        await pbm.call(
          "PbmCheckCompliance",
          complianceManager,
          checkComplianceXml(vm.entities.map((e) => e.entity)),
          ctx.signal,
        ),
      ).map(asObject);
      for (const r of results) {
        const key = text(asObject(r.entity).key);
        const row = objects.find((o) => o.object === key);
        if (row) row.compliance = text(r.complianceStatus);
      }
    } catch (error) {
      if (!(error instanceof VSphereError)) throw error;
      complianceError = error.message;
    }
    for (const o of objects) o.compliance ||= o.policies.length ? "unknown" : "notApplicable";
    return {
      action: args.action,
      vm: {
        ref: vm.ref,
        name: vm.name,
        objects,
        ...(complianceError ? { compliance_error: sanitizeText(complianceError) } : {}),
      },
    };
  },
});
