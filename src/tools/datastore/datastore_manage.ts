import { z } from "zod";
import { type ChangeTarget, defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { waitInput } from "../shared/inputs.ts";
import { runTask, taskFields } from "../shared/task_result.ts";
import {
  asObject,
  asObjects,
  callVim,
  ref,
  refs,
  resolveDatastore,
  str,
  text,
} from "../shared/vim_values.ts";

const ACTIONS = ["refresh", "rename", "enter_maintenance", "exit_maintenance", "unmount", "remove"] as const;
type Action = typeof ACTIONS[number];

/** The call for each action, WSDL order; `unmount` runs on a host's HostDatastoreSystem. */
export function datastoreRequest(
  action: Action,
  datastore: MoRef,
  o: { name?: string | undefined; datastoreSystem?: MoRef | undefined } = {},
): { method: string; this: MoRef; task: boolean; args: Record<string, VimValue | undefined> } {
  switch (action) {
    case "refresh":
      return { method: "RefreshDatastore", this: datastore, task: false, args: {} };
    case "rename":
      return { method: "RenameDatastore", this: datastore, task: false, args: { newName: o.name! } };
    case "enter_maintenance":
      return { method: "DatastoreEnterMaintenanceMode", this: datastore, task: false, args: {} };
    case "exit_maintenance":
      return { method: "DatastoreExitMaintenanceMode_Task", this: datastore, task: true, args: {} };
    case "unmount":
      return { method: "RemoveDatastore", this: o.datastoreSystem!, task: false, args: { datastore } };
    case "remove":
      return { method: "Destroy_Task", this: datastore, task: true, args: {} };
  }
}

export const datastoreManage = defineTool({
  name: "datastore_manage",
  toolset: "datastore",
  input: (t) => ({
    datastore: z.string().min(1).max(1024).describe(t("param.datastore_required")),
    action: z.enum(ACTIONS).describe(t("param.datastore_action")),
    name: z.string().min(1).max(80).optional().describe(t("param.new_name")),
    host: z.string().min(1).max(300).optional().describe(t("param.unmount_host")),
    wait_seconds: waitInput(t),
  }),
  output: {
    datastore: z.string(),
    name: z.string(),
    action: z.enum(ACTIONS),
    maintenance_mode: z.string().nullable(),
    hosts: z.array(z.string()).describe("Hosts that mount the datastore afterwards"),
    message: z.string(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Unmounting, removing or evacuating a datastore cuts VMs off their disks or moves them all.
  tier: "high",
  privileges: ["Datastore.Rename", "Datastore.Config", "Host.Config.Storage", "Datastore.Delete"],
  aliases: [
    "rename_datastore",
    "refresh_datastore",
    "unmount_datastore",
    "enter_datastore_maintenance_mode",
    "exit_datastore_maintenance_mode",
  ],
  async handler(args, ctx) {
    const ds = await resolveDatastore(ctx.vsphere, args.datastore, ctx.signal);
    const name = sanitizeText(ds.name);
    const read = async () => {
      const p = await retrieveOne(ctx.vsphere, ds.ref, ["summary", "host", "vm"]);
      const hosts = asObjects(p.host).map((m) => ref(m.key)).filter((r): r is MoRef => r !== undefined);
      return {
        name: text(asObject(p.summary).name),
        maintenance: str(asObject(p.summary).maintenanceMode) ?? null,
        hosts,
        vms: refs(p.vm).length,
      };
    };
    const before = await read();
    const result = (state: Awaited<ReturnType<typeof read>>, message: string, extra = {}) => ({
      datastore: ds.ref.value,
      name: state.name,
      action: args.action,
      maintenance_mode: state.maintenance,
      hosts: state.hosts.map((h) => h.value),
      message,
      ...extra,
    });
    const unchanged = (key: "datastore_manage.same_name" | "datastore_manage.already") =>
      result(before, ctx.t(key, { name, action: args.action }));
    if (args.action === "rename") {
      if (!args.name) throw new ToolInputError("errors.datastore_name_missing", {});
      if (args.name === ds.name) return unchanged("datastore_manage.same_name");
    }
    if (args.action === "enter_maintenance" && before.maintenance === "inMaintenance") {
      return unchanged("datastore_manage.already");
    }
    if (args.action === "exit_maintenance" && (before.maintenance ?? "normal") === "normal") {
      return unchanged("datastore_manage.already");
    }
    let datastoreSystem: MoRef | undefined;
    const targets: ChangeTarget[] = [{
      ref: ds.ref,
      name,
      state: { maintenanceMode: before.maintenance, hosts: before.hosts.length, vms: before.vms },
    }];
    if (args.action === "unmount") {
      if (!args.host) throw new ToolInputError("errors.unmount_host_missing", {});
      const host = await resolveEntity(ctx.vsphere, "HostSystem", args.host, { signal: ctx.signal });
      if (!before.hosts.some((h) => h.value === host.ref.value)) return unchanged("datastore_manage.already");
      datastoreSystem = ref(
        (await retrieveOne(ctx.vsphere, host.ref, ["configManager.datastoreSystem"]))[
          "configManager.datastoreSystem"
        ],
      );
      targets.push({ ref: host.ref, name: sanitizeText(host.name) });
    }
    const request = datastoreRequest(args.action, ds.ref, { name: args.name, datastoreSystem });
    return await ctx.mutate({
      targets,
      summary: ctx.t(`datastore_manage.summary_${args.action}` as const, {
        name,
        new_name: args.name ?? "",
        vms: before.vms,
        hosts: before.hosts.length,
        host: targets[1]?.name ?? "",
      }),
      method: request.method,
      ...(args.name ? { args: { newName: args.name } } : {}),
    }, async () => {
      let task: Awaited<ReturnType<typeof runTask>> | undefined;
      if (request.task) {
        task = await runTask(ctx, request.method, request.this, request.args, args.wait_seconds);
      } else await callVim(ctx, request.method, request.this, request.args);
      const extra = task ? { task: task.task, task_state: task.state } : {};
      if (args.action === "remove" && task?.state === "success") {
        return result({ ...before, hosts: [] }, ctx.t("datastore_manage.removed", { name }), extra);
      }
      return result(await read(), ctx.t("datastore_manage.done", { name, action: args.action }), extra);
    });
  },
});
