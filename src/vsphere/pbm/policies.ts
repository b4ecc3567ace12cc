/**
 * The PBM requests the storage-policy tools send. Each builder returns the parameters' XML in the method's
 * order (field names and order as in the PBM API reference / govmomi `pbm/types`):
 *
 *   PbmQueryProfile(resourceType: PbmProfileResourceType, profileCategory?)
 *   PbmRetrieveContent(profileIds: PbmProfileId[])
 *   PbmQueryAssociatedProfile(entity: PbmServerObjectRef)
 *   PbmCheckCompliance(entities: PbmServerObjectRef[], profile?: PbmProfileId)        (complianceManager)
 *   PbmCheckRequirements(hubsToSearch?, placementSubjectRef?, placementSubjectRequirement[]) (placementSolver)
 *   PbmCreate(createSpec: PbmCapabilityProfileCreateSpec)
 *   PbmDelete(profileId: PbmProfileId[])
 */
import { escapeXml } from "../soap/encode.ts";
import { profileIdXml, serverObjectRefXml } from "./client.ts";

export function queryProfileXml(category?: "REQUIREMENT" | "RESOURCE" | "DATA_SERVICE_POLICY"): string {
  return `<resourceType><resourceType>STORAGE</resourceType></resourceType>` +
    (category ? `<profileCategory>${category}</profileCategory>` : "");
}

export function retrieveContentXml(ids: readonly string[]): string {
  return ids.map((id) => profileIdXml("profileIds", id)).join("");
}

export type PbmEntity = { objectType: "virtualMachine" | "virtualDiskId"; key: string };

/** A VM's home is `virtualMachine` with the MoRef id as key; a disk is `virtualDiskId` "vm-1:2000". */
export function associatedProfileXml(entity: PbmEntity): string {
  return serverObjectRefXml("entity", entity);
}

export function checkComplianceXml(entities: readonly PbmEntity[]): string {
  return entities.map((e) => serverObjectRefXml("entities", e)).join("");
}

/** Datastores that satisfy a policy: one PbmPlacementCapabilityProfileRequirement, all hubs searched. */
export function checkRequirementsXml(profileId: string): string {
  return `<placementSubjectRequirement xsi:type="PbmPlacementCapabilityProfileRequirement">` +
    `${profileIdXml("profileId", profileId)}</placementSubjectRequirement>`;
}

export interface PolicyRule {
  /** Capability namespace, e.g. "VSAN" or "http://www.vmware.com/storage/tag". */
  namespace: string;
  /** Capability id, e.g. "hostFailuresToTolerate", or the tag category for tag rules. */
  id: string;
  /** Property id; defaults to `id` (vSAN capabilities), tag rules use "com.vmware.storage.tag.<cat>.property". */
  property?: string;
  value: string | number | boolean | { tags: readonly string[] };
}

export const TAG_NAMESPACE = "http://www.vmware.com/storage/tag";

/** A tag-based placement rule: datastores tagged with any of `tags` in `category`. */
export function tagRule(category: string, tags: readonly string[]): PolicyRule {
  return {
    namespace: TAG_NAMESPACE,
    id: category,
    property: `com.vmware.storage.tag.${category}.property`,
    value: { tags },
  };
}

function valueXml(value: PolicyRule["value"]): string {
  if (typeof value === "object") {
    return `<value xsi:type="PbmCapabilityDiscreteSet">${
      value.tags.map((t) => `<values xsi:type="xsd:string">${escapeXml(t)}</values>`).join("")
    }</value>`;
  }
  if (typeof value === "number") return `<value xsi:type="xsd:int">${Math.trunc(value)}</value>`;
  if (typeof value === "boolean") return `<value xsi:type="xsd:boolean">${value}</value>`;
  return `<value xsi:type="xsd:string">${escapeXml(value)}</value>`;
}

/** PbmCapabilityProfileCreateSpec with one sub-profile (rule set) holding `rules`. */
export function createSpecXml(
  spec: { name: string; description?: string; rules: readonly PolicyRule[] },
): string {
  const capabilities = spec.rules.map((r) =>
    `<capability><id><namespace>${escapeXml(r.namespace)}</namespace><id>${escapeXml(r.id)}</id></id>` +
    `<constraint><propertyInstance><id>${escapeXml(r.property ?? r.id)}</id>${
      valueXml(r.value)
    }</propertyInstance></constraint></capability>`
  ).join("");
  return `<createSpec><name>${escapeXml(spec.name)}</name>` +
    (spec.description ? `<description>${escapeXml(spec.description)}</description>` : "") +
    `<category>REQUIREMENT</category><resourceType><resourceType>STORAGE</resourceType></resourceType>` +
    `<constraints xsi:type="PbmCapabilitySubProfileConstraints"><subProfiles><name>Rule-Set 1</name>` +
    `${capabilities}</subProfiles></constraints></createSpec>`;
}

export function deleteXml(ids: readonly string[]): string {
  return ids.map((id) => profileIdXml("profileId", id)).join("");
}
