/**
 * vCenter certificate management (`vcenter.certificate_management.vcenter`): the machine TLS certificate
 * and the trusted root chains. Both flavours are declared; the contract test checks each against VMware's
 * OpenAPI (7.0.3 vcenter.json).
 */
import { type RestClient, seg } from "./client.ts";

export interface TlsInfo {
  version: number;
  serial_number: string;
  signature_algorithm: string;
  issuer_dn: string;
  valid_from: string;
  valid_to: string;
  subject_dn: string;
  thumbprint: string;
  is_CA: boolean;
  path_length_constraint: number;
  key_usage: string[];
  extended_key_usage: string[];
  subject_alternative_name: string[];
  authority_information_access_uri: string[];
  cert: string;
}

export interface CsrSpec {
  key_size?: number;
  common_name?: string;
  organization: string;
  organization_unit: string;
  locality: string;
  state_or_province: string;
  country: string;
  email_address: string;
  subject_alt_name?: string[];
}

const API = "/api/vcenter/certificate-management/vcenter";
const REST = "/rest/vcenter/certificate-management/vcenter";

export class CertificateManager {
  constructor(private readonly rest: RestClient) {}

  async tls(): Promise<TlsInfo> {
    return await this.rest.call<TlsInfo>({
      api: { method: "GET", path: `${API}/tls` },
      rest: { method: "GET", path: `${REST}/tls` },
    });
  }

  /** Generates a new key pair on vCenter and returns its CSR (PEM); the live certificate is unchanged. */
  async createCsr(spec: CsrSpec): Promise<string> {
    const info = await this.rest.call<{ csr: string }>({
      api: { method: "POST", path: `${API}/tls-csr`, body: spec },
      rest: { method: "POST", path: `${REST}/tls-csr`, body: { spec } },
    });
    return info?.csr ?? "";
  }

  /** Renews the VMCA-signed machine certificate for `durationDays` (vCenter's default when absent). */
  async renewTls(durationDays?: number): Promise<void> {
    const body = durationDays === undefined ? {} : { duration: durationDays };
    await this.rest.call({
      api: { method: "POST", path: `${API}/tls`, query: { action: "renew" }, body },
      rest: { method: "POST", path: `${REST}/tls`, query: { action: "renew" }, body },
    });
  }

  /** Replaces the machine certificate (third-party signed: with its private key and, if new, its root). */
  async replaceTls(spec: { cert: string; key?: string; root_cert?: string }): Promise<void> {
    await this.rest.call({
      api: { method: "PUT", path: `${API}/tls`, body: spec },
      rest: { method: "PUT", path: `${REST}/tls`, body: { spec } },
    });
  }

  async listTrustedRoots(): Promise<string[]> {
    const list = await this.rest.call<{ chain: string }[] | null>({
      api: { method: "GET", path: `${API}/trusted-root-chains` },
      rest: { method: "GET", path: `${REST}/trusted-root-chains` },
    });
    return (list ?? []).map((s) => s.chain);
  }

  /** The PEM certificates of one chain, leaf first. */
  async getTrustedRoot(chain: string): Promise<string[]> {
    const info = await this.rest.call<{ cert_chain: { cert_chain: string[] } }>({
      api: { method: "GET", path: `${API}/trusted-root-chains/${seg(chain)}` },
      rest: { method: "GET", path: `${REST}/trusted-root-chains/${seg(chain)}` },
    });
    return info?.cert_chain?.cert_chain ?? [];
  }

  /** Adds a chain of PEM certificates; returns the new chain id. */
  async addTrustedRoot(pems: string[]): Promise<string> {
    const spec = { cert_chain: { cert_chain: pems } };
    return await this.rest.call<string>({
      api: { method: "POST", path: `${API}/trusted-root-chains`, body: spec },
      rest: { method: "POST", path: `${REST}/trusted-root-chains`, body: { spec } },
    });
  }

  async removeTrustedRoot(chain: string): Promise<void> {
    await this.rest.call({
      api: { method: "DELETE", path: `${API}/trusted-root-chains/${seg(chain)}` },
      rest: { method: "DELETE", path: `${REST}/trusted-root-chains/${seg(chain)}` },
    });
  }
}
