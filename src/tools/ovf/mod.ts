import { defineToolset } from "../../registry/define.ts";
import { datastoreFileUpload } from "./datastore_file_upload.ts";
import { datastoreFileUrlTool } from "./datastore_file_url.ts";
import { libraryItemUpload } from "./library_upload.ts";
import { ovfExport } from "./ovf_export.ts";
import { ovfImport } from "./ovf_import.ts";
import { ovfInspect } from "./ovf_inspect.ts";

export const ovfToolset = defineToolset({
  id: "ovf",
  default: false,
  tools: [datastoreFileUrlTool, datastoreFileUpload, ovfInspect, ovfImport, ovfExport, libraryItemUpload],
});
