/** Guest customization specifications: list/read (read-only), create Linux/Windows, overwrite, delete. */
import { defineToolset } from "../../registry/define.ts";
import { customizationSpec } from "./customization_spec.ts";
import { customizationSpecList } from "./customization_spec_list.ts";

export const customizationToolset = defineToolset({
  id: "customization",
  default: false,
  tools: [customizationSpecList, customizationSpec],
});
