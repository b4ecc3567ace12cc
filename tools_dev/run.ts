/**
 * `make run`: without VSPHERE_HOST, starts a local simulator; prints a ready MCP client configuration
 * that launches this checkout's server over stdio against it (or against $VSPHERE_HOST), then keeps the
 * simulator running until Ctrl-C.
 */
import { startVcsim, type Vcsim } from "../tests/helpers/vcsim.ts";

const root = new URL("../", import.meta.url).pathname;
let sim: Vcsim | undefined;
let envFile: string | undefined;

if (!Deno.env.get("VSPHERE_HOST")) {
  sim = await startVcsim({ model: { vm: 4, cluster: 2 } });
  envFile = `${root}.tools/dev.env`;
  const lines = Object.entries(sim.env()).map(([k, v]) => `${k}=${v}`);
  Deno.writeTextFileSync(envFile, lines.join("\n") + "\n", { mode: 0o600 });
  console.error(`Simulator: ${sim.url} (${sim.vms} VMs, TLS with test CA ${sim.caFile})`);
}

const args = ["run", "--allow-net", "--allow-env", "--allow-read", `${root}main.ts`];
if (envFile) args.push("--env-file", envFile);
const snippet = {
  mcpServers: {
    vsphere: {
      type: "stdio",
      command: Deno.execPath(),
      args,
      ...(envFile ? {} : {
        env: {
          VSPHERE_HOST: Deno.env.get("VSPHERE_HOST"),
          VSPHERE_USER: Deno.env.get("VSPHERE_USER") ?? "",
          VSPHERE_PASSWORD_FILE: Deno.env.get("VSPHERE_PASSWORD_FILE") ?? "/path/to/password-file",
        },
      }),
    },
  },
};
console.log("Add this to your MCP client configuration (e.g. .mcp.json for Claude Code):\n");
console.log(JSON.stringify(snippet, null, 2));
if (sim) {
  console.log("\nThe simulator keeps running until you press Ctrl-C.");
  const stop = async () => {
    await sim?.stop();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  await new Promise(() => {});
}
