import assert from "node:assert/strict";
import { retrieveOne } from "../src/vsphere/objects/retrieve.ts";
import { resolveEntity } from "../src/vsphere/objects/resolve.ts";
import { VSphereClient } from "../src/vsphere/client.ts";
import { startVcsim, type Vcsim } from "./helpers/vcsim.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const RUN = ["run", "--allow-net", "--allow-env", "--allow-read", MAIN];

async function cli(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [...RUN, ...args],
    env: { VSPHERE_LANG: "en", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  };
}

async function powerState(sim: Vcsim, name: string) {
  const client = new VSphereClient(sim.target());
  try {
    const vm = await resolveEntity(client, "VirtualMachine", name);
    return (await retrieveOne(client, vm.ref, ["runtime.powerState"]))["runtime.powerState"];
  } finally {
    await client.close();
  }
}

Deno.test("main.ts tools list prints text, --json as tools/list emits it, and --markdown; flags narrow it", async () => {
  const text = await cli(["tools", "list"]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^vm_list\s+inventory\s+yes\s+low\s+List virtual machines$/m);
  assert.match(text.stdout, /tools exposed; tools\/list is about \d+ tokens/);
  const json = await cli(["tools", "list", "--json"]);
  const tools = JSON.parse(json.stdout) as { name: string; inputSchema: unknown; annotations: unknown }[];
  assert.ok(tools.some((t) => t.name === "vm_power" && t.inputSchema && t.annotations));
  const md = await cli(["tools", "list", "--markdown", "--read-only"]);
  assert.match(md.stdout, /\| `vm_list` \|/);
  assert.ok(!md.stdout.includes("vm_power"), "--read-only wins");
  const excluded = await cli(["tools", "list", "--json", "--toolsets", "all", "--exclude-tools", "vm_list"]);
  assert.ok(!(JSON.parse(excluded.stdout) as { name: string }[]).some((t) => t.name === "vm_list"));
  const added = await cli(["tools", "list", "--json", "--toolsets", "inventory", "--tools", "vm_power"]);
  const addedNames = (JSON.parse(added.stdout) as { name: string }[]).map((t) => t.name);
  assert.ok(addedNames.includes("vm_list") && addedNames.includes("vm_power"), addedNames.join(","));
  assert.ok(!addedNames.includes("vm_reconfigure"), "only the one extra tool of the vm toolset");
  const unknown = await cli(["tools", "list", "--toolsets", "inventory,bogus", "--tools", "nope"]);
  assert.equal(unknown.code, 0);
  assert.match(unknown.stderr, /Unknown toolsets or tools ignored: bogus, nope/);
  const ja = await cli(["tools", "list"], { VSPHERE_LANG: "ja" });
  assert.match(ja.stdout, /仮想マシン/);
});

Deno.test("main.ts tools describe shows schema, tier, privileges and aliases; an old name resolves", async () => {
  const out = await cli(["tools", "describe", "power_off_vm"]);
  assert.equal(out.code, 0, out.stderr);
  const tool = JSON.parse(out.stdout);
  assert.equal(tool.name, "vm_power");
  assert.equal(tool.tier, "medium");
  assert.ok(tool.privileges.includes("VirtualMachine.Interact.PowerOff"));
  assert.ok(tool.inputSchema.properties.confirmation_handle);
  const missing = await cli(["tools", "describe", "no_such_tool"]);
  assert.equal(missing.code, 2);
});

Deno.test("main.ts tools call goes through the chain: a change needs --yes, then happens for real", async () => {
  await using sim = await startVcsim();
  const list = await cli(["tools", "call", "vm_list", "--args", '{"limit":1}'], sim.env());
  assert.equal(list.code, 0, list.stderr);
  assert.equal(JSON.parse(list.stdout).vms.length, 1);
  const args = '{"vm":"DC0_H0_VM0","action":"off"}';
  const preview = await cli(["tools", "call", "vm_power", "--args", args], sim.env());
  assert.equal(preview.code, 3, "without --yes (and no terminal) nothing is applied");
  assert.match(preview.stderr, /confirmation_required/);
  assert.equal(await powerState(sim, "DC0_H0_VM0"), "poweredOn");
  const applied = await cli(["tools", "call", "vm_power", "--args", args, "--yes"], sim.env());
  assert.equal(applied.code, 0, applied.stderr);
  assert.equal(JSON.parse(applied.stdout).status, "done");
  assert.equal(await powerState(sim, "DC0_H0_VM0"), "poweredOff");
  const bad = await cli(["tools", "call", "vm_list", "--args", "[1]"], sim.env());
  assert.equal(bad.code, 2);
  const invalid = await cli(["tools", "call", "vm_list", "--args", '{"limit":"x"}'], sim.env());
  assert.equal(invalid.code, 2);
  assert.match(invalid.stderr, /Invalid arguments for vm_list/);
});

Deno.test("main.ts check prints the vCenter version, privileges and usable toolsets, or the TLS problem", async () => {
  await using sim = await startVcsim();
  const ok = await cli(["check"], sim.env());
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /Product: VMware vCenter Server .* version 6\.5\.0, build \d+/);
  assert.match(ok.stdout, /Login: OK as user/);
  assert.match(ok.stdout, /Privileges of .* on the root folder: \d+/);
  assert.match(ok.stdout, /^ {2}inventory\s+usable$/m);
  const { VSPHERE_CA_FILE: _, ...untrusted } = sim.env();
  const tls = await cli(["check"], untrusted);
  assert.equal(tls.code, 1);
  assert.match(tls.stdout, /certificate is not trusted/);
  assert.match(tls.stdout, /VSPHERE_CA_FILE/);
  const none = await cli(["check"]);
  assert.equal(none.code, 1);
  assert.match(none.stdout, /No vCenter is configured/);
});

Deno.test("main.ts --transport http refuses a non-loopback address without authentication", async () => {
  const out = await cli(["--transport", "http", "--host", "0.0.0.0", "--port", "0"]);
  assert.equal(out.code, 2);
  assert.match(out.stderr, /Refusing to listen on 0\.0\.0\.0/);
});
