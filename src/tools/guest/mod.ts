/**
 * VMware Tools guest operations: guest info (read), processes and files (read), running a program and
 * writing a file (change). Guest passwords come from named server-side credentials (credentials.ts).
 */
import { defineToolset } from "../../registry/define.ts";
import { guestFileRead } from "./guest_file_read.ts";
import { guestFileWrite } from "./guest_file_write.ts";
import { guestInfo } from "./guest_info.ts";
import { guestProcessList } from "./guest_process_list.ts";
import { guestRun } from "./guest_run.ts";

export const guestToolset = defineToolset({
  id: "guest",
  default: false,
  tools: [guestInfo, guestProcessList, guestFileRead, guestRun, guestFileWrite],
});
