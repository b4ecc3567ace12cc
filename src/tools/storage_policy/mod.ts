import { defineToolset } from "../../registry/define.ts";
import { storagePolicy } from "./storage_policy.ts";
import { storagePolicyList } from "./storage_policy_list.ts";
import { vmStoragePolicy } from "./vm_storage_policy.ts";

export const storagePolicyToolset = defineToolset({
  id: "storage_policy",
  default: false,
  tools: [storagePolicyList, storagePolicy, vmStoragePolicy],
});
