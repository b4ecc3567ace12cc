import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { NamespaceManager } from "../../vsphere/rest/namespaces.ts";
import { isNotFound } from "../appliance/shared.ts";
import { namespaceNameInput } from "./namespace.ts";

export const namespaceDelete = defineTool({
  name: "namespace_delete",
  toolset: "vcenter",
  input: (t) => ({ namespace: namespaceNameInput(t("param.namespace_namespace")) }),
  output: {
    namespace: z.string(),
    status: z.string().describe("REMOVING while vCenter tears it down, or gone"),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Deleting a namespace deletes every workload, volume and VM in it.
  tier: "critical",
  privileges: ["Namespaces.Manage"],
  aliases: ["delete_namespace"],
  async handler(args, ctx) {
    const ns = new NamespaceManager(ctx.vsphere.rest);
    const name = sanitizeText(args.namespace);
    const current = await ns.get(args.namespace);
    return await ctx.mutate({
      targets: [{
        ref: { type: "vcenter.namespaces.Instance", value: args.namespace },
        name,
        state: {
          cluster: sanitizeText(current.cluster),
          status: current.config_status,
          cpu_used_mhz: current.stats?.cpu_used ?? 0,
          memory_used_mib: current.stats?.memory_used ?? 0,
          storage_used_mib: current.stats?.storage_used ?? 0,
        },
      }],
      summary: ctx.t("namespace_delete.summary", {
        name,
        storage: current.stats?.storage_used ?? 0,
        memory: current.stats?.memory_used ?? 0,
      }),
      method: "vcenter.namespaces.Instances.delete",
    }, async () => {
      await ns.delete(args.namespace);
      const status = await ns.get(args.namespace).then((i) => i.config_status).catch((error) => {
        if (isNotFound(error)) return "gone";
        throw error;
      });
      return { namespace: name, status, message: ctx.t("namespace_delete.done", { name, status }) };
    });
  },
});
