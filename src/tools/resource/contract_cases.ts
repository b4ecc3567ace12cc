/** Folder, datacenter and resource-pool requests for the WSDL contract tests. */
import type { ContractCase } from "../shared/contract.ts";
import { folderRequest } from "./folder.ts";
import { resourcePoolRequest } from "./resource_pool.ts";

const pool = { type: "ResourcePool", value: "resgroup-9" };
const folder = { type: "Folder", value: "group-v4" };
const vm = { type: "VirtualMachine", value: "vm-42" };
const child = { type: "ResourcePool", value: "resgroup-10" };

function rp(name: string, r: ReturnType<typeof resourcePoolRequest>): ContractCase {
  return { name, method: r.method, this: pool, args: r.args };
}
function fo(name: string, r: ReturnType<typeof folderRequest>): ContractCase {
  return { name, method: r.method, this: folder, args: r.args };
}

export const RESOURCE_CONTRACT_CASES: readonly ContractCase[] = [
  rp("resource_pool move (vcsim lacks it)", resourcePoolRequest("move", { list: [vm, child] })),
  rp("resource_pool rename via UpdateConfig", resourcePoolRequest("rename", { name: "gold" })),
  rp(
    "resource_pool create with defaults and custom shares",
    resourcePoolRequest("create", {
      name: "gold",
      cpu: { reservation: 500, sharesLevel: "custom", shares: 8000 },
      memory: { limit: 2048 },
    }),
  ),
  rp(
    "resource_pool update one field",
    resourcePoolRequest("update", { cpu: { expandable: false }, memory: {} }),
  ),
  rp("resource_pool delete", resourcePoolRequest("delete", {})),
  fo("folder create", folderRequest("create", { name: "apps" })),
  fo("folder rename", folderRequest("rename", { name: "web" })),
  fo("folder move", folderRequest("move", { list: [vm] })),
  { name: "datacenter create", method: "CreateDatacenter", this: folder, args: { name: "DC9" } },
];
