/**
 * vCenter-level services over the vSphere Automation API: certificates, vSphere with Tanzu namespaces and
 * vSphere Lifecycle Manager images. Reads and writes are separate tools.
 */
import { defineToolset } from "../../registry/define.ts";
import { namespace } from "./namespace.ts";
import { namespaceDelete } from "./namespace_delete.ts";
import { namespaceList } from "./namespace_list.ts";
import { vcenterCertificateList } from "./vcenter_certificate_list.ts";
import { vcenterExtInfo } from "./vcenter_ext_info.ts";
import { vcenterTlsCertificate } from "./vcenter_tls_certificate.ts";
import { vcenterTrustAuthority } from "./vcenter_trust_authority.ts";
import { vcenterTrustedRoot } from "./vcenter_trusted_root.ts";
import { vlcmInfo } from "./vlcm_info.ts";
import { vlcmRemediate } from "./vlcm_remediate.ts";

export const vcenterToolset = defineToolset({
  id: "vcenter",
  default: false,
  tools: [
    vcenterCertificateList,
    vcenterTrustedRoot,
    vcenterTlsCertificate,
    vcenterTrustAuthority,
    vcenterExtInfo,
    namespaceList,
    namespace,
    namespaceDelete,
    vlcmInfo,
    vlcmRemediate,
  ],
});
