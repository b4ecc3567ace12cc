import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { isNotFound } from "../appliance/shared.ts";
import {
  type NamespaceAccess,
  type NamespaceCreate,
  type NamespaceInfo,
  NamespaceManager,
  type NamespaceUpdate,
} from "../../vsphere/rest/namespaces.ts";
import { clusterInput, resolveCluster } from "./shared.ts";
import { notFoundByName } from "../shared/lookup.ts";

const ACTIONS = ["create", "update"] as const;
/** Kubernetes DNS-1123 label: what vCenter accepts as a namespace name. */
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function namespaceNameInput(description: string) {
  return z.string().min(1).max(63).regex(NAME).describe(description);
}

export const namespace = defineTool({
  name: "namespace",
  toolset: "vcenter",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.namespace_action")),
    namespace: namespaceNameInput(t("param.namespace_namespace")),
    cluster: clusterInput(t).optional(),
    description: z.string().max(1024).optional().describe(t("param.namespace_description")),
    storage_policies: z.array(z.object({
      policy: z.string().min(1).max(200),
      limit_mib: z.number().int().min(1).optional(),
    })).max(32).optional().describe(t("param.namespace_storage_policies")),
    access: z.array(z.object({
      subject: z.string().min(1).max(256),
      domain: z.string().min(1).max(256),
      type: z.enum(["USER", "GROUP"]).default("USER"),
      role: z.enum(["OWNER", "EDIT", "VIEW"]),
    })).max(64).optional().describe(t("param.namespace_access")),
    vm_classes: z.array(z.string().min(1).max(200)).max(64).optional().describe(
      t("param.namespace_vm_classes"),
    ),
    content_libraries: z.array(z.string().min(1).max(200)).max(64).optional().describe(
      t("param.namespace_content_libraries"),
    ),
  }),
  output: {
    action: z.enum(ACTIONS),
    changed: z.boolean(),
    namespace: z.string(),
    cluster: z.string(),
    status: z.string().nullable(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  tier: "medium",
  privileges: ["Namespaces.Manage"],
  aliases: ["create_namespace", "update_namespace"],
  async handler(args, ctx) {
    const ns = new NamespaceManager(ctx.vsphere.rest);
    const name = sanitizeText(args.namespace);
    const common: NamespaceUpdate = {
      ...(args.description !== undefined ? { description: args.description } : {}),
      ...(args.storage_policies
        ? {
          storage_specs: args.storage_policies.map((p) => ({
            policy: p.policy,
            ...(p.limit_mib ? { limit: p.limit_mib } : {}),
          })),
        }
        : {}),
      ...(args.access
        ? {
          access_list: args.access.map((a): NamespaceAccess => ({
            subject_type: a.type,
            subject: a.subject,
            domain: a.domain,
            role: a.role,
          })),
        }
        : {}),
      ...(args.vm_classes || args.content_libraries
        ? {
          vm_service_spec: {
            ...(args.vm_classes ? { vm_classes: args.vm_classes } : {}),
            ...(args.content_libraries ? { content_libraries: args.content_libraries } : {}),
          },
        }
        : {}),
    };
    const current = await ns.get(args.namespace).catch((error): undefined => {
      if (isNotFound(error)) return undefined;
      throw error;
    });
    const target = (cluster: string, state: Record<string, unknown>) => ({
      ref: { type: "vcenter.namespaces.Instance", value: args.namespace },
      name,
      state: { cluster, ...state },
    });

    if (args.action === "create") {
      if (current) {
        return {
          action: args.action,
          changed: false,
          namespace: name,
          cluster: sanitizeText(current.cluster),
          status: current.config_status,
          message: ctx.t("namespace.exists", { name }),
        };
      }
      if (!args.cluster) throw new ToolInputError("namespace.cluster_required", {}, "hints.input");
      const cluster = await resolveCluster(ctx, args.cluster);
      const supervisors = await ns.listSupervisors();
      if (!supervisors.some((s) => s.cluster === cluster.id)) {
        throw new ToolInputError("namespace.not_supervisor", { cluster: cluster.name }, "hints.input");
      }
      const spec: NamespaceCreate = { cluster: cluster.id, namespace: args.namespace, ...common };
      return await ctx.mutate({
        targets: [target(cluster.id, { cluster_name: cluster.name })],
        summary: ctx.t("namespace.summary_create", { name, cluster: cluster.name }),
        method: "vcenter.namespaces.Instances.create",
        args: { ...spec },
      }, async () => {
        await ns.create(spec);
        const after = await ns.get(args.namespace);
        return {
          action: args.action,
          changed: true,
          namespace: name,
          cluster: sanitizeText(after.cluster),
          status: after.config_status,
          message: ctx.t("namespace.created", { name, status: after.config_status }),
        };
      });
    }

    if (!current) {
      notFoundByName("namespace", name);
    }
    const changes = changedFields(current, common);
    if (changes.length === 0) {
      return {
        action: args.action,
        changed: false,
        namespace: name,
        cluster: sanitizeText(current.cluster),
        status: current.config_status,
        message: ctx.t("namespace.no_change", { name }),
      };
    }
    return await ctx.mutate({
      targets: [target(current.cluster, {
        status: current.config_status,
        description: sanitizeText(current.description ?? ""),
        storage_specs: current.storage_specs ?? [],
        access_list: current.access_list ?? [],
      })],
      summary: ctx.t("namespace.summary_update", { name, changes: changes.join(", ") }),
      method: "vcenter.namespaces.Instances.update",
      args: { ...common },
    }, async () => {
      await ns.update(args.namespace, common);
      const after = await ns.get(args.namespace);
      return {
        action: args.action,
        changed: true,
        namespace: name,
        cluster: sanitizeText(after.cluster),
        status: after.config_status,
        message: ctx.t("namespace.updated", { name, changes: changes.join(", ") }),
      };
    });
  },
});

/** The fields of `spec` that differ from the namespace's current configuration. */
function changedFields(current: NamespaceInfo, spec: NamespaceUpdate): string[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const changes: string[] = [];
  if (spec.description !== undefined && spec.description !== (current.description ?? "")) {
    changes.push("description");
  }
  if (spec.storage_specs && !same(spec.storage_specs, current.storage_specs ?? [])) {
    changes.push("storage_specs");
  }
  if (spec.access_list && !same(spec.access_list, current.access_list ?? [])) changes.push("access_list");
  if (spec.vm_service_spec && !same(spec.vm_service_spec, current.vm_service_spec ?? {})) {
    changes.push("vm_service_spec");
  }
  return changes;
}
