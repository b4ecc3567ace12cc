import { z } from "zod";
import { defineTool, type ToolContext } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveOne } from "../../vsphere/objects/retrieve.ts";
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";
import { runTask, taskFields } from "../shared/task_result.ts";
import {
  asObject,
  asObjects,
  refs,
  resolveAnyEntities,
  retrieveMany,
  serviceManager,
  str,
  text,
} from "../shared/vim_values.ts";
import { hostState } from "../host/common.ts";

export interface ProfileInfo {
  ref: MoRef;
  name: string;
  description: string;
  entities: MoRef[];
  compliance: string;
}

/** Every host profile with the entities it is attached to (one round trip). */
export async function listProfiles(ctx: ToolContext): Promise<ProfileInfo[]> {
  const manager = await serviceManager(ctx.vsphere, "hostProfileManager");
  const profiles = refs(
    (await retrieveOne(ctx.vsphere, manager, ["profile"], { signal: ctx.signal })).profile,
  );
  const props = await retrieveMany(
    ctx.vsphere,
    profiles,
    ["name", "config", "entity", "complianceStatus"],
    ctx.signal,
  );
  return props.map((p) => ({
    ref: p.ref,
    name: text(p.props.name),
    description: text(asObject(p.props.config).annotation),
    entities: refs(p.props.entity),
    compliance: text(p.props.complianceStatus),
  }));
}

export async function findProfile(ctx: ToolContext, nameOrId: string): Promise<ProfileInfo> {
  const all = await listProfiles(ctx);
  const found = all.find((p) => p.ref.value === nameOrId) ?? all.find((p) => p.name === nameOrId);
  if (!found) {
    throw new ToolInputError("errors.host_profile_not_found", {
      profile: nameOrId,
      known: all.map((p) => p.name).join(", ") || "-",
    });
  }
  return found;
}

async function names(ctx: ToolContext, list: MoRef[]): Promise<string[]> {
  const got = await retrieveMany(ctx.vsphere, list, ["name"], ctx.signal);
  return list.map((r) => text(got.find((g) => g.ref.value === r.value)?.props.name ?? r.value));
}

const ACTIONS = ["create", "delete", "associate", "dissociate", "remediate"] as const;
type Action = typeof ACTIONS[number];

/** The HostProfileManager / HostProfile calls behind each action (remediate is two: see the handler). */
export function hostProfileRequest(
  action: Exclude<Action, "remediate">,
  o: { name?: string; description?: string | undefined; host?: MoRef; entities?: MoRef[] },
): { method: string; args: Record<string, VimValue | undefined> } {
  switch (action) {
    case "create":
      return {
        method: "CreateProfile",
        args: {
          createSpec: {
            _type: "HostProfileHostBasedConfigSpec",
            name: o.name,
            annotation: o.description,
            enabled: true,
            host: o.host!,
          },
        },
      };
    case "delete":
      return { method: "DestroyProfile", args: {} };
    case "associate":
      return { method: "AssociateProfile", args: { entity: o.entities! } };
    case "dissociate":
      return { method: "DissociateProfile", args: { entity: o.entities! } };
  }
}

/** HostProfile.ExecuteHostProfile → ProfileExecuteResult; its configSpec then goes to ApplyHostConfig_Task. */
export function applyHostConfigRequest(host: MoRef, configSpec: VimValue) {
  return { method: "ApplyHostConfig_Task", args: { host, configSpec } };
}

