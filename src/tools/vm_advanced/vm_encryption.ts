/**
 * VM encryption (ReconfigVM_Task with a crypto spec): encrypt the VM home and its disks with a key of a
 * key provider, decrypt, or re-key (deep: new data keys; shallow: new key-encryption key). vCenter needs a
 * key provider and, for encrypt, an encryption storage policy for the VM and each disk.
 */
import { z } from "zod";
import { defineTool } from "../../registry/define.ts";
import { ToolInputError } from "../../registry/errors.ts";
import type { VimObject, VimValue } from "../../vsphere/soap/types.ts";
import { datacenterInput, vmInput, waitInput } from "../shared/inputs.ts";
import { DISK, obj, objects, readVm, resolveVm, str } from "../vm/common.ts";
import { operationOutput, vmOperation } from "./common.ts";

const ACTIONS = ["encrypt", "decrypt", "rekey", "shallow_rekey"] as const;
type Action = typeof ACTIONS[number];

/** The ReconfigVM_Task spec of one action (also used by the WSDL contract test). */
export function encryptionSpec(
  action: Action,
  o: {
    provider?: string | undefined;
    keyId?: string | undefined;
    policy?: string | undefined;
    disks: readonly VimObject[];
  },
): Record<string, VimValue | undefined> {
  const keyId: VimObject | undefined = o.provider || o.keyId
    ? {
      _type: "CryptoKeyId",
      keyId: o.keyId ?? "",
      ...(o.provider ? { providerId: { _type: "KeyProviderId", id: o.provider } } : {}),
    }
    : undefined;
  const crypto: VimObject = action === "decrypt"
    ? { _type: "CryptoSpecDecrypt" }
    : action === "encrypt"
    ? { _type: "CryptoSpecEncrypt", cryptoKeyId: keyId! }
    : { _type: action === "rekey" ? "CryptoSpecDeepRecrypt" : "CryptoSpecShallowRecrypt", newKeyId: keyId! };
  const profile = o.policy ? [{ _type: "VirtualMachineDefinedProfileSpec", profileId: o.policy }] : undefined;
  // Disks follow the VM home on encrypt and decrypt; a re-key of the VM re-keys its disks with it.
  const deviceChange = action === "encrypt" || action === "decrypt"
    ? o.disks.map((disk) => ({
      _type: "VirtualDeviceConfigSpec",
      operation: "edit",
      device: disk,
      ...(profile ? { profile } : {}),
      backing: { _type: "VirtualDeviceConfigSpecBackingSpec", crypto },
    }))
    : [];
  return {
    spec: {
      _type: "VirtualMachineConfigSpec",
      ...(deviceChange.length ? { deviceChange } : {}),
      ...(profile ? { vmProfile: profile } : {}),
      crypto,
    },
  };
}

export const vmEncryption = defineTool({
  name: "vm_encryption",
  toolset: "vm_advanced",
  input: (t) => ({
    vm: vmInput(t),
    action: z.enum(ACTIONS).describe(t("param.vm_encryption_action")),
    key_provider: z.string().min(1).max(200).optional().describe(t("param.vm_encryption_key_provider")),
    key_id: z.string().min(1).max(200).optional().describe(t("param.vm_encryption_key_id")),
    storage_policy: z.string().min(1).max(200).optional().describe(t("param.vm_encryption_storage_policy")),
    datacenter: datacenterInput(t),
    wait_seconds: waitInput(t),
  }),
  output: operationOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  // Losing access to the key provider makes an encrypted VM unrecoverable; decrypting exposes its data.
  tier: "critical",
  privileges: ["Cryptographer.EncryptNew", "Cryptographer.Decrypt", "Cryptographer.RecryptNew"],
  aliases: ["encrypt_vm", "decrypt_vm", "rekey_vm"],
  async handler(args, ctx) {
    const vm = await resolveVm(ctx, args.vm, args.datacenter);
    const props = await readVm(ctx, vm.ref, ["config", "runtime.powerState"]);
    const config = obj(props.config) ?? {};
    const encrypted = obj(config.keyId) !== undefined;
    const power = str(props["runtime.powerState"]) ?? "";
    const params = {
      name: vm.display,
      action: args.action,
      provider: args.key_provider ?? "-",
      state: power,
    };
    const base = { vm: vm.display, moref: vm.ref.value };
    if (args.action === "encrypt" && encrypted) {
      return { ...base, message: ctx.t("vm_encryption.already_encrypted", params) };
    }
    if (args.action !== "encrypt" && !encrypted) {
      return { ...base, message: ctx.t("vm_encryption.not_encrypted", params) };
    }
    if (args.action !== "decrypt" && !args.key_provider) {
      throw new ToolInputError(
        "errors.param_required",
        { param: "key_provider", action: args.action },
        "hints.input",
      );
    }
    // Encrypt and decrypt rewrite every disk: vCenter requires the VM to be off (shallow re-key does not).
    if (args.action !== "shallow_rekey" && power !== "poweredOff") {
      throw new ToolInputError(
        "vm_disk_maintenance.needs_off",
        { ...params, disk: "", file: "" },
        "hints.input",
      );
    }
    const disks = objects(obj(config.hardware)?.device).filter(DISK);
    const request = encryptionSpec(args.action, {
      provider: args.key_provider,
      keyId: args.key_id,
      policy: args.storage_policy,
      disks,
    });
    const { result: _ignored, ...out } = await vmOperation(ctx, vm, {
      method: "ReconfigVM_Task",
      args: request,
      summary: ctx.t(`vm_encryption.summary_${args.action}` as const, params),
      done: ctx.t("vm_encryption.done", params),
      state: { encrypted, powerState: power },
      waitSeconds: args.wait_seconds,
    });
    return out;
  },
});
