/**
 * The usual tool-test set-up: a fresh simulator, an MCP client on the given toolsets, and a direct vSphere
 * client to read the real state back. `await using env = await simEnv([...])` tears all three down.
 */
import { VSphereClient } from "../../src/vsphere/client.ts";
import { connect, type Connected } from "./mcp.ts";
import { startVcsim, type Vcsim, type VcsimOptions } from "./vcsim.ts";

export interface SimEnv {
  sim: Vcsim;
  mcp: Connected;
  direct: VSphereClient;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function simEnv(toolsets: string[], options: VcsimOptions = {}): Promise<SimEnv> {
  const sim = await startVcsim(options);
  const mcp = await connect({ target: sim.target(), toolsets });
  const direct = new VSphereClient(sim.target());
  return {
    sim,
    mcp,
    direct,
    async [Symbol.asyncDispose]() {
      await direct.close();
      await mcp.close();
      await sim.stop();
    },
  };
}
