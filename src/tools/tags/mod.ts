/**
 * Tags (vSphere Automation tagging over REST) and custom attributes (vim25 CustomFieldsManager).
 * Reads and writes are separate tools so that `readOnlyHint` stays honest and read-only mode keeps the
 * listings: `*_list` tools only read, their siblings change things behind the confirmation gate.
 */
import { defineToolset } from "../../registry/define.ts";
import { customAttribute } from "./custom_attribute.ts";
import { customAttributeList } from "./custom_attribute_list.ts";
import { tag } from "./tag.ts";
import { tagAssignment } from "./tag_assignment.ts";
import { tagAssignmentList } from "./tag_assignment_list.ts";
import { tagCategory } from "./tag_category.ts";
import { tagCategoryList } from "./tag_category_list.ts";
import { tagList } from "./tag_list.ts";

export const tagsToolset = defineToolset({
  id: "tags",
  default: false,
  tools: [
    tagCategoryList,
    tagCategory,
    tagList,
    tag,
    tagAssignmentList,
    tagAssignment,
    customAttributeList,
    customAttribute,
  ],
});