export const hostProfileList = defineTool({
  name: "host_profile_list",
  toolset: "host_config",
  input: (t) => ({
    action: z.enum(["list", "check_compliance", "export"]).default("list").describe(
      t("param.host_profile_list_action"),
    ),
    profile: z.string().min(1).max(300).optional().describe(t("param.host_profile")),
    entities: z.array(z.string().min(1).max(300)).max(50).optional().describe(
      t("param.host_profile_entities"),
    ),
  }),
  output: {
    profiles: z.array(z.object({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      attached_to: z.array(z.string()),
      compliance: z.string(),
    })),
    compliance: z.array(z.object({
      entity: z.string(),
      profile: z.string(),
      status: z.string(),
      failures: z.array(z.string()),
    })).optional(),
    export: z.string().optional().describe("The profile as XML (export), cut at 200 000 characters"),
    truncated: z.boolean().optional(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["System.Read", "Profile.View", "Profile.Export"],
  aliases: ["list_host_profiles", "check_host_profile_compliance", "export_host_profile"],
  async handler(args, ctx) {
    const all = await listProfiles(ctx);
    const profiles = await Promise.all(all.map(async (p) => ({
      id: p.ref.value,
      name: p.name,
      description: p.description,
      attached_to: await names(ctx, p.entities),
      compliance: p.compliance,
    })));
    if (args.action === "list") return { profiles };
    const profile = args.profile ? await findProfile(ctx, args.profile) : undefined;
    if (args.action === "export") {
      if (!profile) throw new ToolInputError("errors.param_required", { param: "profile", action: "export" });
      const xml = str(await ctx.vsphere.call("ExportProfile", profile.ref, {}, { signal: ctx.signal })) ?? "";
      const limit = 200_000;
      return { profiles, export: sanitizeText(xml.slice(0, limit)), truncated: xml.length > limit };
    }
    const entities = args.entities?.length
      ? (await resolveAnyEntities(
        ctx.vsphere,
        args.entities,
        ["HostSystem", "ClusterComputeResource"],
        ctx.signal,
      ))
        .map((e) => e.ref)
      : undefined;
    if (!profile && !entities) {
      throw new ToolInputError("errors.param_required", {
        param: "profile / entities",
        action: "check_compliance",
      });
    }
    const compliance = await serviceManager(ctx.vsphere, "complianceManager");
    const task = await runTask(ctx, "CheckCompliance_Task", compliance, {
      profile: profile ? [profile.ref] : undefined,
      entity: entities,
    }, 300);
    const results = asObjects(task.result);
    const entityNames = await names(ctx, results.flatMap((r) => refs(r.entity)));
    return {
      profiles,
      compliance: results.map((r, i) => ({
        entity: entityNames[i] ?? "",
        profile: all.find((p) => p.ref.value === refs(r.profile)[0]?.value)?.name ?? "",
        status: text(r.complianceStatus),
        failures: asObjects(r.failure).map((f) => text(asObject(f.message).message ?? f.failureType)),
      })),
    };
  },
});

export const hostProfile = defineTool({
  name: "host_profile",
  toolset: "host_config",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.host_profile_action")),
    profile: z.string().min(1).max(300).optional().describe(t("param.host_profile")),
    name: z.string().min(1).max(80).optional().describe(t("param.host_profile_name")),
    description: z.string().max(500).optional().describe(t("param.host_profile_description")),
    host: z.string().min(1).max(300).optional().describe(t("param.host_profile_host")),
    entities: z.array(z.string().min(1).max(300)).max(50).optional().describe(
      t("param.host_profile_entities"),
    ),
  }),
  output: {
    profile: z.string(),
    id: z.string(),
    attached_to: z.array(z.string()),
    message: z.string(),
    ...taskFields,
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Remediation rewrites a host's whole configuration from the profile; delete drops it for every host.
  tier: "high",
  privileges: ["Profile.Create", "Profile.Delete", "Profile.Edit", "Host.Config.Settings"],
  aliases: [
    "create_host_profile",
    "delete_host_profile",
    "apply_host_profile",
    "associate_host_with_profile",
    "remediate_host_profile",
  ],
  async handler(args, ctx) {
    const need = (param: string, value: unknown) => {
      if (value === undefined) {
        throw new ToolInputError("errors.param_required", { param, action: args.action });
      }
    };
    if (args.action === "create") {
      need("name", args.name);
      need("host", args.host);
    } else need("profile", args.profile);
    if (args.action === "associate" || args.action === "dissociate") need("entities", args.entities);
    if (args.action === "remediate") need("host", args.host);

    if (args.action === "create") {
      const [source] = await resolveAnyEntities(ctx.vsphere, [args.host!], ["HostSystem"], ctx.signal);
      const existing = (await listProfiles(ctx)).find((p) => p.name === args.name);
      if (existing) throw new ToolInputError("errors.host_profile_exists", { profile: args.name! });
      const manager = await serviceManager(ctx.vsphere, "hostProfileManager");
      const request = hostProfileRequest("create", {
        name: args.name!,
        description: args.description,
        host: source!.ref,
      });
      return await ctx.mutate({
        targets: [{ ref: source!.ref, name: sanitizeText(source!.name) }],
        summary: ctx.t("host_profile.summary_create", {
          profile: args.name!,
          host: sanitizeText(source!.name),
        }),
        method: "HostProfileManager.CreateProfile",
        args: { name: args.name, host: source!.ref.value },
      }, async () => {
        const created = await ctx.vsphere.call(request.method, manager, request.args, {
          signal: ctx.signal,
          operationId: ctx.eventId,
        }) as MoRef;
        return {
          profile: args.name!,
          id: created.value,
          attached_to: [],
          message: ctx.t("host_profile.done", { profile: args.name! }),
        };
      });
    }

    const profile = await findProfile(ctx, args.profile!);
    const attached = await names(ctx, profile.entities);
    const result = async (message: string, extra: { task?: string; task_state?: string } = {}) => {
      const after = (await listProfiles(ctx)).find((p) => p.ref.value === profile.ref.value);
      return {
        profile: profile.name,
        id: profile.ref.value,
        attached_to: after ? await names(ctx, after.entities) : [],
        message,
        ...extra,
      };
    };
    if (args.action === "delete") {
      const request = hostProfileRequest("delete", {});
      return await ctx.mutate({
        targets: [{ ref: profile.ref, name: profile.name, state: { attached_to: attached } }],
        summary: ctx.t("host_profile.summary_delete", {
          profile: profile.name,
          attached: attached.join(", ") || "-",
        }),
        method: "HostProfile.DestroyProfile",
      }, async () => {
        await ctx.vsphere.call(request.method, profile.ref, request.args, {
          signal: ctx.signal,
          operationId: ctx.eventId,
        });
        return await result(ctx.t("host_profile.done", { profile: profile.name }));
      });
    }
    if (args.action === "associate" || args.action === "dissociate") {
      const entities = await resolveAnyEntities(ctx.vsphere, args.entities!, [
        "HostSystem",
        "ClusterComputeResource",
      ], ctx.signal);
      const request = hostProfileRequest(args.action, { entities: entities.map((e) => e.ref) });
      return await ctx.mutate({
        targets: entities.map((e) => ({ ref: e.ref, name: sanitizeText(e.name) })),
        summary: ctx.t(`host_profile.summary_${args.action}`, {
          profile: profile.name,
          entities: entities.map((e) => sanitizeText(e.name)).join(", "),
        }),
        method: `HostProfile.${request.method}`,
        args: { entities: entities.map((e) => e.ref.value) },
      }, async () => {
        await ctx.vsphere.call(request.method, profile.ref, request.args, {
          signal: ctx.signal,
          operationId: ctx.eventId,
        });
        return await result(ctx.t("host_profile.done", { profile: profile.name }));
      });
    }
    // remediate: the host must be in maintenance mode; the profile computes the config, the manager applies it.
    const [target] = await resolveAnyEntities(ctx.vsphere, [args.host!], ["HostSystem"], ctx.signal);
    const host = await hostState(ctx, target!.ref, target!.name);
    if (!host.inMaintenanceMode) {
      throw new ToolInputError("errors.host_profile_needs_maintenance", { host: host.name });
    }
    const manager = await serviceManager(ctx.vsphere, "hostProfileManager");
    return await ctx.mutate({
      targets: [{ ref: host.ref, name: host.name, state: { inMaintenanceMode: host.inMaintenanceMode } }],
      summary: ctx.t("host_profile.summary_remediate", { profile: profile.name, host: host.name }),
      method: "HostProfile.ExecuteHostProfile + HostProfileManager.ApplyHostConfig_Task",
    }, async () => {
      const execution = asObject(
        await ctx.vsphere.call("ExecuteHostProfile", profile.ref, { host: host.ref }, {
          signal: ctx.signal,
        }) as VimValue,
      );
      if (str(execution.status) !== "success") {
        throw new ToolInputError("errors.host_profile_execute", {
          profile: profile.name,
          host: host.name,
          status: text(execution.status),
          inputs: asObjects(execution.requireInput).map((r) =>
            text(asObject(r.inputPath).profilePath)
          ).join(", ") || "-",
        });
      }
      const request = applyHostConfigRequest(host.ref, execution.configSpec!);
      const task = await runTask(ctx, request.method, manager, request.args, 600);
      return await result(
        ctx.t(task.state === "success" ? "host_profile.done" : "host.task_pending", {
          profile: profile.name,
          name: host.name,
        }),
        { task: task.task, task_state: task.state },
      );
    });
  },
});
