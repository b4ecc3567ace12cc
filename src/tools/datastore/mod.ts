import { defineToolset } from "../../registry/define.ts";
import { datastoreBrowse } from "./datastore_browse.ts";
import { datastoreFile } from "./datastore_file.ts";
import { datastoreFileDelete } from "./datastore_file_delete.ts";
import { datastoreInfo } from "./datastore_info.ts";
import { datastoreManage } from "./datastore_manage.ts";
import { virtualDisk } from "./virtual_disk.ts";
import { virtualDiskInfo } from "./virtual_disk_info.ts";

export const datastoreToolset = defineToolset({
  id: "datastore",
  default: false,
  tools: [
    datastoreInfo,
    datastoreManage,
    datastoreBrowse,
    datastoreFile,
    datastoreFileDelete,
    virtualDisk,
    virtualDiskInfo,
  ],
});
