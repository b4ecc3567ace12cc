/**
 * Content libraries over the vSphere Automation REST API. As in `tags`, reads (`*_list`) and writes are
 * separate tools so `readOnlyHint` is honest and read-only mode keeps the listings.
 */
import { defineToolset } from "../../registry/define.ts";
import { library } from "./library.ts";
import { libraryCapture } from "./library_capture.ts";
import { libraryDeploy } from "./library_deploy.ts";
import { libraryItem } from "./library_item.ts";
import { libraryItemList } from "./library_item_list.ts";
import { libraryList } from "./library_list.ts";

export const contentLibraryToolset = defineToolset({
  id: "content_library",
  default: false,
  tools: [libraryList, library, libraryItemList, libraryItem, libraryDeploy, libraryCapture],
});
