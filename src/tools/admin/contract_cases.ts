/** Authorization, session and license requests for the WSDL contract tests. */
import type { ContractCase } from "../shared/contract.ts";
import { licenseRequest } from "./license.ts";
import { permissionRequest } from "./permission.ts";
import { privilegeCheckRequest } from "./privilege_check.ts";
import { roleRequest } from "./role.ts";
import { terminateRequest } from "./session.ts";

const auth = { type: "AuthorizationManager", value: "AuthorizationManager" };
const sessions = { type: "SessionManager", value: "SessionManager" };
const licenses = { type: "LicenseManager", value: "LicenseManager" };
const dc = { type: "Datacenter", value: "datacenter-2" };
const vm = { type: "VirtualMachine", value: "vm-42" };

function on(
  thisRef: typeof auth,
  name: string,
  r: { method: string; args: ContractCase["args"] },
): ContractCase {
  return { name, method: r.method, this: thisRef, args: r.args };
}

export const ADMIN_CONTRACT_CASES: readonly ContractCase[] = [
  on(
    auth,
    "role create",
    roleRequest("create", { name: "ops", privileges: ["System.View", "VirtualMachine.Interact.PowerOn"] }),
  ),
  on(auth, "role update", roleRequest("update", { roleId: 12, name: "ops2", privileges: ["System.View"] })),
  on(auth, "role delete", roleRequest("delete", { roleId: 12, failIfUsed: true })),
  on(
    auth,
    "permission set",
    permissionRequest("set", dc, {
      principal: "VSPHERE.LOCAL\\ops",
      group: true,
      roleId: -2,
      propagate: true,
    }),
  ),
  on(
    auth,
    "permission remove",
    permissionRequest("remove", dc, { principal: "ops@vsphere.local", group: false }),
  ),
  on(
    auth,
    "privilege_check own session",
    privilegeCheckRequest([dc, vm], { sessionId: "52a1-key", privileges: ["System.View"] }),
  ),
  on(auth, "privilege_check other user", privilegeCheckRequest([dc], { user: "ops@vsphere.local" })),
  on(sessions, "session terminate", terminateRequest(["52a1-key", "52a2-key"])),
  on(
    licenses,
    "license add with label",
    licenseRequest("add", "AB12C-DE34F-GH56I-JK78L-MN90P", { key: "owner", value: "ops" }),
  ),
  on(licenses, "license remove", licenseRequest("remove", "AB12C-DE34F-GH56I-JK78L-MN90P")),
  on(
    licenses,
    "license label",
    licenseRequest("label", "AB12C-DE34F-GH56I-JK78L-MN90P", { key: "owner", value: "ops" }),
  ),
  on(
    { type: "LicenseAssignmentManager", value: "LicenseAssignmentManager" },
    "license assign to a host (vcsim lacks it)",
    licenseRequest("assign", "AB12C-DE34F-GH56I-JK78L-MN90P", undefined, { id: "host-21", name: "esx01" }),
  ),
];
