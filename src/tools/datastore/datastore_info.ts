import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import {
  asObject,
  asObjects,
  bool,
  num,
  ref,
  refs,
  resolveDatastore,
  retrieveMany,
  str,
  text,
} from "../shared/vim_values.ts";

export const datastoreInfo = defineTool({
  name: "datastore_info",
  toolset: "datastore",
  input: (t) => ({
    datastore: z.string().min(1).max(1024).describe(t("param.datastore_required")),
    vm_limit: z.number().int().min(0).max(1000).default(100).describe(t("param.vm_limit")),
  }),
  output: {
    moref: z.string(),
    name: z.string(),
    type: z.string(),
    url: z.string(),
    accessible: z.boolean(),
    maintenance_mode: z.string().nullable(),
    capacity_bytes: z.number().nullable(),
    free_bytes: z.number().nullable(),
    uncommitted_bytes: z.number().nullable(),
    used_percent: z.number().nullable(),
    hosts: z.array(
      z.object({ moref: z.string(), name: z.string(), mounted: z.boolean(), access: z.string() }),
    ),
    vms: z.array(z.object({ moref: z.string(), name: z.string(), power_state: z.string() })),
    vm_count: z.number().int(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.View"],
  aliases: ["get_datastore_info", "list_datastore_hosts"],
  async handler(args, ctx) {
    const ds = await resolveDatastore(ctx.vsphere, args.datastore, ctx.signal);
    const p = await retrieveOne(ctx.vsphere, ds.ref, ["summary", "host", "vm"], { signal: ctx.signal });
    const summary = asObject(p.summary);
    const capacity = num(summary.capacity) ?? null;
    const free = num(summary.freeSpace) ?? null;
    const mounts = asObjects(p.host);
    const hostRefs = mounts.map((m) => ref(m.key)).filter((r): r is MoRef => r !== undefined);
    const hostNames = new Map(
      (await retrieveMany(ctx.vsphere, hostRefs, ["name"], ctx.signal)).map((
        h,
      ) => [h.ref.value, text(h.props.name)]),
    );
    const vmRefs = refs(p.vm);
    const vms = (await retrieveMany(
      ctx.vsphere,
      vmRefs.slice(0, args.vm_limit),
      ["name", "runtime.powerState"],
      ctx.signal,
    ))
      .map((vm) => ({
        moref: vm.ref.value,
        name: text(vm.props.name),
        power_state: str(vm.props["runtime.powerState"]) ?? "unknown",
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return {
      moref: ds.ref.value,
      name: text(summary.name ?? ds.name),
      type: text(summary.type),
      url: text(summary.url),
      accessible: bool(summary.accessible) ?? false,
      maintenance_mode: str(summary.maintenanceMode) ?? null,
      capacity_bytes: capacity,
      free_bytes: free,
      uncommitted_bytes: num(summary.uncommitted) ?? null,
      used_percent: capacity && free !== null ? Math.round(((capacity - free) / capacity) * 1000) / 10 : null,
      hosts: mounts.map((m) => {
        const key = ref(m.key);
        const info = asObject(m.mountInfo);
        return {
          moref: key?.value ?? "",
          name: hostNames.get(key?.value ?? "") ?? "",
          mounted: bool(info.mounted) ?? true,
          access: str(info.accessMode) ?? "",
        };
      }),
      vms,
      vm_count: vmRefs.length,
    };
  },
});
