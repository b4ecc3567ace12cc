import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { COMPLIANCE_STATUSES, VcenterExtManager } from "../../vsphere/rest/vcenter_ext.ts";
import { clusterNames, entityNames } from "./shared.ts";

const VIEWS = ["registries", "linked_vcenters", "datastore_default_policy", "policy_compliance"] as const;

export const vcenterExtInfo = defineTool({
  name: "vcenter_ext_info",
  toolset: "vcenter",
  input: (t) => ({
    view: z.enum(VIEWS).describe(t("param.vcenter_ext_info_view")),
    datastore: z.string().min(1).max(300).optional().describe(t("param.vcenter_ext_info_datastore")),
    statuses: z.array(z.enum(COMPLIANCE_STATUSES)).min(1).max(5).default(["NON_COMPLIANT", "OUT_OF_DATE"])
      .describe(t("param.vcenter_ext_info_statuses")),
  }),
  output: {
    registries: z.array(z.object({
      registry: z.string(),
      cluster: z.string().nullable(),
      cluster_name: z.string().nullable(),
      version: z.string(),
      ui_url: z.string(),
    })).optional(),
    linked_vcenters: z.array(z.object({ link: z.string(), name: z.string() })).optional(),
    datastore: z.object({ id: z.string(), name: z.string(), default_policy: z.string().nullable() })
      .optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: [
    "list_content_registries",
    "get_hvc_links",
    "get_datastore_default_policy",
    "get_storage_policy_entity_compliance",
  ],
  async handler(args, ctx) {
    const ext = new VcenterExtManager(ctx.vsphere.rest);
    const s = sanitizeText;
    if (args.view === "registries") {
      const list = await ext.harborRegistries();
      const names = await clusterNames(ctx, list.flatMap((r) => (r.cluster ? [r.cluster] : [])));
      return {
        registries: list.map((r) => ({
          registry: s(r.registry),
          cluster: r.cluster ? s(r.cluster) : null,
          cluster_name: r.cluster ? names.get(r.cluster) ?? s(r.cluster) : null,
          version: s(r.version),
          ui_url: s(r.ui_access_url),
        })),
      };
    }
    if (args.view === "linked_vcenters") {
      return {
        linked_vcenters: (await ext.hvcLinks()).map((l) => ({ link: s(l.link), name: s(l.display_name) })),
      };
    }
    if (args.view === "policy_compliance") {
      const list = await ext.policyCompliance(args.statuses);
      const names = await entityNames(ctx, "VirtualMachine", list.map((c) => c.vm));
      return {
        policy_compliance: list.map((c) => ({
          vm: s(c.vm),
          name: names.get(c.vm) ?? s(c.vm),
          vm_home: c.vm_home ?? null,
          disks: c.disks.map(([disk, status]) => ({ disk: s(disk), status })),
        })),
      };
    }
    if (!args.datastore) throw new ToolInputError("vcenter_ext_info.datastore_required", {}, "hints.input");
    const ds = await resolveEntity(ctx.vsphere, "Datastore", args.datastore, { signal: ctx.signal });
    const policy = await ext.datastoreDefaultPolicy(ds.ref.value);
    return {
      datastore: {
        id: s(ds.ref.value),
        name: s(ds.name),
        default_policy: policy === null ? null : s(policy),
      },
    };
  },
});
