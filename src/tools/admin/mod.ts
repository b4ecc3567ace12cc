import { defineToolset } from "../../registry/define.ts";
import { license } from "./license.ts";
import { licenseList } from "./license_list.ts";
import { permission } from "./permission.ts";
import { permissionList } from "./permission_list.ts";
import { privilegeCheck } from "./privilege_check.ts";
import { privilegeList } from "./privilege_list.ts";
import { role } from "./role.ts";
import { roleList } from "./role_list.ts";
import { session } from "./session.ts";
import { sessionList } from "./session_list.ts";

export const adminToolset = defineToolset({
  id: "admin",
  default: false,
  tools: [
    roleList,
    privilegeList,
    role,
    permissionList,
    permission,
    privilegeCheck,
    sessionList,
    session,
    licenseList,
    license,
  ],
});
