/**
 * Encryption overview: the key providers vCenter knows (CryptoManagerKmip.kmipServers) and which VMs are
 * encrypted, with their key and provider (config.keyId over a container view).
 */
import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { sanitizeText } from "../../server/sanitize.ts";
import { retrieveView } from "../../vsphere/objects/property_collector.ts";
import type { MoRef } from "../../vsphere/soap/types.ts";
import { obj, objects, readVm, str } from "../vm/common.ts";

export const encryptionInfo = defineTool({
  name: "encryption_info",
  toolset: "vm_advanced",
  input: (t) => ({
    what: z.enum(["key_providers", "encrypted_vms"]).describe(t("param.encryption_info_what")),
  }),
  output: {
    what: z.string(),
    count: z.number().int(),
    key_providers: z.array(z.object({
      id: z.string(),
      servers: z.array(z.object({ name: z.string(), address: z.string(), port: z.number().nullable() })),
    })).optional(),
    vms: z.array(z.object({
      vm: z.string(),
      moref: z.string(),
      key_id: z.string(),
      key_provider: z.string().nullable(),
    })).optional(),
    crypto_manager: z.string().nullable(),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  tier: "low",
  privileges: ["Cryptographer.ManageKeyServers"],
  aliases: ["list_key_providers", "get_encryption_status", "list_encrypted_vms"],
  async handler(args, ctx) {
    const content = await ctx.vsphere.serviceContent();
    const manager = content.cryptoManager as MoRef | undefined;
    const managerId = manager ? `${manager.type}:${manager.value}` : null;
    if (args.what === "key_providers") {
      if (!manager || manager.type !== "CryptoManagerKmip") {
        return { what: args.what, count: 0, key_providers: [], crypto_manager: managerId };
      }
      const clusters = objects((await readVm(ctx, manager, ["kmipServers"])).kmipServers);
      const providers = clusters.map((c) => ({
        id: sanitizeText(str(obj(c.clusterId)?.id) ?? ""),
        servers: objects(c.servers).map((s) => ({
          name: sanitizeText(str(s.name) ?? ""),
          address: sanitizeText(str(s.address) ?? ""),
          port: typeof s.port === "number" ? s.port : null,
        })),
      }));
      return {
        what: args.what,
        count: providers.length,
        key_providers: providers,
        crypto_manager: managerId,
      };
    }
    const vms = [];
    for await (
      const vm of retrieveView(ctx.vsphere, {
        type: "VirtualMachine",
        paths: ["name", "config.keyId"],
        signal: ctx.signal,
      })
    ) {
      const key = obj(vm.props["config.keyId"]);
      if (!key) continue;
      vms.push({
        vm: sanitizeText(str(vm.props.name) ?? vm.ref.value),
        moref: vm.ref.value,
        key_id: sanitizeText(str(key.keyId) ?? ""),
        key_provider: str(obj(key.providerId)?.id) ?? null,
      });
    }
    return { what: args.what, count: vms.length, vms, crypto_manager: managerId };
  },
});
