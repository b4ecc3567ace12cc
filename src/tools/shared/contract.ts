/**
 * A request a tool sends that the simulator cannot check (it lacks the method or is lenient): the WSDL
 * contract tests encode each case with the client's encoder and validate it against VMware's schema.
 * Cases are built by the same request functions the tools call, so they cannot drift from the tools.
 */
import type { MoRef, VimValue } from "../../vsphere/soap/types.ts";

export interface ContractCase {
  /** What the case shows, e.g. "host_power reboot, forced". */
  name: string;
  method: string;
  this: MoRef;
  args: Record<string, VimValue | undefined>;
}
