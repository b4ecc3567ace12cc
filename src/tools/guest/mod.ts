/**
 * VMware Tools guest operations: guest info (read), processes and files (read), starting/terminating a
 * program and writing, moving or deleting files (change). Guest passwords come from named server-side credentials (credentials.ts).
 */
import { defineToolset } from "../../registry/define.ts";
import { guestFileRead } from "./guest_file_read.ts";
import { guestFileManage } from "./guest_file_manage.ts";
import { guestFileWrite } from "./guest_file_write.ts";
import { guestInfo } from "./guest_info.ts";
import { guestProcessTool } from "./guest_process.ts";
import { guestProcessList } from "./guest_process_list.ts";

export const guestToolset = defineToolset({
  id: "guest",
  default: false,
  tools: [
    guestInfo,
    guestProcessList,
    guestFileRead,
    guestProcessTool,
    guestFileWrite,
    guestFileManage,
  ],
});
