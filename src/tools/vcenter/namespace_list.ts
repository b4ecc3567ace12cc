import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { NamespaceManager } from "../../vsphere/rest/namespaces.ts";
import { messageText } from "../appliance/shared.ts";
import { clusterNames } from "./shared.ts";

const KINDS = ["namespaces", "supervisors"] as const;

const statsOut = z.object({
  cpu_used_mhz: z.number(),
  memory_used_mib: z.number(),
  storage_used_mib: z.number(),
});

export const namespaceList = defineTool({
  name: "namespace_list",
  toolset: "vcenter",
  input: (t) => ({
    kind: z.enum(KINDS).default("namespaces").describe(t("param.namespace_list_kind")),
    namespace: z.string().min(1).max(63).optional().describe(t("param.namespace_list_namespace")),
  }),
  output: {
    namespaces: z.array(z.object({
      namespace: z.string(),
      cluster: z.string(),
      cluster_name: z.string(),
      status: z.string(),
      description: z.string(),
      stats: statsOut,
    })).optional(),
    supervisors: z.array(z.object({
      cluster: z.string(),
      cluster_name: z.string(),
      config_status: z.string(),
      kubernetes_status: z.string(),
    })).optional(),
    detail: z.object({
      namespace: z.string(),
      cluster: z.string(),
      status: z.string(),
      description: z.string(),
      stats: statsOut,
      access: z.array(
        z.object({ subject: z.string(), type: z.string(), domain: z.string(), role: z.string() }),
      ),
      storage: z.array(z.object({ policy: z.string(), limit_mib: z.number().nullable() })),
      vm_classes: z.array(z.string()),
      content_libraries: z.array(z.string()),
      messages: z.array(z.object({ severity: z.string(), text: z.string() })),
    }).optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read"],
  aliases: ["list_namespaces", "get_namespace", "list_wcp_clusters", "get_wcp_cluster_status"],
  async handler(args, ctx) {
    const ns = new NamespaceManager(ctx.vsphere.rest);
    const s = sanitizeText;
    const stats = (x: { cpu_used: number; memory_used: number; storage_used: number } | undefined) => ({
      cpu_used_mhz: x?.cpu_used ?? 0,
      memory_used_mib: x?.memory_used ?? 0,
      storage_used_mib: x?.storage_used ?? 0,
    });
    if (args.namespace) {
      const info = await ns.get(args.namespace);
      return {
        detail: {
          namespace: s(args.namespace),
          cluster: s(info.cluster),
          status: info.config_status,
          description: s(info.description ?? ""),
          stats: stats(info.stats),
          access: (info.access_list ?? []).map((a) => ({
            subject: s(a.subject),
            type: a.subject_type,
            domain: s(a.domain),
            role: a.role,
          })),
          storage: (info.storage_specs ?? []).map((p) => ({
            policy: s(p.policy),
            limit_mib: p.limit ?? null,
          })),
          vm_classes: (info.vm_service_spec?.vm_classes ?? []).map((c) => s(c)),
          content_libraries: (info.vm_service_spec?.content_libraries ?? []).map((c) => s(c)),
          messages: (info.messages ?? []).map((m) => ({
            severity: m.severity,
            text: messageText(m.details),
          })),
        },
      };
    }
    if (args.kind === "supervisors") {
      const list = await ns.listSupervisors();
      const names = await clusterNames(ctx, list.filter((c) => !c.cluster_name).map((c) => c.cluster));
      return {
        supervisors: list.map((c) => ({
          cluster: s(c.cluster),
          cluster_name: c.cluster_name ? s(c.cluster_name) : names.get(c.cluster) ?? s(c.cluster),
          config_status: c.config_status,
          kubernetes_status: c.kubernetes_status,
        })),
      };
    }
    const list = await ns.list();
    const names = await clusterNames(ctx, list.map((n) => n.cluster));
    return {
      namespaces: list.map((n) => ({
        namespace: s(n.namespace),
        cluster: s(n.cluster),
        cluster_name: names.get(n.cluster) ?? s(n.cluster),
        status: n.config_status,
        description: s(n.description ?? ""),
        stats: stats(n.stats),
      })).sort((a, b) => a.namespace.localeCompare(b.namespace)),
    };
  },
});
