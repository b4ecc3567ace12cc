import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import type { VimObject } from "../../vsphere/soap/types.ts";
import { credentialInput, guestCredential } from "../guest/credentials.ts";
import { describeSpec, specDetail, specInfos, specManager } from "./shared.ts";
import { notFoundByName } from "../shared/lookup.ts";

const ACTIONS = ["create_linux", "create_windows", "duplicate", "rename", "delete"] as const;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const ipv4 = z.string().regex(IPV4);

function hostName(hostname: string | undefined): VimObject {
  if (!hostname) return { _type: "CustomizationVirtualMachineName" };
  if (hostname.endsWith("*")) return { _type: "CustomizationPrefixName", base: hostname.slice(0, -1) };
  return { _type: "CustomizationFixedName", name: hostname };
}

export const customizationSpec = defineTool({
  name: "customization_spec",
  toolset: "customization",
  input: (t) => ({
    action: z.enum(ACTIONS).describe(t("param.customization.action")),
    name: z.string().min(1).max(80).describe(t("param.customization.name")),
    description: z.string().max(1000).default("").describe(t("param.customization.description")),
    hostname: z.string().min(1).max(63).regex(/^[A-Za-z0-9-]+\*?$/).optional().describe(
      t("param.customization.hostname"),
    ),
    domain: z.string().max(253).optional().describe(t("param.customization.domain")),
    timezone: z.string().max(64).optional().describe(t("param.customization.timezone")),
    dns_servers: z.array(ipv4).max(3).optional().describe(t("param.customization.dns_servers")),
    dns_suffixes: z.array(z.string().min(1).max(253)).max(6).optional().describe(
      t("param.customization.dns_suffixes"),
    ),
    nics: z.array(z.object({
      ip: z.union([z.literal("dhcp"), ipv4]).default("dhcp"),
      subnet_mask: ipv4.optional(),
      gateway: z.array(ipv4).max(2).optional(),
    })).max(10).optional().describe(t("param.customization.nics")),
    org: z.string().max(200).optional().describe(t("param.customization.org")),
    full_name: z.string().max(200).optional().describe(t("param.customization.full_name")),
    workgroup: z.string().max(15).optional().describe(t("param.customization.workgroup")),
    join_domain: z.string().max(253).optional().describe(t("param.customization.join_domain")),
    domain_credential: credentialInput(t).optional(),
    admin_credential: credentialInput(t).optional(),
    overwrite: z.boolean().default(false).describe(t("param.customization.overwrite")),
    new_name: z.string().min(1).max(80).optional().describe(t("param.customization.new_name")),
  }),
  output: {
    action: z.enum(ACTIONS),
    name: z.string(),
    spec: specDetail.optional(),
    message: z.string(),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  // Overwriting or deleting a spec changes how every later clone/deploy using it is set up.
  tier: "high",
  privileges: ["VirtualMachine.Provisioning.ModifyCustSpecs"],
  aliases: [
    "create_linux_customization_spec",
    "create_windows_customization_spec",
    "delete_customization_spec",
    "duplicate_customization_spec",
    "rename_customization_spec",
  ],
  async handler(args, ctx) {
    const manager = await specManager(ctx);
    const name = sanitizeText(args.name);
    const existing = (await specInfos(ctx)).find((s) => s.name === args.name);
    const call = (method: string, params: Record<string, VimObject | string>) =>
      ctx.vsphere.call(method, manager, params, { signal: ctx.signal, operationId: ctx.eventId });
    const target = { ref: manager, name: "CustomizationSpecManager" };

    if (args.action === "delete") {
      if (!existing) {
        return { action: args.action, name, message: ctx.t("customization_spec.absent", { name }) };
      }
      return await ctx.mutate({
        targets: [{ ...target, state: { spec: name, type: existing.type } }],
        summary: ctx.t("customization_spec.summary_delete", { name }),
        method: "DeleteCustomizationSpec",
        args: { name: args.name },
      }, async () => {
        await call("DeleteCustomizationSpec", { name: args.name });
        return { action: args.action, name, message: ctx.t("customization_spec.deleted", { name }) };
      });
    }

    if (args.action === "duplicate" || args.action === "rename") {
      if (!args.new_name) throw new ToolInputError("customization_spec.new_name_required", {}, "hints.input");
      if (!existing) {
        notFoundByName("customization spec", name);
      }
      const newName = sanitizeText(args.new_name);
      if ((await specInfos(ctx)).some((s) => s.name === args.new_name)) {
        return {
          action: args.action,
          name: newName,
          message: ctx.t("customization_spec.exists", { name: newName }),
        };
      }
      const method = args.action === "duplicate" ? "DuplicateCustomizationSpec" : "RenameCustomizationSpec";
      return await ctx.mutate({
        targets: [{ ...target, state: { spec: name, type: existing.type } }],
        summary: ctx.t(`customization_spec.summary_${args.action}`, { name, new_name: newName }),
        method,
        args: { name: args.name, newName: args.new_name },
      }, async () => {
        await call(method, { name: args.name, newName: args.new_name! });
        return {
          action: args.action,
          name: newName,
          message: ctx.t(
            args.action === "duplicate" ? "customization_spec.duplicated" : "customization_spec.renamed",
            {
              name,
              new_name: newName,
            },
          ),
        };
      });
    }

    if (existing && !args.overwrite) {
      return { action: args.action, name, message: ctx.t("customization_spec.exists", { name }) };
    }
    const linux = args.action === "create_linux";
    let identity: VimObject;
    if (linux) {
      if (!args.domain) throw new ToolInputError("customization_spec.domain_required", {}, "hints.input");
      identity = {
        _type: "CustomizationLinuxPrep",
        hostName: hostName(args.hostname),
        domain: args.domain,
        ...(args.timezone ? { timeZone: args.timezone } : {}),
        hwClockUTC: true,
      };
    } else {
      const tz = args.timezone ?? "85";
      if (!/^\d{1,3}$/.test(tz)) {
        throw new ToolInputError("customization_spec.windows_timezone", {}, "hints.input");
      }
      if (args.join_domain && !args.domain_credential) {
        throw new ToolInputError("customization_spec.domain_credential_required", {}, "hints.input");
      }
      const admin = args.admin_credential ? guestCredential(args.admin_credential) : undefined;
      const joiner = args.join_domain && args.domain_credential
        ? guestCredential(args.domain_credential)
        : undefined;
      identity = {
        _type: "CustomizationSysprep",
        guiUnattended: {
          _type: "CustomizationGuiUnattended",
          ...(admin
            ? { password: { _type: "CustomizationPassword", value: admin.password, plainText: true } }
            : {}),
          timeZone: Number(tz),
          autoLogon: false,
          autoLogonCount: 1,
        },
        userData: {
          _type: "CustomizationUserData",
          fullName: args.full_name ?? "Administrator",
          orgName: args.org ?? "Organization",
          computerName: hostName(args.hostname),
          productId: "",
        },
        identification: {
          _type: "CustomizationIdentification",
          ...(joiner
            ? {
              joinDomain: args.join_domain,
              domainAdmin: joiner.user,
              domainAdminPassword: {
                _type: "CustomizationPassword",
                value: joiner.password,
                plainText: true,
              },
            }
            : { joinWorkgroup: args.workgroup ?? "WORKGROUP" }),
        },
      };
    }
    const nics = (args.nics ?? [{ ip: "dhcp" as const }]).map((nic): VimObject => ({
      _type: "CustomizationAdapterMapping",
      adapter: {
        _type: "CustomizationIPSettings",
        ip: nic.ip === "dhcp"
          ? { _type: "CustomizationDhcpIpGenerator" }
          : { _type: "CustomizationFixedIp", ipAddress: nic.ip },
        ...(nic.subnet_mask ? { subnetMask: nic.subnet_mask } : {}),
        ...(nic.gateway?.length ? { gateway: nic.gateway } : {}),
      },
    }));
    for (const nic of args.nics ?? []) {
      if (nic.ip !== "dhcp" && !nic.subnet_mask) {
        throw new ToolInputError("customization_spec.subnet_required", { ip: nic.ip }, "hints.input");
      }
    }
    const item: VimObject = {
      _type: "CustomizationSpecItem",
      info: {
        _type: "CustomizationSpecInfo",
        name: args.name,
        description: args.description,
        type: linux ? "Linux" : "Windows",
      },
      spec: {
        _type: "CustomizationSpec",
        ...(linux ? {} : {
          options: { _type: "CustomizationWinOptions", changeSID: true, deleteAccounts: false },
        }),
        identity,
        globalIPSettings: {
          _type: "CustomizationGlobalIPSettings",
          ...(args.dns_suffixes?.length ? { dnsSuffixList: args.dns_suffixes } : {}),
          ...(args.dns_servers?.length ? { dnsServerList: args.dns_servers } : {}),
        },
        nicSettingMap: nics,
      },
    };
    const shown = describeSpec(item);
    const method = existing ? "OverwriteCustomizationSpec" : "CreateCustomizationSpec";
    return await ctx.mutate({
      targets: [{ ...target, ...(existing ? { state: { spec: name, type: existing.type } } : {}) }],
      summary: ctx.t(
        existing ? "customization_spec.summary_overwrite" : "customization_spec.summary_create",
        {
          name,
          os: shown.os,
        },
      ),
      method,
      // The secret-free reading of the spec (credentials by name only).
      args: {
        ...shown,
        ...(args.admin_credential ? { admin_credential: args.admin_credential } : {}),
        ...(args.domain_credential ? { domain_credential: args.domain_credential } : {}),
      },
    }, async () => {
      await call(method, { item });
      const stored = await call("GetCustomizationSpec", { name: args.name }) as VimObject;
      return {
        action: args.action,
        name,
        spec: describeSpec(stored),
        message: ctx.t(existing ? "customization_spec.overwritten" : "customization_spec.created", { name }),
      };
    });
  },
});
