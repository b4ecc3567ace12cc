import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { VSphereError } from "../../vsphere/errors.ts";
import { resolveEntity } from "../../vsphere/objects/resolve.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput, waitInput } from "../shared/inputs.ts";
import { runTask } from "../shared/task_result.ts";
import { ref, refs, str } from "../shared/vim_values.ts";

export interface ConnectOptions {
  hostName: string;
  port?: number | undefined;
  sslThumbprint?: string | undefined;
  userName: string;
  password: string;
  force: boolean;
}

/** A HostConnectSpec with its fields in the WSDL's order (`force` is required). */
export function hostConnectSpec(o: ConnectOptions): VimObject {
  return {
    _type: "HostConnectSpec",
    hostName: o.hostName,
    port: o.port,
    sslThumbprint: o.sslThumbprint,
    userName: o.userName,
    password: o.password,
    force: o.force,
  };
}

/** AddHost_Task (into a cluster) or AddStandaloneHost_Task (into a host folder), WSDL order. */
export function addHostRequest(
  into: "cluster" | "standalone",
  spec: VimObject,
  connected: boolean,
  license?: string,
): { method: string; args: Record<string, VimValue | undefined> } {
  return into === "cluster"
    ? { method: "AddHost_Task", args: { spec, asConnected: connected, license } }
    : { method: "AddStandaloneHost_Task", args: { spec, addConnected: connected, license } };
}

export const hostAdd = defineTool({
  name: "host_add",
  toolset: "host",
  input: (t) => ({
    host_name: z.string().min(1).max(255).describe(t("param.host_name")),
    user_name: z.string().min(1).max(255).default("root").describe(t("param.host_user")),
    password: z.string().min(1).max(512).describe(t("param.host_password")),
    ssl_thumbprint: z.string().max(200).optional().describe(t("param.ssl_thumbprint")),
    port: z.number().int().min(1).max(65535).optional().describe(t("param.host_port")),
    cluster: z.string().min(1).max(300).optional().describe(t("param.add_cluster")),
    folder: z.string().min(1).max(300).optional().describe(t("param.add_folder")),
    connected: z.boolean().default(true).describe(t("param.add_connected")),
    force: z.boolean().default(false).describe(t("param.add_force")),
    license: z.string().max(64).optional().describe(t("param.license_key")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: {
    host: z.string().describe("MoRef id of the added host"),
    host_name: z.string(),
    parent: z.string().describe("MoRef id of the cluster or standalone compute resource"),
    connection_state: z.string(),
    message: z.string(),
    task: z.string(),
    task_state: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  tier: "medium",
  privileges: ["Host.Inventory.AddHostToCluster", "Host.Inventory.AddStandaloneHost"],
  aliases: ["add_host_to_cluster", "add_standalone_host"],
  async handler(args, ctx) {
    const scope = { signal: ctx.signal, ...(args.datacenter ? { datacenter: args.datacenter } : {}) };
    let into: "cluster" | "standalone";
    let target: { ref: MoRef; name: string };
    if (args.cluster) {
      into = "cluster";
      target = await resolveEntity(ctx.vsphere, "ClusterComputeResource", args.cluster, scope);
    } else if (args.folder) {
      into = "standalone";
      target = await resolveEntity(ctx.vsphere, "Folder", args.folder, scope);
    } else if (args.datacenter) {
      into = "standalone";
      const dc = await resolveEntity(ctx.vsphere, "Datacenter", args.datacenter, { signal: ctx.signal });
      const folder = ref((await retrieveOne(ctx.vsphere, dc.ref, ["hostFolder"])).hostFolder)!;
      target = { ref: folder, name: `${dc.name}/host` };
    } else {
      throw new ToolInputError("errors.host_add_where", {});
    }
    const spec = hostConnectSpec({
      hostName: args.host_name,
      port: args.port,
      sslThumbprint: args.ssl_thumbprint,
      userName: args.user_name,
      password: args.password,
      force: args.force,
    });
    const request = addHostRequest(into, spec, args.connected, args.license);
    const name = sanitizeText(target.name);
    return await ctx.mutate({
      targets: [{ ref: target.ref, name }],
      summary: ctx.t(into === "cluster" ? "host_add.summary_cluster" : "host_add.summary_standalone", {
        host: args.host_name,
        target: name,
      }),
      method: request.method,
      // Never the password.
      args: {
        host_name: args.host_name,
        user_name: args.user_name,
        ...(args.ssl_thumbprint ? { ssl_thumbprint: args.ssl_thumbprint } : {}),
        connected: args.connected,
        force: args.force,
      },
    }, async () => {
      const task = await runTask(ctx, request.method, target.ref, request.args, args.wait_seconds).catch(
        (error) => {
          // vCenter refuses an unknown certificate and names its thumbprint: hand it back for a checked retry.
          if (error instanceof VSphereError && error.faultType === "SSLVerifyFault") {
            throw new ToolInputError("errors.host_thumbprint", {
              host: args.host_name,
              thumbprint: String(error.details.thumbprint ?? "?"),
            }, "hints.host_thumbprint");
          }
          throw error;
        },
      );
      let added = ref(task.result);
      // vCenter returns the new ComputeResource for a standalone host; its one host is what we report.
      if (added?.type === "ComputeResource") {
        added = refs((await retrieveOne(ctx.vsphere, added, ["host"])).host)[0];
      }
      let parent = "";
      let state = "";
      if (added) {
        const p = await retrieveOne(ctx.vsphere, added, ["parent", "runtime.connectionState"]);
        parent = refs(p.parent)[0]?.value ?? "";
        state = str(p["runtime.connectionState"]) ?? "";
      }
      return {
        host: added?.value ?? "",
        host_name: args.host_name,
        parent,
        connection_state: state,
        message: ctx.t(task.state === "success" ? "host_add.done" : "host.task_pending", {
          name: args.host_name,
          target: name,
        }),
        task: task.task,
        task_state: task.state,
      };
    });
  },
});
